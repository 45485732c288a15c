import type { JobDriver } from './job-driver';
import type { JobRun } from './job-run.entity';
import type { JobRunWriter } from './job-run.writer';
import { serviceUnavailable } from '../operations/operations.errors';

/** The most runs one INSERT and one queue call take (PostgreSQL allows 65 535 parameters; a row has 20). */
const MAX_BATCH = 500;

/** stored: the row is in the database and the run in the queue. taken: a run of the same batch holds its dedupe key. */
export type Admission = 'stored' | 'taken';

interface Ticket {
  run: JobRun;
  resolve: (outcome: Admission) => void;
  reject: (error: unknown) => void;
}

/**
 * Admits new runs in bursts: requests arriving while the previous burst is being stored wait for the next one, and
 * each burst costs one queue check, one multi-row INSERT and one queue call (BullMQ addBulk), however many runs it
 * holds. A request is answered only after its own row is committed and its run queued: a client that got 202 can
 * always read its run, and a crash before that leaves either nothing or a queued row that the start-up recovery
 * hands to the queue again. A burst the queue refuses writes nothing (the check comes before the INSERT).
 */
export class JobAdmission {
  private waiting: Ticket[] = [];
  private busy = false;

  constructor(
    private readonly writer: JobRunWriter,
    private readonly driver: JobDriver,
  ) {}

  admit(run: JobRun): Promise<Admission> {
    return new Promise<Admission>((resolve, reject) => {
      this.waiting.push({ run, resolve, reject });
      if (!this.busy) {
        this.busy = true;
        setImmediate(() => void this.next());
      }
    });
  }

  private async next(): Promise<void> {
    const batch = this.waiting.splice(0, MAX_BATCH);
    try {
      if (batch.length) await this.store(batch);
    } finally {
      if (this.waiting.length) void this.next();
      else this.busy = false;
    }
  }

  private async store(batch: Ticket[]): Promise<void> {
    try {
      await this.driver.assertAvailable();
    } catch (error) {
      batch.forEach((t) => t.reject(error));
      return;
    }
    // Identical keys within one burst: the first is inserted, the others answer with it.
    const keys = new Set<string>();
    const [first, taken] = [[] as Ticket[], [] as Ticket[]];
    for (const ticket of batch) {
      const key = ticket.run.dedupeKey;
      if (key !== null && keys.has(key)) {
        taken.push(ticket);
        continue;
      }
      if (key !== null) keys.add(key);
      first.push(ticket);
    }
    const stored = await this.insert(first);
    await this.dispatch(stored);
    taken.forEach((t) => t.resolve('taken'));
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
      tickets.forEach((t) => t.resolve('stored'));
    } catch (error) {
      const message = `could not be queued: ${(error as Error).message}`;
      const finishedAt = new Date();
      await Promise.all(tickets.map((t) => this.writer.update(t.run.id, { status: 'failed', error: message, finishedAt }))).catch(
        () => undefined,
      );
      const refused = serviceUnavailable('redis', 'The job queue (Redis) is not reachable; try again shortly.');
      tickets.forEach((t) => t.reject(refused));
    }
  }
}
