import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Project } from '../projects/project.entity';
import type { ReportType } from '../reports/report.entity';

export const OBLIGATION_STATES = ['open', 'submitted', 'accepted', 'waived'] as const;
export type ObligationState = (typeof OBLIGATION_STATES)[number];

/**
 * One report a project owes: a periodic progress report or a proof of use,
 * with its legal due date and the working-day date it is actually due on.
 * Kept in step with the commitments, the project's status, the reports and
 * the calendar settings by ObligationsService.
 */
@Entity('reporting_obligation')
@Index(['projectId', 'type', 'period'], { unique: true })
/** The progress roll-up's due and overdue counts per project from the index alone (no table row read). */
@Index('IDX_reporting_obligation_due', ['projectId', 'state', 'dueDate', 'type', 'period'])
export class ReportingObligation {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  projectId!: number;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Column({ type: 'varchar', length: 20 })
  type!: ReportType;

  @Column({ type: 'varchar', length: 20 })
  period!: string;

  @Column({ type: 'date' })
  legalDueDate!: string;

  @Index()
  @Column({ type: 'date' })
  dueDate!: string;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  state!: ObligationState;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  waivedReason!: string | null;

  @Column({ type: 'integer', nullable: true })
  waivedById!: number | null;

  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}
