import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { centsTransformer } from '../database/money';
import { Project } from '../projects/project.entity';

export const DISBURSEMENT_KINDS = ['disbursement', 'reversal', 'repayment'] as const;
export type DisbursementKind = (typeof DISBURSEMENT_KINDS)[number];

/**
 * A drawdown of committed funds (Mittelabruf), a reversal (Storno) of one, or
 * a repayment (Rückzahlung) by the municipality. Reversals and repayments are
 * rows of their own with negative amounts, so SUM(amount_cents) is always the
 * net disbursement and no row is ever updated or deleted.
 */
@Entity('disbursement')
/** The funding roll-up's sums per budget year, grouped in the order of this index from it alone (no sort, no table row). */
@Index('IDX_disbursement_budget_year', ['budgetYear', 'kind', 'amountCents', 'projectId'])
/** Each project's ledger sums (the roll-ups' per-project pass) from this index alone; also the foreign key's index. */
@Index('IDX_disbursement_project_ledger', ['projectId', 'kind', 'date', 'amountCents', 'budgetYear'])
export class Disbursement {
  @PrimaryGeneratedColumn()
  id!: number;

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

  @Column({ type: 'varchar', length: 20, default: 'disbursement' })
  kind!: DisbursementKind;

  /** For a reversal: the disbursement it reverses. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  reversalOfId!: number | null;

  /** Why the reversal or repayment was recorded (required for them, null for disbursements). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason!: string | null;

  @CreateDateColumn()
  createdAt!: Date;
}
