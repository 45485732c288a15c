import { TransactionService } from '../src/database/transaction.service';
import { isUniqueViolation } from '../src/database/unique-violation';
import { uuidV7 } from '../src/common/uuid-v7';
import { COALESCE_PREFIX } from '../src/jobs/job-catalogue';
import { JobRun, waitingRun } from '../src/jobs/job-run.entity';
import { JobRunWriter } from '../src/jobs/job-run.writer';
import type { TestApp } from './support/test-app';
import { createTestApp, usingPostgres } from './support/test-app';

/** A waiting run whose parameters hold what could go wrong on the way: umlauts, quotes, an emoji. */
const newRun = (overrides: Partial<JobRun> = {}): JobRun =>
  Object.assign(
    waitingRun({
      id: uuidV7(),
      kind: 'noop',
      params: JSON.stringify({ note: "Gießen – „Ümlaut“ 'quoted' 😀", sleepMs: 1 }),
      dedupeKey: null,
      requestedById: null,
      scopeBodyId: null,
      createdAt: new Date('2026-12-01T16:30:00.123Z'),
    }),
    overrides,
  );

const completion = (startedAt: Date) => ({
  status: 'completed' as const,
  progress: 100,
  finishedAt: new Date('2026-12-01T16:31:02.456Z'),
  error: null,
  result: JSON.stringify({ ok: true, text: 'Kassel – „fertig“' }),
  contentHash: 'a'.repeat(64),
  dataAsOf: new Date('2026-12-01T00:00:00.000Z'),
  artifactPath: 'exports/x.csv',
  artifactName: 'Förderung.csv',
  artifactType: 'text/csv',
  artifactBytes: 1234,
  startedAt,
  attempts: 2,
});

/**
 * The run rows' own statements (src/jobs/job-run.statements.ts: prepared on SQLite, named on PostgreSQL, both without
 * TypeORM's query path): what they write must read back through the entity exactly as TypeORM would have written it.
 */
describe('job run rows written by their own statements', () => {
  let t: TestApp;
  let writer: JobRunWriter;
  const read = (id: string) => t.dataSource.getRepository(JobRun).findOneByOrFail({ id });

  beforeAll(async () => {
    t = await createTestApp({ redisUrl: null });
    writer = t.app.get(JobRunWriter);
  });
  afterAll(() => t.close());

  it('a burst of inserted runs reads back field by field, and a start then a completion read back as written', async () => {
    const runs = [
      newRun({ dedupeKey: `${COALESCE_PREFIX}noop:abc`, requestedById: null }),
      newRun({ dedupeKey: 'idem:system:noop:key-1' }),
      ...Array.from({ length: 30 }, () => newRun()),
    ];
    await writer.insert(runs);
    for (const run of runs) expect(await read(run.id)).toEqual(run);

    const startedAt = new Date('2026-12-01T16:31:00.789Z');
    await Promise.all(runs.slice(0, 2).map((run) => writer.start(run.id, 2, startedAt)));
    // Running: the coalescing key is given up (new requests get a run of their own), an Idempotency-Key is kept.
    expect(await read(runs[0].id)).toEqual({ ...runs[0], status: 'running', attempts: 2, startedAt, dedupeKey: null });
    expect(await read(runs[1].id)).toEqual({ ...runs[1], status: 'running', attempts: 2, startedAt });

    await Promise.all(runs.map((run) => writer.complete(run.id, completion(startedAt))));
    expect(await read(runs[1].id)).toEqual({ ...runs[1], ...completion(startedAt) });
    expect(await read(runs[5].id)).toEqual({ ...runs[5], ...completion(startedAt) });
  });

  it('a burst with a taken dedupe key stores none of its runs and fails as the unique violation the service recognises', async () => {
    const [holder, ...others] = [newRun({ dedupeKey: 'idem:system:noop:taken' }), newRun(), newRun()];
    await writer.insert([holder]);
    const clash = newRun({ dedupeKey: 'idem:system:noop:taken' });
    const error = await writer.insert([...others, clash]).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await t.dataSource.getRepository(JobRun).countBy([...others, clash].map((run) => ({ id: run.id })))).toBe(0);
  });

  it('the progress and end of one run in one flush keep their order (PostgreSQL: two statements in one transaction)', async () => {
    const run = newRun();
    await writer.insert([run]);
    const startedAt = new Date('2026-12-01T16:40:00.000Z');
    await Promise.all([
      writer.start(run.id, 1, startedAt),
      writer.update(run.id, { progress: 40 }),
      writer.complete(run.id, completion(startedAt)),
    ]);
    expect(await read(run.id)).toEqual({ ...run, ...completion(startedAt) });
  });

  it('a finished row keeps what it says: a late completion, start or failure from the queue changes nothing', async () => {
    const failed = newRun({ status: 'failed', error: 'gave up', finishedAt: new Date('2026-12-01T10:00:00.000Z'), attempts: 3 });
    const done = newRun();
    await writer.insert([failed, done]);
    const startedAt = new Date('2026-12-01T16:50:00.000Z');
    await writer.complete(done.id, completion(startedAt));

    await writer.complete(failed.id, completion(startedAt));
    await writer.start(done.id, 3, startedAt);
    await writer.repair(done.id, { status: 'failed', error: 'stalled', finishedAt: startedAt, attempts: 3 });
    expect(await read(failed.id)).toEqual(failed);
    expect(await read(done.id)).toEqual({ ...done, ...completion(startedAt) });
  });

  it('a failure the queue holds is recorded onto a run that may still run, and it gives up its coalescing key', async () => {
    const run = newRun({ dedupeKey: `${COALESCE_PREFIX}noop:failed` });
    await writer.insert([run]);
    const finishedAt = new Date('2026-12-01T17:00:00.500Z');
    await writer.repair(run.id, { status: 'failed', error: 'x'.repeat(5000), finishedAt, attempts: 3 });
    expect(await read(run.id)).toEqual({ ...run, status: 'failed', error: 'x'.repeat(4000), finishedAt, attempts: 3, dedupeKey: null });
  });

  it(
    usingPostgres
      ? 'PostgreSQL has no write queue to take a turn in'
      : 'SQLite: a turn of the write queue rolls back everything when it throws',
    async () => {
      const transactions = t.app.get(TransactionService);
      if (usingPostgres) {
        expect(() => transactions.exclusive(() => undefined)).toThrow(/SQLite/);
        return;
      }
      const run = newRun();
      // An error of ours comes out as it is, even one with a `code` (only the driver's become QueryFailedError).
      const ours = Object.assign(new Error('halfway'), { code: 'HALFWAY' });
      const failing = transactions.exclusive((connection) => {
        connection
          .prepare(`INSERT INTO job_run (id, kind, params, status, created_at) VALUES (?, 'noop', '{}', 'queued', '2026-12-01')`)
          .run(run.id);
        throw ours;
      });
      await expect(failing).rejects.toBe(ours);
      expect(await t.dataSource.getRepository(JobRun).countBy({ id: run.id })).toBe(0);
      // The queue goes on after a failed turn.
      await writer.insert([run]);
      expect(await read(run.id)).toEqual(run);
    },
  );
});
