import { SYSTEM_ACTOR } from '../src/auth/actor';
import { Clock } from '../src/common/clock';
import { Commitment } from '../src/funding/commitment.entity';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobsService } from '../src/jobs/jobs.service';
import { Project } from '../src/projects/project.entity';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { syncObligations } from './support/reports';
import type { TestApp } from './support/test-app';
import { CALENDAR_DAYS, createTestApp } from './support/test-app';
import { waitFor } from './support/wait';

describe('daily report reminders', () => {
  let t: TestApp;
  let kassel: Account;
  let darmstadt: Account;
  let officer: Account;

  const runReminders = async (asOf: string) => {
    const { run } = await t.app.get(JobsService).enqueue(SYSTEM_ACTOR, 'reminders', { asOf });
    const done = await waitFor(
      () => t.dataSource.getRepository(JobRun).findOneByOrFail({ id: run.id }),
      (r) => r.status === 'completed' || r.status === 'failed',
    );
    expect(done.status).toBe('completed');
    return JSON.parse(done.result as string) as { asOf: string; reports: number; created: number };
  };

  beforeAll(async () => {
    t = await createTestApp(CALENDAR_DAYS);
    ({ kassel, darmstadt, officer } = await standardAccounts(t));
    const project = await t.dataSource.getRepository(Project).findOneByOrFail({ slug: 'kassel' });
    await t.dataSource.getRepository(Commitment).insert({
      projectId: project.id,
      amountCents: 500_000_000,
      date: '2021-06-01',
      phase: 'B',
      budgetYear: 2021,
      note: null,
      createdById: null,
    });
    await syncObligations(t, project.id);
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-07-20T08:00:00Z'));
  });
  afterAll(() => t.close());

  it('notifies the municipality of every report due within 14 days or overdue, as the overdue list shows them', async () => {
    const overdue = await t.http.get('/api/v1/reports/overdue').set('Authorization', officer.auth).expect(200);
    const kasselItems = overdue.body.items.filter((i: { projectName: string }) => i.projectName === 'Kassel');
    expect(kasselItems.length).toBeGreaterThan(5);

    const result = await runReminders('2026-07-20');
    expect(result).toEqual({ asOf: '2026-07-20', reports: kasselItems.length, created: kasselItems.length });

    const mine = await t.http.get('/api/v1/notifications?limit=500').set('Authorization', kassel.auth).expect(200);
    expect(mine.body.total).toBe(kasselItems.length);
    expect(mine.body.unread).toBe(kasselItems.length);
    const due = mine.body.items.filter((n: { kind: string }) => n.kind === 'report_due');
    expect(due).toEqual([
      expect.objectContaining({
        reportType: 'progress',
        period: '2026-H1',
        dueDate: '2026-07-31',
        message: 'Kassel: progress report 2026-H1 is due on 2026-07-31.',
      }),
    ]);
    const late = mine.body.items.find((n: { period: string }) => n.period === '2025-H2');
    expect(late).toMatchObject({ kind: 'report_overdue', dueDate: '2026-01-31', message: expect.stringContaining('170 day(s) late') });

    const others = await t.http.get('/api/v1/notifications').set('Authorization', darmstadt.auth).expect(200);
    expect(others.body).toMatchObject({ total: 0, unread: 0, items: [] });
  });

  it('adds nothing when it runs again the same day', async () => {
    const again = await runReminders('2026-07-20');
    expect(again.created).toBe(0);
  });

  it('adds the overdue notice when a due report becomes late', async () => {
    const later = await runReminders('2026-08-05');
    expect(later.created).toBe(1);
    const mine = await t.http.get('/api/v1/notifications?limit=500').set('Authorization', kassel.auth).expect(200);
    const h1 = mine.body.items.filter((n: { period: string }) => n.period === '2026-H1').map((n: { kind: string }) => n.kind);
    expect(h1.sort()).toEqual(['report_due', 'report_overdue']);
  });

  it('lets only the recipient mark a notification read', async () => {
    const mine = await t.http.get('/api/v1/notifications?unread=true').set('Authorization', kassel.auth).expect(200);
    const id = mine.body.items[0].id;
    await t.http.post(`/api/v1/notifications/${id}/read`).set('Authorization', darmstadt.auth).expect(404);
    const read = await t.http.post(`/api/v1/notifications/${id}/read`).set('Authorization', kassel.auth).expect(200);
    expect(read.body.readAt).toBe('2026-07-20T08:00:00.000Z');
    const after = await t.http.get('/api/v1/notifications?unread=true').set('Authorization', kassel.auth).expect(200);
    expect(after.body.total).toBe(mine.body.total - 1);
    await t.http.get('/api/v1/notifications?unread=maybe').set('Authorization', kassel.auth).expect(400);
    await t.http.post('/api/v1/notifications/abc/read').set('Authorization', kassel.auth).expect(400);
    await t.http.get('/api/v1/notifications').expect(401);
  });

  it('refuses a reminder run with an impossible date, without retrying', async () => {
    const { run } = await t.app.get(JobsService).enqueue(SYSTEM_ACTOR, 'reminders', { asOf: '2026-02-30' });
    const done = await waitFor(
      () => t.dataSource.getRepository(JobRun).findOneByOrFail({ id: run.id }),
      (r) => r.status === 'failed',
    );
    expect(done).toMatchObject({ attempts: 1, error: 'asOf must be a date written YYYY-MM-DD' });
  });
});
