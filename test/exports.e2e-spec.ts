import ExcelJS from 'exceljs';
import { JobRun } from '../src/jobs/job-run.entity';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import {
  decimalToCents,
  download,
  exportFile,
  finishedExport,
  germanAmount,
  parseCsv,
  pdfText,
  requestExport,
  sha256,
} from './support/exports';
import { commit, disburse, projectId } from './support/funding';
import { draft, freezeClock, submit } from './support/reports';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

const NOW = '2026-11-27T10:00:00.000Z';

interface Expected {
  id: number;
  slug: string;
  name: string;
  round: number;
  year: number;
  category: string;
  states: string[];
  leadId: number | null;
  lead: string | null;
  memberIds: number[];
  grantCents: number | null;
  grantUncertain: boolean;
  committedCents: number;
  disbursedCents: number;
  repaidCents: number;
  reportedSpendCents: number;
  remainingCents: number;
}

const EXCEL_DE_HEADER = [
  'Slug',
  'Projekt',
  'Staffel',
  'Jahr',
  'Kategorie',
  'Länder',
  'Federführung',
  'Zuwendung (EUR)',
  'Zuwendung unsicher',
  'Bewilligt (EUR)',
  'Ausgezahlt (EUR)',
  'Rückzahlungen (EUR)',
  'Berichtete Ausgaben (EUR)',
  'Verbleibend (EUR)',
];
const RFC4180_HEADER = [
  'slug',
  'name',
  'round',
  'year',
  'category',
  'states',
  'lead',
  'grant_eur',
  'grant_uncertain',
  'committed_eur',
  'disbursed_eur',
  'repaid_eur',
  'reported_spend_eur',
  'remaining_eur',
];

const total = (values: number[]) => Number(values.reduce((s, v) => s + BigInt(v), 0n));

describe('funding-summary exports', () => {
  let t: TestApp;
  let officer: Account;
  let auditor: Account;
  let kassel: Account;
  let darmstadt: Account;
  /** Every project as the API tells it (GET /projects and GET /projects/:id/funding), by slug. */
  let expected: Map<string, Expected>;
  let programme: { projectCount: number; grantedCents: number; projectsWithUnknownGrant: number; projectsWithUncertainGrant: number };
  let entryCount: number;

  /** What the export of `filter` must contain, read from the API rather than from the code under test. */
  const select = (filter: (p: Expected) => boolean) => [...expected.values()].filter(filter);
  const sums = (projects: Expected[]) => ({
    projectCount: projects.length,
    grantedCents: total(projects.map((p) => p.grantCents ?? 0)),
    projectsWithUnknownGrant: projects.filter((p) => p.grantCents === null).length,
    committedCents: total(projects.map((p) => p.committedCents)),
    disbursedCents: total(projects.map((p) => p.disbursedCents)),
    repaidCents: total(projects.map((p) => p.repaidCents)),
    reportedSpendCents: total(projects.map((p) => p.reportedSpendCents)),
    remainingCents: total(projects.map((p) => p.remainingCents)),
  });

  beforeAll(async () => {
    t = await createTestApp();
    ({ officer, auditor, kassel, darmstadt } = await standardAccounts(t));
    freezeClock(t, NOW);

    // Funding recorded the way the programme office records it: through the API.
    const kasselId = await projectId(t, 'kassel');
    const darmstadtId = await projectId(t, 'darmstadt');
    const berlinId = await projectId(t, 'berlin'); // no grant known: no cap on commitments
    const recorded = [
      await commit(t, officer.auth, kasselId, { amountCents: 846_237_750, date: '2021-03-15', phase: 'B' }),
      await disburse(t, officer.auth, kasselId, { amountCents: 123_456_789, date: '2022-06-30', budgetYear: 2022 }),
      await disburse(t, officer.auth, kasselId, { amountCents: 7, date: '2022-07-01', budgetYear: 2021 }),
      await commit(t, officer.auth, darmstadtId, { amountCents: 200_000_000, date: '2021-04-01', phase: 'A' }),
      await disburse(t, officer.auth, darmstadtId, { amountCents: 50_000_000, date: '2021-09-30', budgetYear: 2021 }),
      await commit(t, officer.auth, berlinId, { amountCents: 300_000_001, date: '2021-05-01', phase: 'A' }),
    ];
    expect(recorded.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    entryCount = recorded.length;
    // Kassel hands in a report with spending: it counts as reported spend.
    const report = await draft(t, kassel.auth, kasselId);
    expect(report.status).toBe(201);
    expect((await submit(t, kassel.auth, report.body.id)).status).toBe(200);

    programme = (await t.http.get('/api/v1/programme').expect(200)).body;
    const list = (await t.http.get('/api/v1/projects?limit=500').expect(200)).body.items as any[];
    expected = new Map();
    for (const p of list) {
      const funding = (await t.http.get(`/api/v1/projects/${p.id}/funding`).set('Authorization', officer.auth).expect(200)).body;
      expected.set(p.slug, {
        id: p.id,
        slug: p.slug,
        name: p.name,
        round: p.round.number,
        year: p.round.year,
        category: p.category,
        states: p.states,
        leadId: p.lead?.id ?? null,
        lead: p.lead?.name ?? null,
        memberIds: p.members.map((m: { id: number }) => m.id),
        grantCents: p.grantCents,
        grantUncertain: p.grantUncertain,
        committedCents: funding.committedCents,
        disbursedCents: funding.disbursedCents,
        repaidCents: funding.repaidCents,
        reportedSpendCents: funding.reportedSpendCents,
        remainingCents: funding.remainingCents,
      });
    }
    expect(expected.get('kassel')?.reportedSpendCents).toBeGreaterThan(0);
  });
  afterAll(() => t.close());

  describe('CSV for German Excel (the default dialect)', () => {
    it('is UTF-8 with a BOM, ";"-separated, CRLF, decimal comma; every project matches its funding and the totals row counts unknown grants', async () => {
      const { run, bytes } = await exportFile(t, officer.auth, { format: 'csv' });
      expect(run.params).toEqual({ format: 'csv', csvDialect: 'excel-de', rows: 'projects', scopeBodyId: null });
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(/[^\r]\n/.test(text)).toBe(false);

      const [header, ...rest] = parseCsv(bytes, 'excel-de');
      expect(header).toEqual(EXCEL_DE_HEADER);
      const rows = rest.filter((r) => r[0] !== '');
      const totals = rest.filter((r) => r[0] === '');
      expect(rows).toHaveLength(73);
      expect(totals).toHaveLength(1);

      for (const row of rows) {
        const p = expected.get(row[0]) as Expected;
        expect({ slug: row[0], name: row[1], round: row[2], year: row[3], states: row[5], lead: row[6] }).toEqual({
          slug: p.slug,
          name: p.name,
          round: String(p.round),
          year: String(p.year),
          states: p.states.join(', '),
          lead: p.lead ?? '',
        });
        expect(row.slice(7).map((cell, i) => (i === 1 ? cell : decimalToCents(cell, ',')))).toEqual([
          p.grantCents,
          p.grantCents === null ? '' : p.grantUncertain ? 'ja' : 'nein',
          p.committedCents,
          p.disbursedCents,
          p.repaidCents,
          p.reportedSpendCents,
          p.remainingCents,
        ]);
      }
      // Kassel as a reader sees it: 8 462 377,50 € committed.
      expect(rows.find((r) => r[0] === 'kassel')?.slice(7, 11)).toEqual(['11000000,00', 'nein', '8462377,50', '1234567,96']);
      expect(rows.find((r) => r[0] === 'darmstadt')?.[4]).toBe('Großstädte');

      const all = sums([...expected.values()]);
      const [sumRow] = totals;
      expect(sumRow[1]).toContain(`Summe: 73 Projekte; Zuwendung bei ${programme.projectsWithUnknownGrant} unbekannt`);
      expect(sumRow.slice(7).map((cell) => (cell === '' ? null : decimalToCents(cell, ',')))).toEqual([
        programme.grantedCents,
        null,
        all.committedCents,
        all.disbursedCents,
        all.repaidCents,
        all.reportedSpendCents,
        all.remainingCents,
      ]);
      expect(all.committedCents).toBe(846_237_750 + 200_000_000 + 300_000_001);
    });
  });

  describe('CSV per RFC 4180', () => {
    it('has no BOM, "," between fields, a decimal point, CRLF, and quotes the fields that hold a comma', async () => {
      const { bytes } = await exportFile(t, officer.auth, { format: 'csv', csvDialect: 'rfc4180' });
      expect(bytes.subarray(0, 4).toString()).toBe('slug');
      const text = bytes.toString('utf8');
      expect(/[^\r]\n/.test(text)).toBe(false);
      // A project spanning several Länder: the field holds ", " and is quoted.
      const multi = select((p) => p.states.length > 1)[0];
      expect(text).toContain(`"${multi.states.join(', ')}"`);

      const [header, ...rest] = parseCsv(bytes, 'rfc4180');
      expect(header).toEqual(RFC4180_HEADER);
      const rows = rest.filter((r) => r[0] !== '');
      expect(rows).toHaveLength(73);
      for (const row of rows) {
        const p = expected.get(row[0]) as Expected;
        expect([row[4], row[5]]).toEqual([p.category, p.states.join(', ')]);
        expect(row.slice(7).map((cell, i) => (i === 1 ? cell : decimalToCents(cell, '.')))).toEqual([
          p.grantCents,
          p.grantCents === null ? '' : String(p.grantUncertain),
          p.committedCents,
          p.disbursedCents,
          p.repaidCents,
          p.reportedSpendCents,
          p.remainingCents,
        ]);
      }
      const sumRow = rest.find((r) => r[0] === '') as string[];
      expect(sumRow[1]).toBe(
        `TOTAL: 73 projects; grant unknown for ${programme.projectsWithUnknownGrant} (not in grant_eur), uncertain for ${programme.projectsWithUncertainGrant}`,
      );
      expect(decimalToCents(sumRow[7], '.')).toBe(programme.grantedCents);
    });
  });

  describe('XLSX', () => {
    it('has the sheets Projekte, Runden, Kategorien, Länder with euro number cells, a frozen header, an autofilter and column widths', async () => {
      const { bytes } = await exportFile(t, officer.auth, { format: 'xlsx' });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['Projekte', 'Runden', 'Kategorien', 'Länder']);

      for (const sheet of workbook.worksheets) {
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
        expect(sheet.autoFilter).toBeTruthy();
        expect(sheet.getRow(1).font?.bold).toBe(true);
      }
      const projects = workbook.getWorksheet('Projekte') as ExcelJS.Worksheet;
      expect(projects.autoFilter).toBe('A1:N1');
      expect(projects.getColumn(2).width).toBeGreaterThanOrEqual(30);
      const headers = (projects.getRow(1).values as unknown[]).slice(1);
      expect(headers).toEqual([
        'Slug',
        'Projekt',
        'Staffel',
        'Jahr',
        'Kategorie',
        'Länder',
        'Federführung',
        'Zuwendung',
        'Zuwendung unsicher',
        'Bewilligt',
        'Ausgezahlt',
        'Rückzahlungen',
        'Berichtete Ausgaben',
        'Verbleibend',
      ]);

      const seen = new Set<string>();
      let totalRow: ExcelJS.Row | undefined;
      projects.eachRow((row, n) => {
        if (n === 1) return;
        const slug = row.getCell(1).value;
        if (typeof slug !== 'string') {
          totalRow = row;
          return;
        }
        seen.add(slug);
        const p = expected.get(slug) as Expected;
        // Real numbers (euros), shown with the euro format; cents × 100 back are exact.
        const euroCells = [8, 10, 11, 12, 13, 14].map((c) => row.getCell(c));
        for (const cell of euroCells) {
          if (cell.value !== null) expect(typeof cell.value).toBe('number');
          expect(cell.numFmt).toBe('#,##0.00 "€"');
        }
        expect(euroCells.map((c) => (c.value === null ? null : Math.round((c.value as number) * 100)))).toEqual([
          p.grantCents,
          p.committedCents,
          p.disbursedCents,
          p.repaidCents,
          p.reportedSpendCents,
          p.remainingCents,
        ]);
        expect(row.getCell(3).value).toBe(p.round);
      });
      expect(seen.size).toBe(73);
      expect(totalRow?.font?.bold).toBe(true);
      expect(String(totalRow?.getCell(2).value)).toContain(`Zuwendung bei ${programme.projectsWithUnknownGrant} unbekannt`);
      expect(Math.round((totalRow?.getCell(8).value as number) * 100)).toBe(programme.grantedCents);

      // The round sheet agrees with GET /rounds.
      const rounds = (await t.http.get('/api/v1/rounds').expect(200)).body as any[];
      const roundSheet = workbook.getWorksheet('Runden') as ExcelJS.Worksheet;
      for (const [i, r] of rounds.entries()) {
        const row = roundSheet.getRow(i + 2);
        expect([
          row.getCell(1).value,
          row.getCell(3).value,
          Math.round((row.getCell(4).value as number) * 100),
          row.getCell(5).value,
        ]).toEqual([r.number, r.projectCount, r.grantedCents, r.projectsWithUnknownGrant]);
        expect(row.getCell(4).numFmt).toBe('#,##0.00 "€"');
        const ofRound = sums(select((p) => p.round === r.number));
        expect(Math.round((row.getCell(7).value as number) * 100)).toBe(ofRound.committedCents);
      }
      const states = workbook.getWorksheet('Länder') as ExcelJS.Worksheet;
      const hessen = (states.getColumn(2).values as unknown[]).indexOf('DE-HE');
      expect(states.getRow(hessen).getCell(3).value).toBe(select((p) => p.states.includes('DE-HE')).length);
    });
  });

  describe('PDF', () => {
    it('opens with a title page of totals and charts, then tables by round, category and Land, then every project', async () => {
      const { bytes } = await exportFile(t, officer.auth, { format: 'pdf' });
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdfText(bytes);
      const pages = text.split('\f').filter((p) => p.trim() !== '');
      expect(pages.length).toBeGreaterThanOrEqual(4);
      const all = sums([...expected.values()]);

      const title = pages[0];
      expect(title).toContain('Förderübersicht');
      expect(title).toContain('Datenstand');
      expect(title).toContain('27.11.2026, 11:00 Uhr');
      expect(title).toContain(`${germanAmount(programme.grantedCents)} €`);
      expect(title).toContain(`${programme.projectsWithUnknownGrant} Projekte`);
      expect(title).toContain(`${germanAmount(all.committedCents)} €`);
      expect(title).toContain(`${germanAmount(all.disbursedCents)} €`);
      expect(title).toContain(`${germanAmount(all.remainingCents)} €`);
      expect(title).toContain(`${germanAmount(all.reportedSpendCents)} €`);
      expect(title).toContain('Förderung nach Staffel');
      expect(title).toContain('Förderung nach Kategorie');
      expect(title).toContain('Staffel 2 (2020)');

      expect(pages[1]).toContain('Nach Staffel');
      expect(pages[1]).toContain('Nach Kategorie');
      expect(pages[1]).toContain('Nach Land');
      expect(pages[1]).toContain('Hessen');

      const list = pages.slice(2).join('\n');
      for (const p of expected.values()) expect(list).toContain(p.name.length > 20 ? p.name.slice(0, 12) : p.name);
      expect(list).toContain('Cottbus/Chóśebuz');
      expect(list).toMatch(/Kassel .*11\.000\.000,00 +8\.462\.377,50 +1\.234\.567,96/);
      expect(list).toMatch(
        new RegExp(
          `Summe: 73 Projekte +${germanAmount(programme.grantedCents).replace(/\./g, '\\.')} +${germanAmount(all.committedCents).replace(/\./g, '\\.')}`,
        ),
      );
      expect(list).toContain(`${programme.projectsWithUnknownGrant} Projekte ohne bekannte Zuwendung sind darin nicht enthalten`);
      // Every list page repeats the table header.
      for (const page of pages.slice(2)) expect(page).toMatch(/Projekt +St\. +Kategorie/);
    });
  });

  describe('JSON', () => {
    it('is { programme, filters, dataAsOf, totals, projects } with cents that match the funding of each project', async () => {
      const { bytes } = await exportFile(t, officer.auth, { format: 'json' });
      const doc = JSON.parse(bytes.toString('utf8'));
      expect(doc.programme).toEqual({ code: 'MPSC', name: expect.any(String), budgetCents: 82_000_000_000, currency: 'EUR' });
      expect(doc.filters).toEqual({ round: null, category: null, state: null, scopeBodyId: null, scopeBodyName: null });
      expect(doc.dataAsOf).toBe(NOW);
      expect(doc.projects).toHaveLength(73);
      for (const p of doc.projects) {
        const e = expected.get(p.slug) as Expected;
        expect(p).toMatchObject({
          id: e.id,
          grantCents: e.grantCents,
          committedCents: e.committedCents,
          disbursedCents: e.disbursedCents,
          repaidCents: e.repaidCents,
          reportedSpendCents: e.reportedSpendCents,
          remainingCents: e.remainingCents,
          states: e.states,
          round: { number: e.round, year: e.year },
        });
      }
      expect(doc.totals).toEqual({
        ...sums([...expected.values()]),
        grantedCents: programme.grantedCents,
        projectsWithUnknownGrant: programme.projectsWithUnknownGrant,
        projectsWithUncertainGrant: programme.projectsWithUncertainGrant,
        commitmentCount: 3,
        disbursementCount: 3,
      });
      const categories = (await t.http.get('/api/v1/categories').expect(200)).body as any[];
      expect(doc.byCategory.map((c: any) => [c.code, c.projectCount, c.grantedCents])).toEqual(
        categories.map((c) => [c.code, c.projectCount, c.grantedCents]),
      );
    });

    it('filters like GET /projects: round 2 in Hessen gives the same projects', async () => {
      const { run, bytes } = await exportFile(t, auditor.auth, { format: 'json', round: 2, state: 'DE-HE', category: 'GROSSSTADT' });
      const doc = JSON.parse(bytes.toString('utf8'));
      const listed = (await t.http.get('/api/v1/projects?round=2&state=DE-HE&category=GROSSSTADT&limit=500').expect(200)).body
        .items as any[];
      expect(doc.projects.map((p: any) => p.slug).sort()).toEqual(listed.map((p) => p.slug).sort());
      expect(doc.projects.map((p: any) => p.slug)).toEqual(expect.arrayContaining(['kassel', 'darmstadt']));
      expect(doc.filters).toMatchObject({ round: 2, state: 'DE-HE', category: 'GROSSSTADT' });
      expect(run.result.totals.committedCents).toBe(846_237_750 + 200_000_000);
    });
  });

  describe('one row per commitment or disbursement (rows=transactions)', () => {
    it('lists every entry once, with type, date, phase or budget year and amount, adding up to the funding', async () => {
      const { bytes } = await exportFile(t, officer.auth, { format: 'csv', rows: 'transactions' });
      const [header, ...rest] = parseCsv(bytes, 'excel-de');
      expect(header).toEqual(['Projekt-Slug', 'Projekt', 'Art', 'Datum', 'Phase', 'Haushaltsjahr', 'Betrag (EUR)']);
      const rows = rest.filter((r) => r[0] !== '');
      expect(rows).toHaveLength(entryCount);
      expect(rows).toContainEqual(['kassel', 'Kassel', 'Bewilligung', '2021-03-15', 'B', '2021', '8462377,50']);
      expect(rows).toContainEqual(['kassel', 'Kassel', 'Auszahlung', '2022-07-01', '', '2021', '0,07']);
      for (const slug of ['kassel', 'darmstadt', 'berlin']) {
        const e = expected.get(slug) as Expected;
        const of = (type: string) =>
          total(rows.filter((r) => r[0] === slug && r[2] === type).map((r) => decimalToCents(r[6], ',') as number));
        expect([of('Bewilligung'), of('Auszahlung')]).toEqual([e.committedCents, e.disbursedCents]);
      }
      const totals = rest.filter((r) => r[0] === '');
      expect(totals.map((r) => [r[1], decimalToCents(r[6], ',')])).toEqual([
        ['Summe Bewilligungen (3 Buchungen)', 1_346_237_751],
        ['Summe Auszahlungen (3 Buchungen)', 173_456_796],
      ]);

      const json = JSON.parse((await exportFile(t, officer.auth, { format: 'json', rows: 'transactions' })).bytes.toString('utf8'));
      expect(json.transactions).toHaveLength(entryCount);
      expect(json.transactions[0]).toEqual({
        type: 'commitment',
        kind: 'commitment',
        id: expect.any(Number),
        projectId: expected.get('kassel')?.id,
        projectSlug: 'kassel',
        projectName: 'Kassel',
        date: '2021-03-15',
        phase: 'B',
        budgetYear: 2021,
        amountCents: 846_237_750,
      });

      const xlsx = new ExcelJS.Workbook();
      await xlsx.xlsx.load((await exportFile(t, officer.auth, { format: 'xlsx', rows: 'transactions' })).bytes as unknown as ArrayBuffer);
      expect(xlsx.worksheets.map((s) => s.name)).toEqual(['Buchungen', 'Runden', 'Kategorien', 'Länder']);
      const first = (xlsx.getWorksheet('Buchungen') as ExcelJS.Worksheet).getRow(2);
      expect(first.getCell(4).value).toEqual(new Date('2021-03-15T00:00:00Z'));
      expect(first.getCell(4).numFmt).toBe('dd.mm.yyyy');
      expect(first.getCell(7).value).toBe(8462377.5);
    });
  });

  describe('downloading the file', () => {
    it.each([
      ['csv', 'text/csv; charset=utf-8'],
      ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['pdf', 'application/pdf'],
      ['json', 'application/json; charset=utf-8'],
    ])('%s comes with its content type, a dated file name, and the SHA-256 and dataAsOf of the run', async (format, contentType) => {
      const { run, bytes, res } = await exportFile(t, officer.auth, { format });
      const name = `mpsc-funding-summary-2026-11-27.${format}`;
      expect(res.headers['content-type']).toBe(contentType);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${name}"`);
      expect(Number(res.headers['content-length'])).toBe(bytes.length);
      expect(run.artifact).toEqual({ name, contentType, bytes: bytes.length, url: `/api/v1/jobs/${run.id}/artifact` });
      expect(run.contentHash).toBe(sha256(bytes));
      expect(run.dataAsOf).toBe(NOW);
      expect(run.progress).toBe(100);
      // Stored relative to ARTIFACTS_DIR, next to nothing but itself (no temporary file left).
      const stored = await t.dataSource.getRepository(JobRun).findOneByOrFail({ id: run.id });
      expect(stored.artifactPath).toBe(`exports/${run.id}/${name}`);
      const { readdirSync } = await import('node:fs');
      expect(readdirSync(`${t.config.artifactsDir}/exports/${run.id}`)).toEqual([name]);
    });
  });

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
