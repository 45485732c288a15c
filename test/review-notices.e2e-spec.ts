import { standardAccounts } from './support/accounts';
import { addCommitment, draft, freezeClock, patch, projectBySlug, review, submit } from './support/reports';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/* The municipality learns a review's outcome in its inbox: accepted, or changes requested with the officer's comment. */
describe('review outcomes as notifications', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof standardAccounts>>;
  let reportId: number;
  const inbox = async (auth: string) => (await t.http.get('/api/v1/notifications').set('Authorization', auth).expect(200)).body;
  const submitAt = async (version: number) => submit(t, a.kassel.auth, reportId).set('If-Match', String(version)).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, '2026-03-15T10:00:00.000Z');
    a = await standardAccounts(t);
    const kassel = await projectBySlug(t, 'kassel');
    await addCommitment(t, kassel.id, '2025-02-01', 'B');
    const report = (await draft(t, a.kassel.auth, kassel.id, { period: '2025-H2' }).expect(201)).body;
    reportId = report.id;
    await submitAt(report.version);
  });
  afterAll(() => t.close());

  it('changes requested: Kassel gets one unread notice with the comment; Darmstadt and the officer get none', async () => {
    await review(t, a.officer.auth, reportId, { decision: 'request_changes', comment: 'Bitte die Ausgaben aufschlüsseln.' }).expect(200);
    const kassel = await inbox(a.kassel.auth);
    expect(kassel.unread).toBe(1);
    expect(kassel.items).toEqual([
      expect.objectContaining({
        kind: 'report_changes_requested',
        reportType: 'progress',
        period: '2025-H2',
        message: 'Bitte die Ausgaben aufschlüsseln.',
        readAt: null,
      }),
    ]);
    expect((await inbox(a.darmstadt.auth)).total).toBe(0);
    expect((await inbox(a.officer.auth)).total).toBe(0);
  });

  it('a second request replaces the first notice, unread again; acceptance adds its own', async () => {
    const first = (await inbox(a.kassel.auth)).items[0];
    await t.http.post(`/api/v1/notifications/${first.id}/read`).set('Authorization', a.kassel.auth).expect(200);
    const current = (await t.http.get(`/api/v1/reports/${reportId}`).set('Authorization', a.kassel.auth).expect(200)).body;
    const edited = (await patch(t, a.kassel.auth, reportId, current.version, { narrative: 'Aufgeschlüsselt.' }).expect(200)).body;
    await submitAt(edited.version);
    await review(t, a.officer.auth, reportId, { decision: 'request_changes', comment: 'Noch die Risiken.' }).expect(200);
    let kassel = await inbox(a.kassel.auth);
    expect(kassel.unread).toBe(1);
    expect(kassel.items.map((n: { kind: string; message: string }) => [n.kind, n.message])).toEqual([
      ['report_changes_requested', 'Noch die Risiken.'],
    ]);
    const again = (await t.http.get(`/api/v1/reports/${reportId}`).set('Authorization', a.kassel.auth).expect(200)).body;
    await submitAt(again.version);
    await review(t, a.officer.auth, reportId, { decision: 'accept' }).expect(200);
    kassel = await inbox(a.kassel.auth);
    expect(kassel.unread).toBe(2);
    expect(kassel.items.map((n: { kind: string }) => n.kind).sort()).toEqual(['report_accepted', 'report_changes_requested']);
  });
});
