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

  @Column({ type: 'integer', nullable: true })
  createdById!: number | null;

  @CreateDateColumn()
  createdAt!: Date;
}
