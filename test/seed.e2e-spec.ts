import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TransactionService } from '../src/database/transaction.service';
import { applySeed } from '../src/seeds/apply-seed';
import { buildSeedData, SeedError } from '../src/seeds/programme-seed';
import { SeedService } from '../src/seeds/seed.service';
import { csvText, programmeFile } from './support/seed-csv';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/**
 * `npm run seed` (and the first start) bring the database to seeds/: running
 * it again changes nothing, a hand-edited row is put back, and a broken seed
 * file is refused, naming the line, without writing anything.
 */
const SEEDED_TABLES = ['programme', 'funding_round', 'category', 'state', 'body', 'project', 'project_member', 'project_state'];

/** A fingerprint of every row of the seeded tables, independent of the order the database returns them in. */
async function checksum(dataSource: DataSource, ignoreColumns: string[] = []): Promise<string> {
  const hash = createHash('sha256');
  for (const table of SEEDED_TABLES) {
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM "${table}"`);
    const lines = rows
      .map((row) => {
        for (const column of ignoreColumns) delete row[column];
        const normalised = Object.keys(row)
          .sort()
          .map((key) => [key, row[key] instanceof Date ? (row[key] as Date).toISOString() : String(row[key])]);
        return JSON.stringify(normalised);
      })
      .sort();
    hash.update(`${table}:${rows.length}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}

/** The CSV with one line replaced (1-based, the header is line 1). The file ends its lines with CRLF. */
function withLine(csv: string, lineNumber: number, edit: (line: string) => string): string {
  const lines = csv.split('\r\n');
  lines[lineNumber - 1] = edit(lines[lineNumber - 1]);
  return lines.join('\r\n');
}

const lineOf = (csv: string, lineNumber: number) => csv.split('\r\n')[lineNumber - 1];

function seedError(csv: string): SeedError {
  try {
    buildSeedData(programmeFile(), csv);
  } catch (error) {
    if (error instanceof SeedError) return error;
    throw error;
  }
  throw new Error('the seed was accepted');
}

const KASSEL_LINE = 21;

describe('seeding the real portfolio', () => {
  let t: TestApp;
  let seeded: string;
  let seededIgnoringUpdates: string;

  beforeAll(async () => {
    t = await createTestApp();
    seeded = await checksum(t.dataSource);
    seededIgnoringUpdates = await checksum(t.dataSource, ['updated_at']);
  });
  afterAll(() => t.close());

  it('has loaded the CSV on first start', async () => {
    expect(lineOf(csvText(), KASSEL_LINE)).toMatch(/^2,2020,Kassel,Kassel,,Grossstadt,Hessen,11000000,/);
    const [row] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM project`);
    expect(Number(row.n)).toBe(73);
  });

  describe('run again', () => {
    it('changes nothing: same rows, nothing inserted or updated', async () => {
      const report = await t.app.get(SeedService).seed();
      expect(report).toMatchObject({ inserted: 0, updated: 0 });
      expect(report.unchanged).toBeGreaterThan(73);
      expect(await checksum(t.dataSource)).toBe(seeded);
    });

    it('changes nothing the third time either', async () => {
      await t.app.get(SeedService).seed();
      const report = await t.app.get(SeedService).seed();
      expect(report).toMatchObject({ inserted: 0, updated: 0 });
      expect(await checksum(t.dataSource)).toBe(seeded);
    });

    it('puts back a grant, a member and a Land that were edited by hand', async () => {
      const [kassel] = await t.dataSource.query(`SELECT id FROM project WHERE slug = 'kassel'`);
      const [brandis] = await t.dataSource.query(`SELECT id FROM project WHERE slug = 'brandis-kooperation-partheland'`);
      await t.dataSource.query(`UPDATE project SET grant_cents = 1 WHERE id = ${Number(kassel.id)}`);
      await t.dataSource.query(
        `DELETE FROM project_member WHERE project_id = ${Number(brandis.id)} AND body_id = (SELECT id FROM body WHERE name = 'Naunhof')`,
      );
      await t.dataSource.query(`INSERT INTO project_state (project_id, state_code) VALUES (${Number(kassel.id)}, 'DE-HB')`);
      expect((await t.http.get('/api/v1/projects/kassel').expect(200)).body).toMatchObject({ grantCents: 1, states: ['DE-HB', 'DE-HE'] });

      const report = await t.app.get(SeedService).seed();
      expect(report.inserted).toBe(1);
      expect(report.updated).toBe(2);
      expect((await t.http.get('/api/v1/projects/kassel').expect(200)).body).toMatchObject({
        grantCents: 1_100_000_000,
        states: ['DE-HE'],
      });
      // Only the corrected row's updated_at tells the story; every value is back.
      expect(await checksum(t.dataSource, ['updated_at'])).toBe(seededIgnoringUpdates);
    });
  });

  describe('a malformed seed file', () => {
    it.each<[string, (csv: string) => string, RegExp]>([
      [
        'an unknown Bundesland',
        (csv) => withLine(csv, KASSEL_LINE, (l) => l.replace(',Hessen,', ',Hesse,')),
        /line 21: bundesland "Hesse"/,
      ],
      [
        'an amount with a decimal comma',
        (csv) => withLine(csv, KASSEL_LINE, (l) => l.replace(',11000000,', ',"12,5",')),
        /line 21: funding_eur/,
      ],
      [
        'a year that is not its round’s',
        (csv) => withLine(csv, KASSEL_LINE, (l) => l.replace('2,2020,', '2,2021,')),
        /line 21: year "2021" does not match staffel 2/,
      ],
      ['a duplicate row', (csv) => `${csv}${lineOf(csv, KASSEL_LINE)}\r\n`, /line 75: duplicate project .*line 21/],
      ['a row with a column missing', (csv) => withLine(csv, KASSEL_LINE, (l) => l.replace(',Smart Kassel,', ',')), /line 21/],
    ])('is refused when it has %s, naming the line', (_what, edit, message) => {
      const error = seedError(edit(csvText()));
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/nothing was loaded/);
    });

    it('is refused when the header lacks a column, naming the column', () => {
      const csv = withLine(csvText(), 1, (header) => header.replace(',theme', ''));
      expect(seedError(csv).message).toMatch(/missing: theme/);
    });

    it('lists every bad line at once, not just the first', () => {
      let csv = withLine(csvText(), KASSEL_LINE, (l) => l.replace(',Hessen,', ',Hesse,'));
      csv = withLine(csv, 2, (l) => l.replace(',Grossstadt,', ',Metropole,'));
      const error = seedError(csv);
      expect(error.problems).toEqual([
        expect.stringMatching(/line 2: category "Metropole"/),
        expect.stringMatching(/line 21: bundesland "Hesse"/),
      ]);
    });

    it('leaves the database exactly as it was', async () => {
      const before = await checksum(t.dataSource);
      const bad = withLine(csvText(), KASSEL_LINE, (l) => l.replace(',11000000,', ',"12,5",').replace(',Hessen,', ',Hesse,'));
      await expect(t.app.get(TransactionService).run((manager) => applySeed(manager, buildSeedData(programmeFile(), bad)))).rejects.toThrow(
        SeedError,
      );
      expect(await checksum(t.dataSource)).toBe(before);
    });
  });

  it('is all or nothing: a failure late in the load rolls back the rows it already changed', async () => {
    const before = await checksum(t.dataSource);
    const data = buildSeedData(programmeFile(), csvText());
    const last = data.projects.length - 1;
    data.projects[0] = { ...data.projects[0], grantCents: 123 }; // an update early in the load
    data.projects[last] = { ...data.projects[last], categoryCode: 'NO_SUCH_CATEGORY' as never }; // refused by a foreign key at the very end
    await expect(t.app.get(TransactionService).run((manager) => applySeed(manager, data))).rejects.toThrow();
    expect(await checksum(t.dataSource)).toBe(before);
    const res = await t.http.get(`/api/v1/projects/${data.projects[0].slug}`).expect(200);
    expect(res.body.grantCents).not.toBe(123);
  });
});
