import type { BullMqJobDriver } from '../src/jobs/bullmq.driver';
import { JOB_DRIVER } from '../src/jobs/job-driver';
import { JobsService } from '../src/jobs/jobs.service';
import { standardAccounts } from './support/accounts';
import { exportFile, sha256 } from './support/exports';
import { commit, disburse, projectId } from './support/funding';
import { freezeClock } from './support/reports';
import type { TestApp } from './support/test-app';
import { inProcessAndQueuedApps } from './support/test-app';

const NOW = '2026-11-27T10:00:00.000Z';

/** The same funding, recorded the same way through the API of a fresh app. */
async function record(t: TestApp): Promise<string> {
  const { officer } = await standardAccounts(t);
  freezeClock(t, NOW);
  const kassel = await projectId(t, 'kassel');
  const berlin = await projectId(t, 'berlin');
  const recorded = [
    await commit(t, officer.auth, kassel, { amountCents: 846_237_750, date: '2021-03-15', phase: 'B' }),
    await disburse(t, officer.auth, kassel, { amountCents: 123_456_789, date: '2022-06-30', budgetYear: 2022 }),
    await commit(t, officer.auth, berlin, { amountCents: 300_000_001, date: '2021-05-01', phase: 'A' }),
  ];
  expect(recorded.map((r) => r.status)).toEqual([201, 201, 201]);
  return officer.auth;
}

describe('exports through BullMQ on Redis', () => {
  let inProcess: TestApp;
  let queued: TestApp;

  beforeAll(async () => {
    ({ inProcess, queued } = await inProcessAndQueuedApps());
  }, 60_000);
  afterAll(async () => {
    await queued?.close();
    await inProcess?.close();
  });

  it('write byte for byte the same file (same contentHash) as in-process runs over the same rows, in every format', async () => {
    expect(inProcess.app.get(JobsService).driverName).toBe('in-process');
    expect(queued.app.get(JobsService).driverName).toBe('bullmq');
    const authA = await record(inProcess);
    const authB = await record(queued);

    for (const body of [{ format: 'csv' }, { format: 'xlsx' }, { format: 'pdf' }, { format: 'json', rows: 'transactions' }]) {
      const a = await exportFile(inProcess, authA, body);
      const b = await exportFile(queued, authB, body);
      // The run went through the Redis queue: BullMQ knows it by the run id, completed.
      const job = await queued.app.get<BullMqJobDriver>(JOB_DRIVER).queue.getJob(b.run.id);
      expect(await job?.getState()).toBe('completed');

      expect(b.run.contentHash).toBe(sha256(b.bytes));
      expect(b.run.contentHash).toBe(a.run.contentHash);
      expect(b.bytes.equals(a.bytes)).toBe(true);
      expect(b.run.dataAsOf).toBe(NOW);
      expect(b.run.artifact?.name).toBe(a.run.artifact?.name);
    }
  }, 90_000);
});
