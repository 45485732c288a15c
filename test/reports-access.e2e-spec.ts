import { Report } from '../src/reports/report.entity';
import { standardAccounts } from './support/accounts';
import { draft, freezeClock, patch, projectBySlug, review, submit } from './support/reports';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

type Accounts = Awaited<ReturnType<typeof standardAccounts>>;

/** Who may read, write and review a progress report: ownership answers 404, a role that may never do it 403. */
describe('progress reports: access', () => {
  let t: TestApp;
  let a: Accounts;
  let kassel: number;
  let darmstadt: number;

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, '2026-03-15T09:30:00.000Z');
    a = await standardAccounts(t);
    kassel = (await projectBySlug(t, 'kassel')).id;
    darmstadt = (await projectBySlug(t, 'darmstadt')).id;
  });
  afterAll(() => t.close());

  describe('who may see and change a report', () => {
    let id: number;
    beforeAll(async () => {
      id = (await draft(t, a.kassel.auth, kassel, { period: '2024-H2' }).expect(201)).body.id;
      await draft(t, a.darmstadt.auth, darmstadt, { period: '2024-H2' }).expect(201);
    });

    it("Darmstadt's account cannot read Kassel's report: 404, as if it did not exist", async () => {
      for (const path of [`/api/v1/reports/${id}`, `/api/v1/reports/${id}/versions`]) {
        const res = await t.http.get(path).set('Authorization', a.darmstadt.auth).expect(404);
        expect(res.body.code).toBe('REPORT.NOT_FOUND');
      }
      const list = await t.http.get('/api/v1/reports?limit=500').set('Authorization', a.darmstadt.auth).expect(200);
      expect(list.body.items.every((r: { projectId: number }) => r.projectId === darmstadt)).toBe(true);
      const filtered = await t.http.get(`/api/v1/reports?projectId=${kassel}`).set('Authorization', a.darmstadt.auth).expect(200);
      expect(filtered.body).toMatchObject({ items: [], total: 0 });
    });

    it("Darmstadt's account cannot touch Kassel's report or draft for Kassel: 404", async () => {
      expect((await patch(t, a.darmstadt.auth, id, 1, { narrative: 'x' }).expect(404)).body.code).toBe('REPORT.NOT_FOUND');
      expect((await patch(t, a.darmstadt.auth, id, null, { narrative: 'x' }).expect(404)).body.code).toBe('REPORT.NOT_FOUND');
      await submit(t, a.darmstadt.auth, id).expect(404);
      expect((await draft(t, a.darmstadt.auth, kassel, { period: '2019-H1' }).expect(404)).body.code).toBe('PROJECT.NOT_FOUND');
      expect((await t.dataSource.getRepository(Report).findOneByOrFail({ id })).version).toBe(1);
    });

    it('the officer reviews but cannot draft, edit or submit: 403', async () => {
      await draft(t, a.officer.auth, kassel, { period: '2019-H1' }).expect(403);
      await patch(t, a.officer.auth, id, 1, { narrative: 'x' }).expect(403);
      await submit(t, a.officer.auth, id).expect(403);
    });

    it('the auditor reads everything and writes nothing', async () => {
      await t.http.get(`/api/v1/reports/${id}`).set('Authorization', a.auditor.auth).expect(200);
      const list = await t.http.get('/api/v1/reports?limit=500').set('Authorization', a.auditor.auth).expect(200);
      expect(new Set(list.body.items.map((r: { projectId: number }) => r.projectId))).toEqual(new Set([kassel, darmstadt]));
      await draft(t, a.auditor.auth, kassel, { period: '2019-H1' }).expect(403);
      await patch(t, a.auditor.auth, id, 1, { narrative: 'x' }).expect(403);
      await submit(t, a.auditor.auth, id).expect(403);
      await review(t, a.auditor.auth, id, { decision: 'accept' }).expect(403);
    });

    it('a municipality cannot review its own report', async () => {
      await submit(t, a.kassel.auth, id).expect(200);
      await review(t, a.kassel.auth, id, { decision: 'accept' }).expect(403);
    });

    it('nobody without a token sees reports', async () => {
      await t.http.get(`/api/v1/reports/${id}`).expect(401);
      await t.http.get('/api/v1/reports').expect(401);
      await t.http.get('/api/v1/reports/overdue').expect(401);
    });

    it('an unknown report is 404 for the officer too', async () => {
      expect((await t.http.get('/api/v1/reports/999999').set('Authorization', a.officer.auth).expect(404)).body.code).toBe(
        'REPORT.NOT_FOUND',
      );
      await review(t, a.officer.auth, 999999, { decision: 'accept' }).expect(404);
    });
  });
});
