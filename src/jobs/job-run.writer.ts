import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TransactionService } from '../database/transaction.service';
import { COALESCE_PREFIX } from './job-catalogue';
import { JobRun } from './job-run.entity';
import type { QueueOutcome } from './job-outcome';

/** The columns a completed run sets, in this order (one multi-row statement for every completion of a flush). */
const COMPLETION = [
  ['status', 'varchar'],
  ['progress', 'int'],
  ['finishedAt', 'timestamp'],
  ['error', 'text'],
  ['result', 'text'],
  ['contentHash', 'varchar'],
  ['dataAsOf', 'timestamp'],
  ['artifactPath', 'varchar'],
  ['artifactName', 'varchar'],
  ['artifactType', 'varchar'],
  ['artifactBytes', 'int'],
  ['startedAt', 'timestamp'],
  ['attempts', 'int'],
] as const satisfies readonly (readonly [keyof JobRun, string])[];

/** What a run's end writes: also when and which attempt started, so a start still waiting in the same flush is dropped. */
export type Completion = Pick<JobRun, (typeof COMPLETION)[number][0] | 'startedAt' | 'attempts'>;

/**
 * A run not finished for good may (still) run: the same test the executor makes before it starts one. Starts and
 * completions write only such rows, so a run answered 503 (its queue call failed, though Redis may have taken it)
 * stays failed, and a duplicate delivery does not overwrite a completed run.
 */
const RUNNABLE = `NOT (status = 'completed' OR (status = 'failed' AND finished_at IS NOT NULL))`;
const qualified = (condition: string) => condition.replace(/status|finished_at/g, (c) => `job_run.${c}`);

type Op =
  | { type: 'start'; id: string; attempt: number; at: Date; tries?: number }
  | { type: 'complete'; id: string; changes: Completion; tries?: number }
  | { type: 'update'; id: string; changes: Partial<JobRun> };

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
/** Rows one SQLite UPDATE … FROM (VALUES …) writes (14 parameters a completion; SQLite allows 32 766). */
const SQLITE_ROWS = 500;

interface Pending {
  op: Op;
  /** Nobody waits for it: it may wait for a fuller flush. */
  behind: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The job_run row's writes, coalesced: runs enqueued side by side are inserted by one multi-row INSERT; the
 * worker's writes (started, progress, completed, failed) wait at most one flush and every flush writes all that
 * arrived meanwhile, in arrival order, in one transaction on SQLite and a few statements on PostgreSQL. Each caller's
 * promise settles once its own write is in the database, so nothing is acknowledged before it is stored.
 */
@Injectable()
export class JobRunWriter {
  private readonly logger = new Logger('Jobs');
  /** better-sqlite3: every statement runs synchronously on this event loop, one transaction at a time. */
  readonly sqlite: boolean;
  private ops: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private writing = 0;
  private timer: NodeJS.Timeout | null = null;
  /** A write someone waits for is among `ops`: the next flush goes on the next turn of the event loop. */
  private urgent = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
  ) {
    this.sqlite = transactions.isSqlite;
  }

  private value(property: keyof JobRun, value: unknown): unknown {
    const metadata = this.dataSource.getMetadata(JobRun);
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`job_run has no column for ${property}`);
    return this.dataSource.driver.preparePersistentValue(value, column);
  }

  private column(property: keyof JobRun): string {
    const column = this.dataSource.getMetadata(JobRun).findColumnWithPropertyName(property);
    if (!column) throw new Error(`job_run has no column for ${property}`);
    return this.dataSource.driver.escape(column.databaseName);
  }

  private placeholder(index: number): string {
    return this.sqlite ? '?' : `$${index}`;
  }

  /** One statement on PostgreSQL (autocommit); on SQLite its turn in the write queue, like every write. */
  private write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.sqlite ? this.transactions.run(work) : work(this.dataSource.manager);
  }

  /**
   * A flush: one transaction (SQLite: in the write queue), committed durably like every other write: a completion the
   * queue has been told about is on disk, so no run can be left "running" by a crash of the database server.
   */
  private flushTransaction(work: (manager: EntityManager) => Promise<void>): Promise<void> {
    if (this.sqlite) return this.transactions.run(work);
    return this.dataSource.transaction(work);
  }

  /** All rows in one INSERT (throws, writing none, if any of them is refused, e.g. a taken dedupe key). */
  async insert(runs: JobRun[]): Promise<void> {
    if (!runs.length) return;
    const columns = this.dataSource.getMetadata(JobRun).columns;
    const params: unknown[] = [];
    const rows = runs.map(
      (run) =>
        `(${columns
          .map((column) => {
            params.push(this.dataSource.driver.preparePersistentValue(column.getEntityValue(run), column));
            return this.placeholder(params.length);
          })
          .join(', ')})`,
    );
    const names = columns.map((c) => this.dataSource.driver.escape(c.databaseName)).join(', ');
    await this.write((manager) => manager.query(`INSERT INTO job_run (${names}) VALUES ${rows.join(', ')}`, params));
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
    return this.write(async (manager) => {
      const p = (n: number) => this.placeholder(n);
      await manager.query(
        `UPDATE job_run SET status = 'failed', error = ${p(1)}, ${this.column('finishedAt')} = ${p(2)}, attempts = ${p(3)}, ` +
          `${this.clearCoalescing()} WHERE id = ${p(4)} AND ${RUNNABLE}`,
        [outcome.error.slice(0, 4000), this.value('finishedAt', outcome.finishedAt), outcome.attempts, id],
      );
    });
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
      const matched = new Set<string>();
      const steps = this.plan(batch, matched);
      // One statement is atomic by itself: no BEGIN and COMMIT round trips around it on PostgreSQL.
      if (steps.length === 1 && !this.sqlite) await steps[0](this.dataSource.manager);
      else if (steps.length) {
        await this.flushTransaction(async (manager) => {
          for (const step of steps) await step(manager);
        });
      }
      this.retryUnmatched(batch, matched);
      batch.forEach((p) => p.resolve());
    } catch (error) {
      this.logger.warn(`writing ${batch.length} job run change(s) failed: ${(error as Error).message}`);
      batch.forEach((p) => p.reject(error));
    } finally {
      this.writing = 0;
    }
  }

  /**
   * Each run's writes in arrival order; across runs, order does not matter, so the n-th write of every run goes in
   * one round (starts in one statement, completions in another). A start followed by its run's completion in the same
   * flush is dropped: the completion writes everything the start would.
   */
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

  private plan(batch: Pending[], matched: Set<string>): ((manager: EntityManager) => Promise<unknown>)[] {
    const completed = new Set(batch.filter((p) => p.op.type === 'complete').map((p) => p.op.id));
    const rounds: Op[][] = [];
    const seen = new Map<string, number>();
    for (const { op } of batch) {
      if (op.type === 'start' && completed.has(op.id) && this.completesLater(batch, op)) continue;
      const round = seen.get(op.id) ?? 0;
      seen.set(op.id, round + 1);
      (rounds[round] ??= []).push(op);
    }
    const steps: ((manager: EntityManager) => Promise<unknown>)[] = [];
    for (const ops of rounds) {
      const of = <T extends Op['type']>(type: T) => ops.filter((op): op is Extract<Op, { type: T }> => op.type === type);
      const [starts, completions] = [of('start'), of('complete')];
      const record = (ids: string[]) => ids.forEach((id) => matched.add(id));
      if (starts.length) steps.push(async (manager) => record(await this.starts(manager, starts)));
      if (completions.length) steps.push(async (manager) => record(await this.completions(manager, completions)));
      for (const op of of('update')) steps.push((manager) => manager.getRepository(JobRun).update({ id: op.id }, op.changes));
    }
    return steps;
  }

  private completesLater(batch: Pending[], start: Op): boolean {
    const at = batch.findIndex((p) => p.op === start);
    return batch.slice(at + 1).some((p) => p.op.type === 'complete' && p.op.id === start.id);
  }

  /** A coalescing key only merges requests while the run waits; once it runs, new requests get a new run. */
  private clearCoalescing(): string {
    const key = this.column('dedupeKey');
    return `${key} = CASE WHEN substr(${key}, 1, ${COALESCE_PREFIX.length}) = '${COALESCE_PREFIX}' THEN NULL ELSE ${key} END`;
  }

  /** The ids of the rows an UPDATE … RETURNING id changed (TypeORM answers [rows, count] on PostgreSQL, rows on SQLite). */
  private returned(answer: unknown): string[] {
    const rows = (Array.isArray(answer) && Array.isArray(answer[0]) ? answer[0] : answer) as { id: string }[];
    return Array.isArray(rows) ? rows.map((row) => row.id) : [];
  }

  /**
   * SQLite: one UPDATE … FROM (VALUES …) for many rows (the values' last column is the id; SQLite names them
   * column1, column2 …), SQLITE_ROWS rows a statement. Returns the ids of the rows it changed.
   */
  private async sqliteRows(manager: EntityManager, set: (p: (n: number) => string) => string, rows: unknown[][]): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += SQLITE_ROWS) {
      const chunk = rows.slice(i, i + SQLITE_ROWS);
      const width = chunk[0].length;
      const values = chunk.map(() => `(${Array(width).fill('?').join(', ')})`).join(', ');
      const answer: unknown = await manager.query(
        `UPDATE job_run SET ${set((n) => `v.column${n}`)} FROM (VALUES ${values}) AS v ` +
          `WHERE job_run.id = v.column${width} AND ${qualified(RUNNABLE)} RETURNING job_run.id`,
        chunk.flat(),
      );
      ids.push(...this.returned(answer));
    }
    return ids;
  }

  /** Returns the ids of the rows it changed. */
  private async starts(manager: EntityManager, ops: Extract<Op, { type: 'start' }>[]): Promise<string[]> {
    const set = (p: (n: number) => string) =>
      `status = 'running', ${this.column('startedAt')} = ${p(1)}, attempts = ${p(2)}, progress = 0, ${this.clearCoalescing()}`;
    if (this.sqlite)
      return this.sqliteRows(
        manager,
        set,
        ops.map((op) => [this.value('startedAt', op.at), op.attempt, op.id]),
      );
    return this.returned(
      await manager.query(
        `UPDATE job_run SET ${set((n) => `v.c${n}`)} FROM unnest($1::timestamp[], $2::int[], $3::varchar[]) AS v(c1, c2, id) ` +
          `WHERE job_run.id = v.id AND ${qualified(RUNNABLE)} RETURNING job_run.id`,
        [ops.map((op) => this.value('startedAt', op.at)), ops.map((op) => op.attempt), ops.map((op) => op.id)],
      ),
    );
  }

  /** Returns the ids of the rows it changed. */
  private async completions(manager: EntityManager, ops: Extract<Op, { type: 'complete' }>[]): Promise<string[]> {
    const set = (p: (n: number) => string) =>
      [...COMPLETION.map(([property], n) => `${this.column(property)} = ${p(n + 1)}`), this.clearCoalescing()].join(', ');
    if (this.sqlite) {
      const rows = ops.map((op) => [...COMPLETION.map(([property]) => this.value(property, op.changes[property])), op.id]);
      return this.sqliteRows(manager, set, rows);
    }
    const arrays = COMPLETION.map(([property]) => ops.map((op) => this.value(property, op.changes[property])));
    const types = COMPLETION.map(([, type], n) => `$${n + 1}::${type}[]`).join(', ');
    const names = COMPLETION.map((_, n) => `c${n + 1}`).join(', ');
    return this.returned(
      await manager.query(
        `UPDATE job_run SET ${set((n) => `v.c${n}`)} FROM unnest(${types}, $${COMPLETION.length + 1}::varchar[]) AS v(${names}, id) ` +
          `WHERE job_run.id = v.id AND ${qualified(RUNNABLE)} RETURNING job_run.id`,
        [...arrays, ops.map((op) => op.id)],
      ),
    );
  }
}
