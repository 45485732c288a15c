import { standardAccounts } from './support/accounts';
import { addCommitment, draft, freezeClock, projectBySlug, submit } from './support/reports';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/*
 * GET /projects/:id/reporting-calendar: every report a project owes up to the current period with its due date and
 * where it stands, upcoming ones included (the web app's "Meine Projekte" shows it). Read from the project's reporting
 * obligations, so it says what GET /projects/:id/obligations says.
 */
describe("a project's reporting calendar", () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof standardAccounts>>;
  let kassel: { id: number; name: string };
  const calendar = (auth: string, projectId: number) =>
    t.http.get(`/api/v1/projects/${projectId}/reporting-calendar`).set('Authorization', auth);
  const obligations = async (projectId: number) =>
    (await t.http.get(`/api/v1/projects/${projectId}/obligations`).set('Authorization', a.officer.auth).expect(200)).body.items as any[];
  /** The calendar's items as the obligation list shows them: the same rows, the same dates and states. */
  const asObligations = (items: any[]) =>
    items.map((i) => ({
      id: i.obligationId,
      type: i.type,
      period: i.period,
      legalDueDate: i.legalDueDate,
      dueDate: i.dueDate,
      state: ['waived', 'submitted', 'accepted'].includes(i.state) ? i.state : 'open',
      waivedReason: i.waivedReason,
    }));
  const listed = (rows: any[]) => rows.map(({ projectId: _projectId, ...rest }) => rest);

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, '2026-03-15T10:00:00.000Z');
    a = await standardAccounts(t);
    kassel = await projectBySlug(t, 'kassel');
    await addCommitment(t, kassel.id, '2025-02-01', 'B');
    const h1 = (await draft(t, a.kassel.auth, kassel.id, { period: '2025-H1' }).expect(201)).body;
    await submit(t, a.kassel.auth, h1.id).set('If-Match', String(h1.version)).expect(200);
    await draft(t, a.kassel.auth, kassel.id, { period: '2025-H2' }).expect(201);
  });
  afterAll(() => t.close());

  it('lists delivered, overdue, upcoming and proof-of-use deadlines with dates, soonest due first', async () => {
    const res = await calendar(a.kassel.auth, kassel.id).expect(200);
    expect(res.body.asOf).toBe('2026-03-15');
    expect(res.body.items.map((i: Record<string, unknown>) => [i.type, i.period, i.dueDate, i.state, i.daysLate, i.status])).toEqual([
      ['progress', '2025-H1', '2025-07-31', 'submitted', 0, 'submitted'],
      // Due 31 January 2026, a Saturday: due on the next working day, Monday 2 February (§ 31 (3) VwVfG), so 41 days late.
      ['progress', '2025-H2', '2026-02-02', 'overdue', 41, 'draft'],
      ['progress', '2026-H1', '2026-07-31', 'upcoming', 0, null],
      ['proof_of_use_b', 'B', '2030-08-01', 'upcoming', 0, null],
    ]);
    expect(res.body.items[1].reportId).toEqual(expect.any(Number));
    expect(res.body.items[1]).toMatchObject({ legalDueDate: '2026-01-31', obligationId: expect.any(Number), waivedReason: null });
  });

  it('shows a waived obligation as waived, with its reason, exactly as the obligation list does', async () => {
    const ulm = await projectBySlug(t, 'ulm');
    await addCommitment(t, ulm.id, '2025-03-01', 'B');
    const h1 = (await obligations(ulm.id)).find((o) => o.period === '2025-H1');
    await t.http
      .post(`/api/v1/obligations/${h1.id}/waive`)
      .set('Authorization', a.officer.auth)
      .send({ reason: 'Startphase, kein Bericht nötig' })
      .expect(201);
    const items = (await calendar(a.officer.auth, ulm.id).expect(200)).body.items;
    expect(items[0]).toMatchObject({ period: '2025-H1', state: 'waived', daysLate: 0, waivedReason: 'Startphase, kein Bericht nötig' });
    const owed = (await obligations(ulm.id)).filter((o) => o.type !== 'progress' || o.period <= '2026-H1');
    expect(asObligations(items)).toEqual(listed(owed));
  });

  it('ends with the withdrawal: a withdrawn project owes only the earlier periods and the proof of use, as its obligations say', async () => {
    const berlin = await projectBySlug(t, 'berlin');
    await addCommitment(t, berlin.id, '2025-02-01', 'B');
    await t.http
      .post(`/api/v1/projects/${berlin.id}/status`)
      .set('Authorization', a.officer.auth)
      .send({ status: 'withdrawn', effectiveDate: '2025-09-01', reason: 'Rat hat Ausstieg beschlossen' })
      .expect(201);
    const items = (await calendar(a.officer.auth, berlin.id).expect(200)).body.items;
    expect(items.map((i: any) => [i.type, i.period, i.dueDate, i.state])).toEqual([
      ['progress', '2025-H1', '2025-07-31', 'overdue'],
      ['proof_of_use_b', 'B', '2030-08-01', 'upcoming'],
    ]);
    expect(asObligations(items)).toEqual(listed(await obligations(berlin.id)));
  });

  it("moves a due date on a public holiday of the lead's Land to the next working day", async () => {
    const dresden = await projectBySlug(t, 'dresden');
    // Phase A awarded 19 May 2023: its proof of use is due 30 months later, Wednesday 19 November 2025, Buß- und Bettag
    // in Sachsen (a working day in Hessen), so on Thursday the 20th.
    await addCommitment(t, dresden.id, '2023-05-19', 'A');
    const items = (await calendar(a.officer.auth, dresden.id).expect(200)).body.items;
    expect(items.find((i: any) => i.type === 'proof_of_use_a')).toMatchObject({
      period: 'A',
      legalDueDate: '2025-11-19',
      dueDate: '2025-11-20',
      state: 'overdue',
      daysLate: 115,
    });
    const owed = (await obligations(dresden.id)).filter((o) => o.type !== 'progress' || o.period <= '2026-H1');
    expect(asObligations(items)).toEqual(listed(owed));
  });

  it('is the same for the officer and the auditor; Darmstadt gets 404 as if the project did not exist', async () => {
    const own = (await calendar(a.kassel.auth, kassel.id).expect(200)).body;
    expect((await calendar(a.officer.auth, kassel.id).expect(200)).body).toEqual(own);
    expect((await calendar(a.auditor.auth, kassel.id).expect(200)).body).toEqual(own);
    const refused = await calendar(a.darmstadt.auth, kassel.id).expect(404);
    expect(refused.body).toMatchObject({ statusCode: 404, code: 'PROJECT.NOT_FOUND' });
    await t.http.get(`/api/v1/projects/${kassel.id}/reporting-calendar`).expect(401);
  });

  it('refuses an id that is not a whole number in the error contract, and an unknown project with 404', async () => {
    const bad = await calendar(a.officer.auth, 'abc' as unknown as number).expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'id' });
    await calendar(a.officer.auth, 2_000_000).expect(404);
  });
});
