import { AuditEvent } from '../src/audit/audit-event.entity';
import { ReportSpending } from '../src/reports/report-parts.entity';
import { ReportVersion } from '../src/reports/report-version.entity';
import { Report } from '../src/reports/report.entity';
import { standardAccounts } from './support/accounts';
import { addCommitment, draft, freezeClock, milestone, patch, projectBySlug, reportBody, review, submit } from './support/reports';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

type Accounts = Awaited<ReturnType<typeof standardAccounts>>;

describe('progress reports', () => {
  let t: TestApp;
  let a: Accounts;
  let kassel: number;
  let darmstadt: number;
  const periods = ['2021-H2', '2022-H1', '2022-H2', '2023-H1', '2023-H2', '2024-H1', '2024-H2', '2025-H1'];
  const nextPeriod = () => {
    const period = periods.shift();
    if (!period) throw new Error('out of periods');
    return period;
  };

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, '2026-03-15T09:30:00.000Z');
    a = await standardAccounts(t);
    kassel = (await projectBySlug(t, 'kassel')).id;
    darmstadt = (await projectBySlug(t, 'darmstadt')).id;
  });
  afterAll(() => t.close());

  const spendingRows = (reportId: number) =>
    t.dataSource.getRepository(ReportSpending).find({ where: { reportId }, order: { costCategory: 'ASC' } });

  describe('from draft to acceptance', () => {
    let id: number;

    it('Kassel drafts a report for the last half-year: version 1, due the last day of the following month', async () => {
      const res = await draft(t, a.kassel.auth, kassel).expect(201);
      id = res.body.id;
      expect(res.headers.etag).toBe('1');
      expect(res.body).toEqual({
        id,
        projectId: kassel,
        period: '2025-H2',
        type: 'progress',
        status: 'draft',
        version: 1,
        dueDate: '2026-01-31',
        narrative: reportBody().narrative,
        overallStatus: 'on_track',
        overallStatusReason: null,
        milestones: reportBody().milestones,
        indicators: reportBody().indicators,
        spending: reportBody().spending,
        risks: reportBody().risks,
        measureProgress: [],
        indicatorActuals: [],
        submittedAt: null,
        reviewedAt: null,
        reviewComment: null,
      });
      const row = await t.dataSource.getRepository(Report).findOneByOrFail({ id });
      expect(row).toMatchObject({ status: 'draft', version: 1, createdById: a.kassel.id });
      expect((await spendingRows(id)).map((s) => [s.costCategory, s.amountCents])).toEqual([
        ['material', 3_000_000],
        ['personnel', 12_500_000],
      ]);
    });

    it('reads back with its version as ETag', async () => {
      const res = await t.http.get(`/api/v1/reports/${id}`).set('Authorization', a.kassel.auth).expect(200);
      expect(res.headers.etag).toBe('1');
      expect(res.body).toMatchObject({ id, version: 1, status: 'draft' });
    });

    it('Kassel edits with If-Match: only the given parts change, lists are replaced whole', async () => {
      const res = await patch(t, a.kassel.auth, id, 1, {
        overallStatus: 'at_risk',
        overallStatusReason: 'Sensor deliveries are late.',
        spending: [{ costCategory: 'personnel', amountCents: 13_000_000 }],
      }).expect(200);
      expect(res.headers.etag).toBe('2');
      expect(res.body).toMatchObject({
        version: 2,
        status: 'draft',
        overallStatus: 'at_risk',
        overallStatusReason: 'Sensor deliveries are late.',
        narrative: reportBody().narrative,
        milestones: reportBody().milestones,
        spending: [{ costCategory: 'personnel', amountCents: 13_000_000 }],
      });
      expect((await spendingRows(id)).map((s) => [s.costCategory, s.amountCents])).toEqual([['personnel', 13_000_000]]);
    });

    it('Kassel submits: the content is frozen as submission 1', async () => {
      const res = await submit(t, a.kassel.auth, id).expect(200);
      expect(res.headers.etag).toBe('3');
      expect(res.body).toMatchObject({ status: 'submitted', version: 3, submittedAt: '2026-03-15T09:30:00.000Z' });
      const versions = await t.dataSource.getRepository(ReportVersion).findBy({ reportId: id });
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatchObject({ submission: 1, reportVersion: 3, submittedById: a.kassel.id });
      expect(JSON.parse(versions[0].content)).toMatchObject({
        overallStatus: 'at_risk',
        spending: [{ costCategory: 'personnel', amountCents: 13_000_000 }],
      });
    });

    it('a submitted report cannot be edited or submitted again', async () => {
      const edit = await patch(t, a.kassel.auth, id, 3, { narrative: 'sneaky' }).expect(422);
      expect(edit.body.code).toBe('REPORT.NOT_EDITABLE');
      const again = await submit(t, a.kassel.auth, id).expect(422);
      expect(again.body.code).toBe('REPORT.NOT_SUBMITTABLE');
      const row = await t.dataSource.getRepository(Report).findOneByOrFail({ id });
      expect(row).toMatchObject({ version: 3, narrative: reportBody().narrative });
    });

    it('the officer must say what to change when requesting changes', async () => {
      const res = await review(t, a.officer.auth, id, { decision: 'request_changes' }).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('comment');
      const blank = await review(t, a.officer.auth, id, { decision: 'request_changes', comment: '   ' }).expect(400);
      expect(blank.body.details.map((d: { field: string }) => d.field)).toContain('comment');
    });

    it('the officer requests changes', async () => {
      freezeClock(t, '2026-03-20T14:00:00.000Z');
      const res = await review(t, a.officer.auth, id, {
        decision: 'request_changes',
        comment: 'Bitte Meilenstein-Termine ergänzen.',
      }).expect(200);
      expect(res.headers.etag).toBe('4');
      expect(res.body).toMatchObject({
        status: 'changes_requested',
        version: 4,
        reviewedAt: '2026-03-20T14:00:00.000Z',
        reviewComment: 'Bitte Meilenstein-Termine ergänzen.',
      });
      const row = await t.dataSource.getRepository(Report).findOneByOrFail({ id });
      expect(row.reviewedById).toBe(a.officer.id);
    });

    it('Kassel edits and resubmits: submission 2', async () => {
      freezeClock(t, '2026-03-25T08:00:00.000Z');
      await patch(t, a.kassel.auth, id, 4, {
        narrative: 'Die Datenplattform läuft; Sensorik zu 60 % ausgerollt.',
        overallStatus: 'on_track',
        overallStatusReason: null,
        milestones: [
          milestone({ status: 'done', actualDate: '2025-10-14' }),
          milestone({ title: 'Sensor rollout complete', plannedDate: '2026-06-30', status: 'planned' }),
        ],
        spending: [
          { costCategory: 'personnel', amountCents: 13_500_000 },
          { costCategory: 'investment', amountCents: 40_000_000 },
        ],
      }).expect(200);
      const res = await submit(t, a.kassel.auth, id).expect(200);
      expect(res.body).toMatchObject({ status: 'submitted', version: 6, submittedAt: '2026-03-25T08:00:00.000Z' });
    });

    it('the officer accepts; after that nothing changes the report', async () => {
      const res = await review(t, a.officer.auth, id, { decision: 'accept' }).expect(200);
      expect(res.body).toMatchObject({ status: 'accepted', version: 7, reviewComment: null });
      expect((await patch(t, a.kassel.auth, id, 7, { narrative: 'late edit' }).expect(422)).body.code).toBe('REPORT.NOT_EDITABLE');
      expect((await submit(t, a.kassel.auth, id).expect(422)).body.code).toBe('REPORT.NOT_SUBMITTABLE');
      expect((await review(t, a.officer.auth, id, { decision: 'accept' }).expect(422)).body.code).toBe('REPORT.NOT_SUBMITTED');
      expect((await t.dataSource.getRepository(Report).findOneByOrFail({ id })).version).toBe(7);
    });

    it('lists both submissions and what changed between them', async () => {
      const res = await t.http.get(`/api/v1/reports/${id}/versions`).set('Authorization', a.auditor.auth).expect(200);
      expect(res.body.total).toBe(2);
      const [first, second] = res.body.items;
      expect(first).toMatchObject({
        submission: 1,
        reportVersion: 3,
        submittedAt: '2026-03-15T09:30:00.000Z',
        submittedById: a.kassel.id,
        changes: [],
      });
      expect(first.content.overallStatus).toBe('at_risk');
      expect(second).toMatchObject({ submission: 2, reportVersion: 6, submittedAt: '2026-03-25T08:00:00.000Z' });
      expect(second.content.milestones).toHaveLength(2);
      expect(second.changes).toEqual([
        { field: 'narrative', change: 'changed' },
        { field: 'overallStatus', change: 'changed', from: 'at_risk', to: 'on_track' },
        { field: 'overallStatusReason', change: 'removed', from: 'Sensor deliveries are late.', to: null },
        {
          field: 'milestones',
          change: 'changed',
          key: 'Urban data platform live',
          from: milestone(),
          to: milestone({ status: 'done', actualDate: '2025-10-14' }),
        },
        {
          field: 'milestones',
          change: 'added',
          key: 'Sensor rollout complete',
          to: milestone({ title: 'Sensor rollout complete', plannedDate: '2026-06-30', status: 'planned' }),
        },
        {
          field: 'milestones',
          change: 'removed',
          key: 'Citizen app beta',
          from: milestone({ title: 'Citizen app beta', plannedDate: '2025-12-15', status: 'planned' }),
        },
        { field: 'spending', change: 'changed', key: 'personnel', from: 13_000_000, to: 13_500_000 },
        { field: 'spending', change: 'added', key: 'investment', from: null, to: 40_000_000 },
      ]);
    });

    it('keeps the project-level spending rows in line with the current content', async () => {
      expect((await spendingRows(id)).map((s) => [s.costCategory, s.amountCents])).toEqual([
        ['investment', 40_000_000],
        ['personnel', 13_500_000],
      ]);
    });

    it('records every step in the audit trail with before and after', async () => {
      const events = await t.dataSource
        .getRepository(AuditEvent)
        .find({ where: { entityType: 'report', entityId: String(id) }, order: { id: 'ASC' } });
      expect(events.map((e) => [e.action, e.actorEmail])).toEqual([
        ['report.create', a.kassel.email],
        ['report.update', a.kassel.email],
        ['report.submit', a.kassel.email],
        ['report.review', a.officer.email],
        ['report.update', a.kassel.email],
        ['report.submit', a.kassel.email],
        ['report.review', a.officer.email],
      ]);
      expect(events[0].before).toBeNull();
      expect(JSON.parse(events[0].after as string)).toMatchObject({ id, version: 1, status: 'draft' });
      for (const event of events.slice(1)) {
        const before = JSON.parse(event.before as string);
        const after = JSON.parse(event.after as string);
        expect(after.version).toBe(before.version + 1);
      }
      expect(JSON.parse(events[3].after as string)).toMatchObject({ decision: 'request_changes', status: 'changes_requested' });
    });
  });

  describe('concurrent edits', () => {
    let id: number;
    beforeAll(async () => {
      id = (await draft(t, a.kassel.auth, kassel, { period: nextPeriod() }).expect(201)).body.id;
    });

    it('the second of two edits made from the same version gets 409 and changes nothing', async () => {
      await patch(t, a.kassel.auth, id, 1, { narrative: 'first writer' }).expect(200);
      const res = await patch(t, a.kassel.auth, id, 1, { narrative: 'second writer', spending: [] }).expect(409);
      expect(res.body).toMatchObject({ code: 'REPORT.VERSION_CONFLICT', details: [{ field: 'If-Match', currentVersion: 2 }] });
      const current = await t.http.get(`/api/v1/reports/${id}`).set('Authorization', a.kassel.auth).expect(200);
      expect(current.body).toMatchObject({ version: 2, narrative: 'first writer', spending: reportBody().spending });
    });

    it('of two edits sent at once from the same version, exactly one wins', async () => {
      const results = await Promise.all([
        patch(t, a.kassel.auth, id, 2, { narrative: 'racer A' }),
        patch(t, a.kassel.auth, id, 2, { narrative: 'racer B' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)?.body.narrative;
      const row = await t.dataSource.getRepository(Report).findOneByOrFail({ id });
      expect(row).toMatchObject({ version: 3, narrative: winner });
      const updates = await t.dataSource.getRepository(AuditEvent).countBy({ action: 'report.update', entityId: String(id) });
      expect(updates).toBe(2);
    });

    it('of two drafts of one period sent at once, one is created and the other refused as a duplicate', async () => {
      const period = nextPeriod();
      const results = await Promise.all([draft(t, a.kassel.auth, kassel, { period }), draft(t, a.kassel.auth, kassel, { period })]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)?.body.code).toBe('REPORT.DUPLICATE');
      expect(await t.dataSource.getRepository(Report).countBy({ projectId: kassel, period })).toBe(1);
    });

    it('of two submissions sent at once, one is frozen and the other refused', async () => {
      const other = (await draft(t, a.kassel.auth, kassel, { period: nextPeriod() }).expect(201)).body.id;
      const results = await Promise.all([submit(t, a.kassel.auth, other), submit(t, a.kassel.auth, other)]);
      const statuses = results.map((r) => r.status).sort();
      // SQLite runs them one after the other (the second finds it submitted); PostgreSQL at once (the second loses the version race).
      expect(statuses[0]).toBe(200);
      expect([409, 422]).toContain(statuses[1]);
      expect(await t.dataSource.getRepository(ReportVersion).countBy({ reportId: other })).toBe(1);
    });

    it('an edit without If-Match is refused with 428', async () => {
      const res = await patch(t, a.kassel.auth, id, null, { narrative: 'blind write' }).expect(428);
      expect(res.body.code).toBe('REPORT.IF_MATCH_REQUIRED');
    });

    it('takes the ETag quoted as well, and refuses anything that is not a version', async () => {
      await patch(t, a.kassel.auth, id, '"3"', { narrative: 'quoted' }).expect(200);
      for (const bad of ['*', 'abc', '4, 5', 'W/"4"', '-1']) {
        const res = await patch(t, a.kassel.auth, id, bad, { narrative: 'x' }).expect(400);
        expect(res.body.details[0].field).toBe('If-Match');
      }
      expect((await t.dataSource.getRepository(Report).findOneByOrFail({ id })).version).toBe(4);
    });

    it('submit with a stale If-Match is refused, with a current one accepted', async () => {
      const stale = await t.http.post(`/api/v1/reports/${id}/submit`).set('Authorization', a.kassel.auth).set('If-Match', '3').expect(409);
      expect(stale.body.code).toBe('REPORT.VERSION_CONFLICT');
      await t.http.post(`/api/v1/reports/${id}/submit`).set('Authorization', a.kassel.auth).set('If-Match', '4').expect(200);
    });
  });

  describe('creating reports', () => {
    it('refuses a period the cadence does not have, naming period', async () => {
      for (const period of ['2025-Q1', '2025', '2025-H3', 'A', '1999-H1']) {
        const res = await draft(t, a.kassel.auth, kassel, { period }).expect(400);
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'period' })]);
      }
    });

    it('accepts the current period but not a later one', async () => {
      const res = await draft(t, a.kassel.auth, kassel, { period: '2026-H2' }).expect(422);
      expect(res.body.code).toBe('REPORT.PERIOD_IN_FUTURE');
      const current = await draft(t, a.kassel.auth, kassel, { period: '2026-H1' }).expect(201);
      expect(current.body.dueDate).toBe('2026-07-31');
    });

    it('refuses a second report of the same type and period with 409', async () => {
      const res = await draft(t, a.kassel.auth, kassel, { period: '2026-H1' }).expect(409);
      expect(res.body.code).toBe('REPORT.DUPLICATE');
    });

    it('needs the phase commitment for a proof of use, and counts its due date from it', async () => {
      const missing = await draft(t, a.darmstadt.auth, darmstadt, { type: 'proof_of_use_b', period: 'B' }).expect(422);
      expect(missing.body.code).toBe('REPORT.COMMITMENT_MISSING');
      await addCommitment(t, darmstadt, '2021-08-31', 'A');
      await addCommitment(t, darmstadt, '2023-01-15', 'B');
      await addCommitment(t, darmstadt, '2022-02-01', 'B');
      const b = await draft(t, a.darmstadt.auth, darmstadt, { type: 'proof_of_use_b', period: 'B' }).expect(201);
      expect(b.body).toMatchObject({ type: 'proof_of_use_b', period: 'B', dueDate: '2027-08-01' });
      const aReport = await draft(t, a.darmstadt.auth, darmstadt, { type: 'proof_of_use_a', period: 'A' }).expect(201);
      expect(aReport.body.dueDate).toBe('2024-02-29');
      const wrong = await draft(t, a.darmstadt.auth, darmstadt, { type: 'proof_of_use_a', period: '2025-H1' }).expect(400);
      expect(wrong.body.details[0].field).toBe('period');
    });

    it('creates a bare draft: every part may come later', async () => {
      const res = await t.http
        .post(`/api/v1/projects/${darmstadt}/reports`)
        .set('Authorization', a.darmstadt.auth)
        .send({ period: '2025-H1' })
        .expect(201);
      expect(res.body).toMatchObject({ type: 'progress', narrative: null, overallStatus: null, milestones: [], spending: [] });
    });
  });

  describe('submitting needs a complete report', () => {
    it('names every missing field', async () => {
      const id = (
        await t.http
          .post(`/api/v1/projects/${kassel}/reports`)
          .set('Authorization', a.kassel.auth)
          .send({ period: nextPeriod() })
          .expect(201)
      ).body.id;
      const res = await submit(t, a.kassel.auth, id).expect(422);
      expect(res.body).toMatchObject({ code: 'REPORT.INCOMPLETE' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['narrative', 'overallStatus']);

      await patch(t, a.kassel.auth, id, 1, { narrative: '   ', overallStatus: 'off_track' }).expect(200);
      const still = await submit(t, a.kassel.auth, id).expect(422);
      expect(still.body.details.map((d: { field: string }) => d.field)).toEqual(['narrative', 'overallStatusReason']);

      await patch(t, a.kassel.auth, id, 2, { narrative: 'Projekt ruht.', overallStatusReason: 'Stelle unbesetzt.' }).expect(200);
      await submit(t, a.kassel.auth, id).expect(200);
      expect(await t.dataSource.getRepository(ReportVersion).countBy({ reportId: id })).toBe(1);
    });
  });

  describe('listing reports', () => {
    it('filters by project, status, period and type, and pages', async () => {
      const all = await t.http.get('/api/v1/reports?limit=500').set('Authorization', a.officer.auth).expect(200);
      const submitted = await t.http
        .get(`/api/v1/reports?projectId=${kassel}&status=submitted`)
        .set('Authorization', a.officer.auth)
        .expect(200);
      const kasselSubmitted = all.body.items.filter(
        (r: { status: string; projectId: number }) => r.status === 'submitted' && r.projectId === kassel,
      );
      expect(kasselSubmitted.length).toBeGreaterThan(0);
      expect(submitted.body.total).toBe(kasselSubmitted.length);
      expect(
        submitted.body.items.every((r: { status: string; projectId: number }) => r.status === 'submitted' && r.projectId === kassel),
      ).toBe(true);
      const byPeriod = await t.http.get('/api/v1/reports?period=2025-H2').set('Authorization', a.officer.auth).expect(200);
      expect(byPeriod.body.items.map((r: { period: string }) => r.period)).toEqual(['2025-H2']);
      const proofs = await t.http.get('/api/v1/reports?type=proof_of_use_b').set('Authorization', a.officer.auth).expect(200);
      expect(proofs.body).toMatchObject({ total: 1, items: [{ projectId: darmstadt, period: 'B' }] });

      const page = await t.http.get('/api/v1/reports?limit=2&offset=1&sort=-id').set('Authorization', a.officer.auth).expect(200);
      const ids = (all.body.items as { id: number }[]).map((r) => r.id).sort((x, y) => y - x);
      expect(page.body).toMatchObject({ total: all.body.total, limit: 2, offset: 1 });
      expect(page.body.items.map((r: { id: number }) => r.id)).toEqual(ids.slice(1, 3));
      const byDue = (all.body.items as { dueDate: string }[]).map((r) => r.dueDate);
      expect(byDue).toEqual([...byDue].sort());
    });
  });
});
