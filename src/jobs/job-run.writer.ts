import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TransactionService } from '../database/transaction.service';
import type { JobRun } from './job-run.entity';
import type { QueueOutcome } from './job-outcome';
import { type Completion, type JobRunOp as Op, JobRunStatements } from './job-run.statements';

export type { Completion } from './job-run.statements';

/** Completions written behind (nobody waits for them) wait up to this long for company, or until this many wait. */
const BEHIND_MS = 10;
const BEHIND_BATCH = 500;
/**
 * A start or completion written behind that found no row it may change is tried again this often, this far apart: on
 * BullMQ a run's INSERT and its queue call go out together, so its worker may write before the INSERT has committed.
 * (A row already finished, a duplicate delivery, also matches nothing: it costs the retries and changes nothing.)
 */
const UNMATCHED_TRIES = 40;
const UNMATCHED_DELAY_MS = 50;

interface Pending {
  op: Op;
  /** Nobody waits for it: it may wait for a fuller flush. */
  behind: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The job_run row's writes, coalesced: runs enqueued side by side are inserted together; the
 * worker's writes (started, progress, completed, failed) wait at most one flush and every flush writes all that
 * arrived meanwhile, in arrival order, in one transaction on SQLite and a few statements on PostgreSQL. Each caller's
 * promise settles once its own write is in the database, so nothing is acknowledged before it is stored.
 */
@Injectable()
export class JobRunWriter {
  private readonly logger = new Logger('Jobs');
  private ops: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private writing = 0;
  private timer: NodeJS.Timeout | null = null;
  /** A write someone waits for is among `ops`: the next flush goes on the next turn of the event loop. */
  private urgent = false;

  private statementsOnce: JobRunStatements | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
  ) {}

  /** How the rows are written (made on first use: the data source's metadata is complete by then). */
  private get statements(): JobRunStatements {
    return (this.statementsOnce ??= new JobRunStatements(this.dataSource, this.transactions));
  }

  /** All rows in one go (throws, writing none, if any of them is refused, e.g. a taken dedupe key). */
  async insert(runs: JobRun[]): Promise<void> {
    if (runs.length) await this.statements.insert(runs);
  }

  /** Running, attempt n; a coalescing key stops merging requests once the run runs. */
  start(id: string, attempt: number, at: Date, options: { behind?: boolean } = {}): Promise<void> {
    return this.enqueue({ type: 'start', id, attempt, at }, options.behind ?? false);
  }

  /** `behind`: the caller does not wait for it (the queue keeps the completion), so it may wait for a fuller flush. */
  complete(id: string, changes: Completion, options: { behind?: boolean } = {}): Promise<void> {
    return this.enqueue({ type: 'complete', id, changes }, options.behind ?? false);
  }

  update(id: string, changes: Partial<JobRun>): Promise<void> {
    return this.enqueue({ type: 'update', id, changes });
  }

  /** Writes handed in and not yet stored (waiting for a flush, or in the one being written). */
  get pending(): number {
    return this.ops.length + this.writing;
  }

  /**
   * A run whose end the queue knows and its row does not (a completion written behind that never reached the
   * database, or a job BullMQ failed for good by itself, e.g. stalled too often): written like any end, only
   * onto a row that may still run, so a row that is already finished keeps what it says.
   */
  repair(id: string, outcome: QueueOutcome): Promise<void> {
    if (outcome.status === 'completed') return this.complete(id, outcome.completion);
    return this.statements.failed(id, outcome.error, outcome.finishedAt, outcome.attempts);
  }

  /** Resolves once every write handed in so far is stored (before the database closes). */
  async drain(): Promise<void> {
    while (this.flushing || this.ops.length) await (this.flushing ?? this.begin(Promise.resolve()));
  }

  private enqueue(op: Op, behind = false): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.ops.push({ op, behind, resolve, reject });
      if (!behind) this.urgent = true;
      this.schedule();
    });
  }

  /** One flush at a time; the next takes everything that arrived meanwhile. */
  private schedule(): void {
    if (this.flushing || !this.ops.length) return;
    if (this.urgent || this.ops.length >= BEHIND_BATCH) {
      this.begin(new Promise<void>((go) => setImmediate(go)));
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        if (!this.flushing) this.begin(Promise.resolve());
      }, BEHIND_MS);
    }
  }

  /** The flush after `turn`; `flushing` is cleared only after it has been set (the flush may settle at once). */
  private begin(turn: Promise<void>): Promise<void> {
    const flush: Promise<void> = turn
      .then(() => this.flush())
      .finally(() => {
        if (this.flushing === flush) this.flushing = null;
        this.schedule();
      });
    this.flushing = flush;
    return flush;
  }

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.ops;
    this.ops = [];
    this.urgent = false;
    this.writing = batch.length;
    try {
      const folded = this.folded(batch);
      const matched = await this.statements.write(batch.map((p) => p.op).filter((op) => !folded.has(op)));
      this.retryUnmatched(batch, matched);
      batch.forEach((p) => p.resolve());
    } catch (error) {
      this.logger.warn(`writing ${batch.length} job run change(s) failed: ${(error as Error).message}`);
      batch.forEach((p) => p.reject(error));
    } finally {
      this.writing = 0;
    }
  }

  /** The starts of a batch whose run's completion comes later in the same batch: the completion writes what they would. */
  private folded(batch: Pending[]): Set<Op> {
    const folded = new Set<Op>();
    const completing = new Set<string>();
    for (let i = batch.length - 1; i >= 0; i--) {
      const { op } = batch[i];
      if (op.type === 'complete') completing.add(op.id);
      else if (op.type === 'start' && completing.has(op.id)) folded.add(op);
    }
    return folded;
  }

  /** Starts and completions written behind whose row was not there (yet): handed in again a little later. */
  private retryUnmatched(batch: Pending[], matched: Set<string>): void {
    const completing = new Set(batch.filter((p) => p.op.type === 'complete').map((p) => p.op.id));
    const missed: Op[] = [];
    for (const { op, behind } of batch) {
      if (!behind || matched.has(op.id) || op.type === 'update') continue;
      if (op.type === 'start' && completing.has(op.id)) continue; // its completion writes what it would
      if ((op.tries ?? 0) < UNMATCHED_TRIES) missed.push({ ...op, tries: (op.tries ?? 0) + 1 });
    }
    if (!missed.length) return;
    setTimeout(() => {
      for (const op of missed) this.enqueue(op, true).catch(() => undefined /* logged by flush */);
    }, UNMATCHED_DELAY_MS).unref();
  }
}
