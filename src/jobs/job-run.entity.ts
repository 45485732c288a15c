import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** expired: an export whose file the retention job deleted (its download answers 410). */
export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'expired'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * One row per requested job. Clients poll this row, never Redis: it is the
 * record of what was asked, by whom, how far it got, and what it produced.
 */
@Entity('job_run')
export class JobRun {
  /** A UUID: also the BullMQ job id (no ':' and not all digits, as BullMQ requires). */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  /** The validated parameters, as JSON. */
  @Column({ type: 'text' })
  params!: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  status!: JobStatus;

  @Column({ type: 'integer', default: 0 })
  progress!: number;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Same key, same run: `Idempotency-Key` per caller, or a key derived from the input for scheduled jobs. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupeKey!: string | null;

  @Index()
  @Column({ type: 'integer', nullable: true })
  requestedById!: number | null;

  /** For a municipality's export: the body whose projects it covers. Null: the whole portfolio. */
  @Column({ type: 'integer', nullable: true })
  scopeBodyId!: number | null;

  @Column({ type: 'text', nullable: true })
  result!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The moment the source rows were read. */
  @Column({ type: Date, nullable: true })
  dataAsOf!: Date | null;

  /** SHA-256 of the result or the artifact's bytes. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  contentHash!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  artifactPath!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  artifactName!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  artifactType!: string | null;

  @Column({ type: 'integer', nullable: true })
  artifactBytes!: number | null;

  @Index()
  @CreateDateColumn()
  createdAt!: Date;

  @Column({ type: Date, nullable: true })
  startedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  finishedAt!: Date | null;
}

/** A new run as enqueueing stores it: waiting, nothing run, nothing produced; the given fields set. */
export function waitingRun(
  fields: Pick<JobRun, 'id' | 'kind' | 'params' | 'dedupeKey' | 'requestedById' | 'scopeBodyId' | 'createdAt'>,
): JobRun {
  return Object.assign(new JobRun(), {
    status: 'queued',
    progress: 0,
    attempts: 0,
    result: null,
    error: null,
    dataAsOf: null,
    contentHash: null,
    artifactPath: null,
    artifactName: null,
    artifactType: null,
    artifactBytes: null,
    startedAt: null,
    finishedAt: null,
    ...fields,
  });
}
