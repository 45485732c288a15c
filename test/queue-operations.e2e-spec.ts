import type { BullMqJobDriver } from '../src/jobs/bullmq.driver';
import { JOB_DRIVER } from '../src/jobs/job-driver';
import { DAILY_REMINDERS, JobScheduleService, NIGHTLY_ROLLUPS } from '../src/jobs/job-schedule.service';
import { JobRun } from '../src/jobs/job-run.entity';
import { PASSWORD, standardAccounts } from './support/accounts';
import type { TestApp } from './support/test-app';
import { createTestApp, TEST_REDIS_URL } from './support/test-app';

const basic = (email: string, password: string) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

describe('the queue dashboard (Bull Board) with Redis', () => {
  let t: TestApp;
  let accounts: Awaited<ReturnType<typeof standardAccounts>>;
  beforeAll(async () => {
    t = await createTestApp({ redisUrl: TEST_REDIS_URL });
    accounts = await standardAccounts(t);
  });
  afterAll(() => t.close());

  it('is for officers only: basic auth or an officer token opens it, everyone else gets 401', async () => {
    const { officer, auditor, kassel } = accounts;
    const anonymous = await t.http.get('/admin/queues').expect(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm=/);
    await t.http.get('/admin/queues').set('Authorization', basic(officer.email, 'wrong-password-123')).expect(401);
    await t.http.get('/admin/queues').set('Authorization', basic(kassel.email, PASSWORD)).expect(401);
    await t.http.get('/admin/queues').set('Authorization', auditor.auth).expect(401);
    const page = await t.http.get('/admin/queues').set('Authorization', basic(officer.email, PASSWORD)).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    await t.http.get('/admin/queues').set('Authorization', officer.auth).expect(200);
    const queues = await t.http.get('/admin/queues/api/queues').set('Authorization', basic(officer.email, PASSWORD)).expect(200);
    expect(JSON.stringify(queues.body)).toContain(t.config.jobs.queueName);
  });

  it("opens for an officer signed in to the web app (the session cookie), and a change through it only from this origin's pages", async () => {
    const { officer, kassel } = accounts;
    const sessionOf = async (email: string) => {
      const res = await t.http.post('/api/v1/auth/session').send({ email, password: PASSWORD }).expect(204);
      const cookies = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
      return cookies.find((c) => c.startsWith('mpsc_session='))!;
    };
    const officerCookie = await sessionOf(officer.email);
    const page = await t.http.get('/admin/queues').set('Cookie', officerCookie).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const queues = await t.http.get('/admin/queues/api/queues').set('Cookie', officerCookie).expect(200);
    expect(JSON.stringify(queues.body)).toContain(t.config.jobs.queueName);
    // A municipality's session, a forged cookie and a signed-out session stay outside.
    const kasselCookie = await sessionOf(kassel.email);
    await t.http.get('/admin/queues').set('Cookie', kasselCookie).expect(401);
    await t.http.get('/admin/queues').set('Cookie', 'mpsc_session=not.a.token').expect(401);
    // A change (retry all failed jobs: none here) needs the browser's same-origin marker; another site's form has none.
    const retry = `/admin/queues/api/queues/${t.config.jobs.queueName}/retry/failed`;
    await t.http.put(retry).set('Cookie', officerCookie).expect(401);
    await t.http.put(retry).set('Cookie', officerCookie).set('Sec-Fetch-Site', 'cross-site').expect(401);
    await t.http.put(retry).set('Cookie', officerCookie).set('Sec-Fetch-Site', 'same-origin').expect(200);
    await t.http.put(retry).set('Cookie', kasselCookie).set('Sec-Fetch-Site', 'same-origin').expect(401);
    await t.http.delete('/api/v1/auth/session').set('Cookie', officerCookie).expect(204);
    await t.http.get('/admin/queues').set('Cookie', officerCookie).expect(401);
  });

  it('stores the nightly and daily schedules in Redis, once, and removes them when switched off', async () => {
    const driver = t.app.get(JOB_DRIVER) as BullMqJobDriver;
    await driver.upsertSchedule(NIGHTLY_ROLLUPS, '0 2 * * *');
    await driver.upsertSchedule(NIGHTLY_ROLLUPS, '0 2 * * *');
    await driver.upsertSchedule(DAILY_REMINDERS, '0 6 * * *');
    const schedulers = await driver.queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern]).sort()).toEqual([
      [DAILY_REMINDERS, '0 6 * * *'],
      [NIGHTLY_ROLLUPS, '0 2 * * *'],
    ]);
    await driver.upsertSchedule(NIGHTLY_ROLLUPS, null);
    expect((await driver.queue.getJobSchedulers()).map((s) => s.key)).toEqual([DAILY_REMINDERS]);
  });
});

describe('queue operations without Redis', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ redisUrl: null });
  });
  afterAll(() => t.close());

  it('has no dashboard (there is no queue) and reports the in-process driver in /health', async () => {
    await t.http.get('/admin/queues').expect(404);
    const health = await t.http.get('/health').expect(200);
    expect(health.body.info.jobs).toEqual({ status: 'up', driver: 'in-process' });
  });

  it('a schedule firing enqueues its runs once, however often it is delivered', async () => {
    const schedules = t.app.get(JobScheduleService);
    const firedAt = new Date('2026-11-28T02:00:00Z');
    const first = await schedules.fire(NIGHTLY_ROLLUPS, firedAt);
    const again = await schedules.fire(NIGHTLY_ROLLUPS, firedAt);
    expect(first).toHaveLength(4);
    expect(again).toEqual(first);
    const runs = await t.dataSource.getRepository(JobRun).find({ where: { kind: 'rollup' } });
    expect(runs.map((r) => JSON.parse(r.params).kind).sort()).toEqual(['funding', 'progress', 'strategy']);
    expect(await t.dataSource.getRepository(JobRun).countBy({ kind: 'opendata' })).toBe(1);
    const reminders = await schedules.fire(DAILY_REMINDERS, firedAt);
    expect(reminders).toHaveLength(1);
    const run = await t.dataSource.getRepository(JobRun).findOneByOrFail({ id: reminders[0] });
    expect(JSON.parse(run.params)).toEqual({ asOf: '2026-11-28' });
  });
});
