import { standardAccounts } from './support/accounts';
import { addCommitment, draft, freezeClock, projectBySlug, submit } from './support/reports';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/*
 * GET /projects/:id/reporting-calendar: every report a project owes up to the current period with its due date and
 * where it stands, upcoming ones included (the web app's "Meine Projekte" shows it).
 */
describe("a project's reporting calendar", () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof standardAccounts>>;
  let kassel: { id: number; name: string };
  const calendar = (auth: string, projectId: number) =>
    t.http.get(`/api/v1/projects/${projectId}/reporting-calendar`).set('Authorization', auth);

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
      ['progress', '2025-H2', '2026-01-31', 'overdue', 43, 'draft'],
      ['progress', '2026-H1', '2026-07-31', 'upcoming', 0, null],
      ['proof_of_use_b', 'B', '2030-08-01', 'upcoming', 0, null],
    ]);
    expect(res.body.items[1].reportId).toEqual(expect.any(Number));
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
