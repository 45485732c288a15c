import ExcelJS from 'exceljs';
import { JobRun } from '../src/jobs/job-run.entity';
import type { Account } from './support/accounts';
import { decimalToCents, exportFile, germanAmount, parseCsv, pdfText, sha256 } from './support/exports';
import type { TestApp } from './support/test-app';
import type { Expected, ExportFixtures } from './support/export-fixtures';
import { EXCEL_DE_HEADER, exportFixtures, NOW, RFC4180_HEADER, sums, total } from './support/export-fixtures';

describe('funding-summary exports', () => {
  let t: TestApp;
  let officer: Account;
  let auditor: Account;
  let expected: Map<string, Expected>;
  let programme: ExportFixtures['programme'];
  let entryCount: number;
  const select = (filter: (p: Expected) => boolean) => [...expected.values()].filter(filter);

  beforeAll(async () => {
    ({ t, officer, auditor, expected, programme, entryCount } = await exportFixtures());
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
});
