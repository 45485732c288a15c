import type { BullMqJobDriver } from '../src/jobs/bullmq.driver';
import { JOB_DRIVER } from '../src/jobs/job-driver';
import { JobsService } from '../src/jobs/jobs.service';
import { standardAccounts } from './support/accounts';
import { commit, disburse, projectId } from './support/funding';
import { freezeClock } from './support/reports';
import { created, insertReport, runRollup, snapshotOf } from './support/rollups';
import type { TestApp } from './support/test-app';
import { inProcessAndQueuedApps } from './support/test-app';

const NOW = '2026-03-15T10:00:00.000Z';

/** The same funding rows and reports, recorded the same way in a fresh app. */
async function record(t: TestApp): Promise<string> {
  const { officer } = await standardAccounts(t);
  freezeClock(t, NOW);
  const kassel = await projectId(t, 'kassel');
  const twins = await projectId(t, 'hamburg-leipzig-und-muenchen-connected-urban-twins');
  const berlin = await projectId(t, 'berlin');
  await created(commit(t, officer.auth, kassel, { amountCents: 550_000_001, date: '2021-03-15', phase: 'B' }));
  await created(disburse(t, officer.auth, kassel, { amountCents: 123_456_789, date: '2021-06-30', budgetYear: 2021 }));
  await created(commit(t, officer.auth, twins, { amountCents: 300_000_000, date: '2024-02-10', phase: 'A' }));
  await created(disburse(t, officer.auth, twins, { amountCents: 99, date: '2025-01-02', budgetYear: 2024 }));
  await created(commit(t, officer.auth, berlin, { amountCents: 4_000_000_000, date: '2025-10-01', phase: 'A' }));
  await insertReport(t, {
    projectId: kassel,
    period: '2021-H1',
    status: 'accepted',
    overallStatus: 'at_risk',
    spending: [1_234],
    milestones: [{ plannedDate: '2021-05-01', status: 'delayed' }],
  });
  await insertReport(t, {
    projectId: twins,
    period: '2024-H1',
    status: 'submitted',
    overallStatus: 'off_track',
    indicators: [{ target: 3, actual: 1 }],
  });
  return officer.auth;
}

describe('roll-ups through BullMQ on Redis', () => {
  let inProcess: TestApp;
  let queued: TestApp;

  beforeAll(async () => {
    ({ inProcess, queued } = await inProcessAndQueuedApps());
  }, 60_000);
  afterAll(async () => {
    await queued?.close();
    await inProcess?.close();
  });

  it('give the same figures and content hash as in-process runs over the same rows', async () => {
    expect(inProcess.app.get(JobsService).driverName).toBe('in-process');
    expect(queued.app.get(JobsService).driverName).toBe('bullmq');
    const authA = await record(inProcess);
    const authB = await record(queued);

    for (const kind of ['funding', 'progress']) {
      const a = await runRollup(inProcess, authA, { kind });
      const b = await runRollup(queued, authB, { kind });
      // The run went through the Redis queue: BullMQ knows it by the run id, completed.
      const job = await queued.app.get<BullMqJobDriver>(JOB_DRIVER).queue.getJob(b.id);
      expect(await job?.getState()).toBe('completed');

      expect(b.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(b.contentHash).toBe(a.contentHash);
      expect(b.dataAsOf).toBe(NOW);
      expect((await snapshotOf(queued, authB, b)).content).toEqual((await snapshotOf(inProcess, authA, a)).content);
    }
  }, 60_000);
});
