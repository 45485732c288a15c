import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { centsTransformer } from '../database/money';
import { Project, type ProjectPhase } from '../projects/project.entity';

export const COMMITMENT_KINDS = ['commitment', 'reversal'] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];

/**
 * A grant commitment (Zuwendungsbescheid) for one phase of a project, or a
 * reversal (Storno) of one: a row of its own with a negative amount that
 * points at the original, so SUM(amount_cents) is always the net commitment
 * and no row is ever updated or deleted.
 */
@Entity('commitment')
export class Commitment {
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

  @Column({ type: 'varchar', length: 1 })
  phase!: ProjectPhase;

  @Column({ type: 'integer' })
  budgetYear!: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  /** The source's own key for this entry (a bank booking number), set by bulk imports: one entry per key. */
  @Index('IDX_commitment_external_ref', { unique: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  externalRef!: string | null;

  @Column({ type: 'integer', nullable: true })
  createdById!: number | null;

  @Column({ type: 'varchar', length: 20, default: 'commitment' })
  kind!: CommitmentKind;

  /** For a reversal: the commitment it reverses. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  reversalOfId!: number | null;

  /** Why the reversal was recorded (required for reversals, null for commitments). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason!: string | null;

  @CreateDateColumn()
  createdAt!: Date;
}
