import { JobRun } from '../src/jobs/job-run.entity';
import type { Account } from './support/accounts';
import { download, exportFile, finishedExport, parseCsv, pdfText, requestExport, sha256 } from './support/exports';
import type { TestApp } from './support/test-app';
import type { Expected } from './support/export-fixtures';
import { exportFixtures, sums } from './support/export-fixtures';

describe('funding-summary exports: scope, bad requests, idempotency', () => {
  let t: TestApp;
  let officer: Account;
  let auditor: Account;
  let kassel: Account;
  let darmstadt: Account;
  let expected: Map<string, Expected>;
  const select = (filter: (p: Expected) => boolean) => [...expected.values()].filter(filter);

  beforeAll(async () => {
    ({ t, officer, auditor, kassel, darmstadt, expected } = await exportFixtures());
  });
  afterAll(() => t.close());

  describe('a municipality exports only its own projects', () => {
    const ownedBy = (account: Account) => (p: Expected) => p.leadId === account.bodyId || p.memberIds.includes(account.bodyId as number);

    it("gets its own projects with no filter, and no one else's with a filter that would include them", async () => {
      const own = select(ownedBy(kassel));
      expect(own.map((p) => p.slug)).toContain('kassel');

      const { run, bytes } = await exportFile(t, kassel.auth, { format: 'csv' });
      expect(run.params).toMatchObject({ scopeBodyId: kassel.bodyId });
      const rows = parseCsv(bytes, 'excel-de')
        .slice(1)
        .filter((r) => r[0] !== '');
      expect(rows.map((r) => r[0]).sort()).toEqual(own.map((p) => p.slug).sort());

      // Hessen, round 2, Großstädte: Darmstadt matches every filter, yet is not Kassel's.
      const hessen = JSON.parse(
        (await exportFile(t, kassel.auth, { format: 'json', round: 2, state: 'DE-HE', category: 'GROSSSTADT' })).bytes.toString('utf8'),
      );
      expect(hessen.projects.map((p: any) => p.slug).sort()).toEqual(
        own
          .filter((p) => p.round === 2 && p.states.includes('DE-HE'))
          .map((p) => p.slug)
          .sort(),
      );
      expect(hessen.projects.map((p: any) => p.slug)).not.toContain('darmstadt');
      expect(hessen.filters).toMatchObject({ scopeBodyId: kassel.bodyId, scopeBodyName: 'Kassel' });
      expect(hessen.totals.committedCents).toBe(sums(own.filter((p) => p.round === 2)).committedCents);

      // Round 1 and Saxony hold none of Kassel's projects: an empty file, not someone else's.
      const empty = JSON.parse((await exportFile(t, kassel.auth, { format: 'json', round: 1, state: 'DE-SN' })).bytes.toString('utf8'));
      expect(empty.projects).toEqual([]);
      expect(empty.totals).toMatchObject({ projectCount: 0, grantedCents: 0, committedCents: 0 });
      const emptyCsv = parseCsv((await exportFile(t, kassel.auth, { format: 'csv', round: 1 })).bytes, 'excel-de');
      expect(emptyCsv).toHaveLength(2);
      expect(emptyCsv[1][1]).toContain('Summe: 0 Projekte');

      // Entries too: only Kassel's commitments and disbursements.
      const entries = JSON.parse((await exportFile(t, kassel.auth, { format: 'json', rows: 'transactions' })).bytes.toString('utf8'));
      expect(new Set(entries.transactions.map((e: any) => e.projectSlug))).toEqual(new Set(['kassel']));

      // The PDF says whose projects it covers.
      const pdf = await pdfText((await exportFile(t, kassel.auth, { format: 'pdf' })).bytes);
      expect(pdf).toContain('Projekte von Kassel');
      expect(pdf).not.toContain('Darmstadt');
    });

    it('cannot widen the scope through the request', async () => {
      const res = await requestExport(t, kassel.auth, { format: 'csv', scopeBodyId: null }).expect(400);
      expect(res.body.details).toContainEqual(expect.objectContaining({ field: 'scopeBodyId' }));
    });

    it("cannot see or download another account's run; the auditor can download any", async () => {
      const officers = await exportFile(t, officer.auth, { format: 'csv' });
      const darmstadts = await exportFile(t, darmstadt.auth, { format: 'csv' });
      for (const id of [officers.run.id, darmstadts.run.id]) {
        expect((await t.http.get(`/api/v1/jobs/${id}`).set('Authorization', kassel.auth)).status).toBe(404);
        const refused = await download(t, kassel.auth, id);
        expect(refused.res.status).toBe(404);
        expect(JSON.parse(refused.bytes.toString()).code).toBe('JOB.NOT_FOUND');
      }
      const listed = (await t.http.get('/api/v1/jobs?kind=export&limit=500').set('Authorization', kassel.auth).expect(200)).body
        .items as any[];
      // Exactly the export runs Kassel requested, as the table holds them.
      const requested = await t.dataSource.getRepository(JobRun).findBy({ kind: 'export', requestedById: kassel.id });
      expect(listed.map((r) => r.id).sort()).toEqual(requested.map((r) => r.id).sort());
      expect(listed.map((r) => r.id)).not.toContain(officers.run.id);
      expect(listed.every((r) => r.params.scopeBodyId === kassel.bodyId)).toBe(true);

      for (const { run, bytes } of [officers, darmstadts]) {
        const got = await download(t, auditor.auth, run.id);
        expect(got.res.status).toBe(200);
        expect(sha256(got.bytes)).toBe(sha256(bytes));
      }
    });
  });

  describe('bad requests are refused with 400 naming the field, and queue nothing', () => {
    it.each([
      [{ format: 'docx' }, 'format'],
      [{}, 'format'],
      [{ format: 'csv', round: 9 }, 'round'],
      [{ format: 'csv', round: '2' }, 'round'],
      [{ format: 'csv', round: 0 }, 'round'],
      [{ format: 'csv', category: 'DORF' }, 'category'],
      [{ format: 'csv', state: 'DE-XX' }, 'state'],
      [{ format: 'csv', state: 'de-he' }, 'state'],
      [{ format: 'csv', csvDialect: 'semicolon' }, 'csvDialect'],
      [{ format: 'pdf', csvDialect: 'rfc4180' }, 'csvDialect'],
      [{ format: 'csv', rows: 'entries' }, 'rows'],
      [{ format: 'csv', groupBy: 'round' }, 'groupBy'],
    ])('%j → 400 on %s', async (body, field) => {
      const before = await t.dataSource.getRepository(JobRun).count();
      const res = await requestExport(t, officer.auth, body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION.INVALID' });
      expect(res.body.details).toContainEqual(expect.objectContaining({ field }));
      expect(await t.dataSource.getRepository(JobRun).count()).toBe(before);
    });

    it('refuses a malformed Idempotency-Key (400) and a caller without a token (401)', async () => {
      const bad = await requestExport(t, officer.auth, { format: 'csv' }, 'no spaces allowed').expect(400);
      expect(bad.body.details).toContainEqual(expect.objectContaining({ field: 'Idempotency-Key' }));
      await t.http.post('/api/v1/exports').send({ format: 'csv' }).expect(401);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the same run for the same key, and 409 when the key is reused for another request', async () => {
      const first = await requestExport(t, officer.auth, { format: 'xlsx', round: 3 }, 'export-2026-11-27').expect(202);
      const second = await requestExport(t, officer.auth, { format: 'xlsx', round: 3 }, 'export-2026-11-27').expect(202);
      expect(first.body).toEqual({ id: expect.any(String), status: expect.any(String), url: `/api/v1/jobs/${first.body.id}` });
      expect(second.body).toEqual({ ...first.body, status: expect.any(String) });
      expect(await t.dataSource.getRepository(JobRun).countBy({ dedupeKey: `idem:${officer.id}:export:export-2026-11-27` })).toBe(1);
      const other = await requestExport(t, officer.auth, { format: 'pdf' }, 'export-2026-11-27').expect(409);
      expect(other.body.code).toBe('JOB.IDEMPOTENCY_KEY_REUSED');
      // The key belongs to its account: the auditor's same key is a run of its own.
      const auditors = await requestExport(t, auditor.auth, { format: 'xlsx', round: 3 }, 'export-2026-11-27').expect(202);
      expect(auditors.body.id).not.toBe(first.body.id);
      await finishedExport(t, officer.auth, first.body.id);
      await finishedExport(t, auditor.auth, auditors.body.id);
    });
  });
});
