import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { centsTransformer } from '../database/money';
import { Project } from '../projects/project.entity';

/** A drawdown of committed funds (Mittelabruf). */
@Entity('disbursement')
export class Disbursement {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  projectId!: number;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Column({ type: 'bigint', transformer: centsTransformer })
  amountCents!: number;

  @Index()
  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'integer' })
  budgetYear!: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  /** The source's own key for this entry (a bank booking number), set by bulk imports: one entry per key. */
  @Index('IDX_disbursement_external_ref', { unique: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  externalRef!: string | null;

  @Column({ type: 'integer', nullable: true })
  createdById!: number | null;

  @CreateDateColumn()
  createdAt!: Date;
}
