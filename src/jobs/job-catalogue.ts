/**
 * Every kind of job, with its parameters, in one place. API and worker import
 * the same catalogue; JobHandlerRegistry checks at start-up that each kind has
 * exactly one handler.
 */
export const ROLLUP_KINDS = ['funding', 'progress', 'strategy'] as const;
export type RollupKind = (typeof ROLLUP_KINDS)[number];
export const ROLLUP_GROUPS = ['round', 'category', 'state', 'budgetYear', 'fieldOfAction', 'quality', 'guideline'] as const;
export type RollupGroup = (typeof ROLLUP_GROUPS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const CSV_DIALECTS = ['excel-de', 'rfc4180'] as const;
export type CsvDialect = (typeof CSV_DIALECTS)[number];
/** What one row of an export is: a project (the default) or a commitment/disbursement. */
export const EXPORT_ROWS = ['projects', 'transactions'] as const;
export type ExportRows = (typeof EXPORT_ROWS)[number];

export interface JobCatalogue {
  /** Funding, progress or strategy roll-up over the whole portfolio; writes a snapshot. groupBy (default round) only orders the result. */
  rollup: { kind: RollupKind; groupBy?: RollupGroup };
  /** Funding summary export; scopeBodyId restricts it to one body's projects (municipality exports). */
  export: {
    format: ExportFormat;
    round?: number;
    state?: string;
    category?: string;
    csvDialect?: CsvDialect;
    rows?: ExportRows;
    scopeBodyId: number | null;
  };
  /** Records a notification per report due within 14 days or overdue. */
  reminders: { asOf?: string };
  /** Deletes export files older than EXPORT_RETENTION_DAYS; their runs become `expired` (download: 410). */
  retention: { olderThanDays?: number };
  /** Bulk import of a stored upload (ARTIFACTS_DIR/imports/…), all rows or none, as the officer who sent it. */
  import: { kind: 'commitments' | 'disbursements' | 'reversals' | 'repayments'; file: string; fileName: string; userId: number };
  /** Rebuilds the open-data files (360Giving, DCAT-AP.de catalogue, public CSVs) in ARTIFACTS_DIR/open-data. */
  opendata: Record<string, never>;
  /** Does nothing: measures the queue's own overhead (benchmarks, health). */
  noop: { sleepMs?: number };
}

export type JobKind = keyof JobCatalogue;

/** Dedupe keys with this prefix merge identical waiting requests and are dropped when the run starts. */
export const COALESCE_PREFIX = 'coalesce:';
/** Every kind: a kind added to JobCatalogue and missing here (or listed here and not there) does not compile. */
export const JOB_KINDS = Object.keys({
  noop: true,
  rollup: true,
  export: true,
  reminders: true,
  retention: true,
  opendata: true,
  import: true,
} satisfies Record<JobKind, true>) as JobKind[];

/** Bad parameters, a missing row: retrying cannot help. The run fails at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export interface JobArtifact {
  path: string;
  name: string;
  contentType: string;
  bytes: number;
}

export interface JobOutcome {
  result?: unknown;
  contentHash?: string;
  dataAsOf?: Date;
  artifact?: JobArtifact;
}

export interface JobContext<K extends JobKind> {
  runId: string;
  params: JobCatalogue[K];
  attempt: number;
  /** Reports progress 0..100; written to the run row at most a few times a second. */
  progress(percent: number): Promise<void>;
}

export interface JobHandler<K extends JobKind = JobKind> {
  readonly kind: K;
  run(context: JobContext<K>): Promise<JobOutcome>;
}
