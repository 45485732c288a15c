import { NotificationsService } from '../src/notifications/notifications.service';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { commit, projectId, refusedWith } from './support/funding';
import { freezeClock } from './support/reports';
import type { TestApp } from './support/test-app';
import { CALENDAR_DAYS, createTestApp } from './support/test-app';

/** Quarterly reports due a month after the quarter: 2025-Q3 is due on Friday 31 October, Reformationstag in Sachsen. */
const QUARTERLY = { reporting: { cadence: 'quarterly' as const, dueMonthsAfterPeriod: 1 } };

describe('reporting obligations as rows, due on working days', () => {
  let t: TestApp;
  let officer: Account;
  let kassel: Account;
  let darmstadt: Account;
  let kasselId: number;
  let dresdenId: number;
  const list = async (id: number, auth = officer.auth) =>
    (await t.http.get(`/api/v1/projects/${id}/obligations`).set('Authorization', auth).expect(200)).body.items as any[];

  beforeAll(async () => {
    t = await createTestApp(QUARTERLY);
    freezeClock(t, '2025-10-20T08:00:00Z');
    ({ officer, kassel, darmstadt } = await standardAccounts(t));
    kasselId = await projectId(t, 'kassel');
    dresdenId = await projectId(t, 'dresden');
  });
  afterAll(() => t.close());

  it('owes nothing before the first commitment, and every report from it on once it is recorded', async () => {
    expect(await list(kasselId)).toEqual([]);
    await commit(t, officer.auth, kasselId, { amountCents: 1_000_000, date: '2025-07-01', phase: 'B' });
    await commit(t, officer.auth, dresdenId, { amountCents: 1_000_000, date: '2025-07-01', phase: 'B' });
    const items = await list(kasselId, kassel.auth);
    expect(items[0]).toEqual({
      id: expect.any(Number),
      projectId: kasselId,
      type: 'progress',
      period: '2025-Q3',
      legalDueDate: '2025-10-31',
      dueDate: '2025-10-31',
      state: 'open',
      waivedReason: null,
    });
    // Quarters up to the programme's end, and the proof of use 66 months after the B award.
    expect(items.filter((o) => o.type === 'progress').map((o) => o.period)).toContain('2030-Q4');
    expect(items.find((o) => o.type === 'proof_of_use_b')).toMatchObject({
      period: 'B',
      legalDueDate: '2031-01-01',
      dueDate: '2031-01-02',
    });
    await t.http.get(`/api/v1/projects/${kasselId}/obligations`).set('Authorization', darmstadt.auth).expect(404);
  });

  it("moves a due date off weekends and the lead's Land's holidays", async () => {
    const dresden = await list(dresdenId);
    const q3 = dresden.find((o) => o.period === '2025-Q3');
    expect(q3).toMatchObject({ legalDueDate: '2025-10-31', dueDate: '2025-11-03' }); // Reformationstag in Sachsen, then a weekend
    const q4 = (await list(kasselId)).find((o) => o.period === '2025-Q4');
    expect(q4).toMatchObject({ legalDueDate: '2026-01-31', dueDate: '2026-02-02' }); // a Saturday
  });

  it('reminds on working days only, N working days before and M after the due date', async () => {
    const notifications = t.app.get(NotificationsService);
    // Friday 31 Oct: a working day in Hessen (Kassel's report is due), a holiday in Sachsen (no reminders there).
    expect((await notifications.remind('2025-10-31')).reports).toBe(1);
    // Monday 3 Nov: Dresden's report is due that day; Kassel's is late, but not yet 5 working days.
    expect((await notifications.remind('2025-11-03')).reports).toBe(1);
    // Friday 7 Nov: Kassel's is 5 working days late; Dresden's only 4.
    expect((await notifications.remind('2025-11-07')).reports).toBe(1);
    expect((await notifications.remind('2025-11-10')).reports).toBe(2);
    // Saturday: nobody is reminded.
    expect((await notifications.remind('2025-11-08')).reports).toBe(0);
  });

  it('waives an open obligation with a reason: audited, off the overdue list; a second waiver or a blank reason is refused', async () => {
    const q3 = (await list(kasselId)).find((o) => o.period === '2025-Q3');
    const waive = (body: Record<string, unknown>, id = q3.id) =>
      t.http.post(`/api/v1/obligations/${id}/waive`).set('Authorization', officer.auth).send(body);
    for (const body of [{}, { reason: '   ' }, { reason: 42 }]) {
      const res = await refusedWith(t, () => waive(body), 400, 'VALIDATION.INVALID');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason' })]));
    }
    await refusedWith(t, () => waive({ reason: 'x' }, 999_999), 404, 'OBLIGATION.NOT_FOUND');
    const res = await waive({ reason: ' Startquartal, kein Bericht nötig ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: q3.id, state: 'waived', waivedReason: 'Startquartal, kein Bericht nötig' });
    await refusedWith(t, () => waive({ reason: 'again' }), 422, 'OBLIGATION.NOT_OPEN');
    freezeClock(t, '2025-11-20T08:00:00Z');
    const overdue = await t.http.get('/api/v1/reports/overdue').set('Authorization', kassel.auth).expect(200);
    expect(overdue.body.items.filter((i: any) => i.period === '2025-Q3')).toEqual([]);
    const audit = await t.http.get(`/api/v1/audit?entityType=obligation&entityId=${q3.id}`).set('Authorization', officer.auth).expect(200);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(['obligation.waive']);
  });
});

describe('with DUE_DATES_ON_WORKING_DAYS=false', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('keeps the legal due dates', async () => {
    t = await createTestApp({ ...QUARTERLY, ...CALENDAR_DAYS });
    const { officer } = await standardAccounts(t);
    const dresden = await projectId(t, 'dresden');
    await commit(t, officer.auth, dresden, { amountCents: 1_000_000, date: '2025-07-01', phase: 'B' });
    const items = (await t.http.get(`/api/v1/projects/${dresden}/obligations`).set('Authorization', officer.auth).expect(200)).body.items;
    expect(items.find((o: any) => o.period === '2025-Q3')).toMatchObject({ legalDueDate: '2025-10-31', dueDate: '2025-10-31' });
    expect(items.every((o: any) => o.dueDate === o.legalDueDate)).toBe(true);
  });
});
