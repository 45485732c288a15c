import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RollupKind } from '../jobs/job-catalogue';

/**
 * The result of one roll-up run, kept so snapshots can be listed and compared.
 * A retried run replaces its own snapshot (unique per job run); it never adds.
 */
@Entity('rollup_snapshot')
export class RollupSnapshot {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 36 })
  jobRunId!: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  kind!: RollupKind;

  @Column({ type: Date })
  dataAsOf!: Date;

  @Column({ type: Date })
  createdAt!: Date;

  /** JSON: totals and the groups (round, category, state, budget year, project health). */
  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'varchar', length: 64 })
  contentHash!: string;
}
