import ExcelJS from 'exceljs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import type { BullMqJobDriver } from '../src/jobs/bullmq.driver';
import { JOB_DRIVER } from '../src/jobs/job-driver';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobsService } from '../src/jobs/jobs.service';
import { standardAccounts } from './support/accounts';
import { download, finishedExport, pdfText, requestExport, sha256 } from './support/exports';
import { commit, disburse, projectId } from './support/funding';
import type { Child } from './support/processes';
import { buildOnce, childEnv, startNode } from './support/processes';
import type { TestApp } from './support/test-app';
import { createTestApp, TEST_REDIS_URL } from './support/test-app';
import { downloadArtifact, finishedJob } from './support/jobs';

const FORMATS = ['csv', 'xlsx', 'pdf', 'json'] as const;
const FILTERS = [{}, { round: 1 }, { round: 2 }, { state: 'DE-HE' }, { category: 'GROSSSTADT' }];
const REQUESTS = FORMATS.flatMap((format) => FILTERS.map((filter) => ({ format, ...filter })));

/** What a reader sees in the file, without the moment it was written ("Datenstand", file metadata). */
async function readable(format: (typeof FORMATS)[number], bytes: Buffer): Promise<unknown> {
  if (format === 'csv') return bytes.toString('utf8');
  if (format === 'json') {
    const { dataAsOf: _ignored, ...rest } = JSON.parse(bytes.toString('utf8'));
    return rest;
  }
  if (format === 'pdf') {
    return (await pdfText(bytes))
      .split('\n')
      .filter((line) => !/Datenstand/.test(line))
      .join('\n');
  }
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets.map((sheet) => ({
    name: sheet.name,
    rows: sheet.getSheetValues().map((row) => (Array.isArray(row) ? row.map((cell) => (cell instanceof Date ? null : cell)) : row)),
  }));
}

describe('20 export requests with Redis and two workers', () => {
  let t: TestApp;
  let workers: Child[] = [];
  let inProcess: NestFastifyApplication | undefined;

  beforeAll(async () => {
    buildOnce();
    t = await createTestApp({ redisUrl: TEST_REDIS_URL });
    workers = [1, 2].map(() => startNode('worker.js', childEnv(t.config, { JOB_CONCURRENCY: '2' })));
  }, 120_000);
  afterAll(async () => {
    for (const worker of workers) worker.process.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await inProcess?.close();
    await t.close();
  });

  it('complete with correct files, no duplicate runs, shared by both workers — and npm start alone writes the same files', async () => {
    const { officer } = await standardAccounts(t);
    const kassel = await projectId(t, 'kassel');
    const darmstadt = await projectId(t, 'darmstadt');
    for (const r of [
      await commit(t, officer.auth, kassel, { amountCents: 846_237_750, date: '2021-03-15', phase: 'B' }),
      await disburse(t, officer.auth, kassel, { amountCents: 123_456_789, date: '2022-06-30', budgetYear: 2022 }),
      await commit(t, officer.auth, darmstadt, { amountCents: 300_000_001, date: '2021-05-01', phase: 'A' }),
    ]) {
      expect(r.status).toBe(201);
    }

    // All 20 at once, then every one again with its key: still 20 runs.
    const accepted = await Promise.all(REQUESTS.map((body, i) => requestExport(t, officer.auth, body, `two-workers-${i}`)));
    expect(accepted.map((r) => r.status)).toEqual(REQUESTS.map(() => 202));
    const again = await Promise.all(REQUESTS.map((body, i) => requestExport(t, officer.auth, body, `two-workers-${i}`)));
    expect(again.map((r) => r.body.id)).toEqual(accepted.map((r) => r.body.id));
    expect(await t.dataSource.getRepository(JobRun).countBy({ kind: 'export' })).toBe(20);

    const driver = t.app.get<BullMqJobDriver>(JOB_DRIVER);
    const processedBy = new Set<string>();
    const queuedFiles: Buffer[] = [];
    for (const [i, res] of accepted.entries()) {
      const run = await finishedExport(t, officer.auth, res.body.id, 120_000);
      expect({ i, status: run.status, error: run.error, attempts: run.attempts }).toEqual({
        i,
        status: 'completed',
        error: null,
        attempts: 1,
      });
      const { res: file, bytes } = await download(t, officer.auth, run.id);
      expect(file.status).toBe(200);
      expect(sha256(bytes)).toBe(run.contentHash);
      expect(file.headers['content-disposition']).toContain(run.artifact!.name);
      queuedFiles.push(bytes);
      processedBy.add(String((await driver.queue.getJob(run.id))?.processedBy));
    }
    // The API only enqueued; the two worker processes shared the work.
    expect(t.app.get(JobsService).driverName).toBe('bullmq');
    expect(processedBy.size).toBe(2);

    // The same requests without Redis: the API process runs them itself, over the same rows.
    inProcess = await createApp({ ...t.config, redisUrl: null, jobs: { ...t.config.jobs, queueName: `${t.config.jobs.queueName}-local` } });
    const local = request(inProcess.getHttpServer());
    for (const [i, body] of REQUESTS.entries()) {
      const res = await local.post('/api/v1/exports').set('Authorization', officer.auth).send(body).expect(202);
      const run = await finishedJob<{ id: string; status: string }>(local, officer.auth, res.body.id);
      expect(run.status).toBe('completed');
      const { bytes } = await downloadArtifact(local, officer.auth, run.id);
      expect({ i, body, file: await readable(body.format, bytes) }).toEqual({ i, body, file: await readable(body.format, queuedFiles[i]) });
    }
  }, 300_000);
});
