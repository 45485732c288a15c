import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../src/auth/actor';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobsService } from '../src/jobs/jobs.service';
import { JobScheduleService } from '../src/jobs/job-schedule.service';
import { createAccount } from './support/accounts';
import { download, finishedExport, requestExport } from './support/exports';
import { finishedJob } from './support/jobs';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/** Issue 11, item 6: export files older than EXPORT_RETENTION_DAYS are deleted by a scheduled job; downloads then answer 410. */
describe('export retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ exportRetentionDays: 30 });
  });
  afterAll(() => t.close());

  it('deletes old export files, marks their runs expired (410 on download) and keeps recent ones', async () => {
    const officer = await createAccount(t, 'officer', 'officer@bund.example');
    const old = await finishedExport(t, officer.auth, (await requestExport(t, officer.auth, { format: 'csv' }).expect(202)).body.id);
    const recent = await finishedExport(t, officer.auth, (await requestExport(t, officer.auth, { format: 'json' }).expect(202)).body.id);
    const forty = new Date(Date.now() - 40 * 86_400_000);
    await t.dataSource.getRepository(JobRun).update({ id: old.id }, { finishedAt: forty });

    // The daily schedule enqueues a retention run; fire it as the scheduler would.
    const [runId] = await t.app.get(JobScheduleService).fire('daily-retention', new Date());
    const retention = await finishedJob<{ status: string; result: { expired: number } }>(t.http, officer.auth, runId);
    expect(retention).toMatchObject({ status: 'completed', result: { expired: 1, olderThanDays: 30 } });

    expect((await t.http.get(`/api/v1/jobs/${old.id}`).set('authorization', officer.auth).expect(200)).body.status).toBe('expired');
    const gone = await download(t, officer.auth, old.id);
    expect(gone.res.status).toBe(410);
    expect(JSON.parse(gone.bytes.toString())).toMatchObject({ statusCode: 410, code: 'JOB.ARTIFACT_EXPIRED', details: [] });
    expect(existsSync(join(t.config.artifactsDir, 'exports', old.id))).toBe(false);

    expect((await download(t, officer.auth, recent.id)).res.status).toBe(200);
    // A second run finds nothing more to delete.
    const again = await t.app.get(JobsService).enqueue(SYSTEM_ACTOR, 'retention', {});
    expect((await finishedJob<{ status: string; result: { expired: number } }>(t.http, officer.auth, again.run.id)).result.expired).toBe(0);
  });
});
