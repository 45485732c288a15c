import type { JobDriver } from './job-driver';
import type { JobRun } from './job-run.entity';
import type { JobRunWriter } from './job-run.writer';
import { serviceUnavailable } from '../operations/operations.errors';
import { unavailableDependency } from '../operations/unavailable';

/** The most runs one INSERT and one queue call take (PostgreSQL allows 65 535 parameters; a row has 20). */
const MAX_BATCH = 500;

/**
 * One burst is stored at a time, on both databases: the requests arriving meanwhile wait for the next, so each burst
 * is as large as the callers in flight allow. On SQLite the statements run one after another on this event loop
 * (better-sqlite3 is synchronous), so a second burst in flight stores nothing sooner. On PostgreSQL several bursts in
 * flight (there were four) only split the same waiting callers into more, smaller statements and queue calls: one at a
 * time took 10 000 no-op jobs through in 3.3–3.5 s against 4.0 s with four (docs/benchmarks.md).
 */
interface Ticket {
  run: JobRun;
  /** With the run that holds the request: its own (stored and queued), or the run of its burst that took its key. */
  resolve: (holder: JobRun) => void;
  reject: (error: unknown) => void;
}

/**
 * Admits new runs in bursts: requests arriving while the previous burst is being stored wait for the next one, and
 * each burst costs one queue check, one INSERT (SQLite: one transaction) and one queue call (BullMQ addBulk), however many runs it
 * holds. A request is answered only after its own row is committed and its run queued: a client that got 202 can
 * always read its run, and a crash before that leaves either nothing or a queued row that the start-up recovery
 * hands to the queue again. A burst the queue refuses writes nothing (the check comes before the INSERT).
 *
 * Requests with the same dedupe key always go in the same burst (one of them is inserted, the others answer with it).
 */
export class JobAdmission {
  private waiting: Ticket[] = [];
  /** A burst is being stored. */
  private storing = false;
  private scheduled = false;

  constructor(
    private readonly writer: JobRunWriter,
    private readonly driver: JobDriver,
  ) {}

  /**
   * Resolves with the run that answers the request once it is stored and queued: the run itself, or the run of the
   * same burst that took its dedupe key (so the caller need not read it back, when a coalescing key may already have
   * been released by the run starting).
   */
  admit(run: JobRun): Promise<JobRun> {
    return new Promise<JobRun>((resolve, reject) => {
      this.waiting.push({ run, resolve, reject });
      this.schedule();
    });
  }

  /** Starts the next burst with what waits on the next turn of the event loop (requests of the same moment go together). */
  private schedule(): void {
    if (this.scheduled || this.storing || !this.waiting.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.storing && this.waiting.length) void this.run(this.take(MAX_BATCH));
    });
  }

  /** The first `size` waiting requests, and every other waiting request with a dedupe key among theirs. */
  private take(size: number): Ticket[] {
    const batch = this.waiting.splice(0, size);
    const keys = new Set(batch.map((t) => t.run.dedupeKey).filter((key) => key !== null));
    if (keys.size && this.waiting.some((t) => t.run.dedupeKey !== null && keys.has(t.run.dedupeKey))) {
      const [same, rest] = [[] as Ticket[], [] as Ticket[]];
      for (const t of this.waiting) (t.run.dedupeKey !== null && keys.has(t.run.dedupeKey) ? same : rest).push(t);
      batch.push(...same);
      this.waiting = rest;
    }
    return batch;
  }

  private async run(batch: Ticket[]): Promise<void> {
    this.storing = true;
    try {
      await this.store(batch);
    } finally {
      this.storing = false;
      this.schedule();
    }
  }

  private async store(batch: Ticket[]): Promise<void> {
    try {
      await this.driver.assertAvailable();
    } catch (error) {
      batch.forEach((t) => t.reject(error));
      this.turnAway(error);
      return;
    }
    // Identical keys within one burst: the first is inserted, the others settle as it does (its run, or its error).
    const holders = new Map<string, Ticket>();
    const first: Ticket[] = [];
    for (const ticket of batch) {
      const key = ticket.run.dedupeKey;
      const holder = key === null ? undefined : holders.get(key);
      if (holder) {
        const [resolve, reject] = [holder.resolve, holder.reject];
        holder.resolve = (run) => (resolve(run), ticket.resolve(run));
        holder.reject = (error) => (reject(error), ticket.reject(error));
        continue;
      }
      if (key !== null) holders.set(key, ticket);
      first.push(ticket);
    }
    const keyed = first.filter((t) => t.run.dedupeKey !== null);
    const free = first.filter((t) => t.run.dedupeKey === null);
    await Promise.all([
      (async () => this.dispatch(await this.insert(keyed)))(),
      this.driver.name === 'bullmq' ? this.together(free) : (async () => this.dispatch(await this.insert(free)))(),
    ]);
  }

  /**
   * Runs without a dedupe key on BullMQ: INSERT and queue call at once (nothing can refuse such a row but the database
   * itself, and each answers only when both are done). The worker may then write before the INSERT has committed
   * (JobRunWriter tries such writes again). If the INSERT fails, the jobs are taken out of the queue again; one a
   * worker already took runs and writes nothing, as its run has no row.
   */
  private async together(tickets: Ticket[]): Promise<void> {
    if (!tickets.length) return;
    const runs = tickets.map((t) => t.run);
    const [inserted, queued] = await Promise.allSettled([
      this.writer.insert(runs),
      this.driver.dispatch(runs.map((run) => ({ id: run.id, kind: run.kind, params: run.params }))),
    ]);
    if (inserted.status === 'rejected') {
      if (queued.status === 'fulfilled') await this.driver.withdraw(runs.map((run) => run.id));
      tickets.forEach((t) => t.reject(inserted.reason));
    } else if (queued.status === 'rejected') {
      await this.refused(tickets, queued.reason);
    } else tickets.forEach((t) => t.resolve(t.run));
  }

  /** One INSERT for all; if it is refused (a key already taken), each on its own, so only the refused one fails. */
  private async insert(tickets: Ticket[]): Promise<Ticket[]> {
    try {
      await this.writer.insert(tickets.map((t) => t.run));
      return tickets;
    } catch (error) {
      if (tickets.length === 1) {
        tickets[0].reject(error);
        return [];
      }
    }
    const stored: Ticket[] = [];
    for (const ticket of tickets) {
      try {
        await this.writer.insert([ticket.run]);
        stored.push(ticket);
      } catch (error) {
        ticket.reject(error);
      }
    }
    return stored;
  }

  private async dispatch(tickets: Ticket[]): Promise<void> {
    if (!tickets.length) return;
    try {
      await this.driver.dispatch(tickets.map(({ run }) => ({ id: run.id, kind: run.kind, params: run.params })));
      tickets.forEach((t) => t.resolve(t.run));
    } catch (error) {
      await this.refused(tickets, error);
    }
  }

  /**
   * Stored, but the queue refused them: the rows say failed, the callers get 503. The rows give up their dedupe keys:
   * a request answered 503 was not accepted, so the same request (or Idempotency-Key) sent again gets a run of its own.
   */
  private async refused(tickets: Ticket[], error: unknown): Promise<void> {
    const message = `could not be queued: ${(error as Error).message}`;
    const finishedAt = new Date();
    const failed = { status: 'failed' as const, error: message, finishedAt, dedupeKey: null };
    await Promise.all(tickets.map((t) => this.writer.update(t.run.id, failed))).catch(() => undefined);
    const refused = serviceUnavailable('redis', 'The job queue (Redis) is not reachable; try again shortly.');
    tickets.forEach((t) => t.reject(refused));
    if (unavailableDependency(error) === 'redis') this.turnAway(refused);
  }

  /**
   * The queue was just found down: the requests waiting behind this burst get the same 503 now (nothing of theirs is
   * stored yet) instead of waiting another REDIS_WAIT_MS for their own check, which would take them past the 2 s a
   * request gets. Requests arriving afterwards get a check of their own.
   */
  private turnAway(error: unknown): void {
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((t) => t.reject(error));
  }
}
