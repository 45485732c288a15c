import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import type { AppConfig } from '../src/config/app-config';
import { parsePeriod, periodContaining } from '../src/reports/reporting-calendar';
import type { SyntheticPortfolioResult } from '../src/synthetic/synthetic-portfolio';
import { generateSyntheticPortfolio, SyntheticPortfolioError } from '../src/synthetic/synthetic-portfolio';
import { buildOnce, databaseUrl } from './support/processes';
import { close, type Fresh, freshDatabase } from './support/synthetic';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts, testConfig } from './support/test-app';

/*
 * `npm run seed:synthetic` on a real database of its own (a fresh SQLite file,
 * or a fresh PostgreSQL schema under DATABASE_URL), migrated but not seeded
 * with the real programme: the rows it writes, the rules they keep, that a
 * seed always gives the same rows, and the databases it refuses to touch.
 */

/** Rows of one query, by a programme id that is ours (an integer), so the SQL reads the same on both databases. */
const rowsOf = (dataSource: DataSource, sql: string, programmeId: number) =>
  dataSource.query(sql.replace(/:programme/g, String(Math.trunc(programmeId)))) as Promise<Record<string, unknown>[]>;

/**
 * A fingerprint of everything the generator wrote for one programme, ids and
 * timestamps of insertion left out, rows in the order of their natural keys.
 * The seed is taken out of slugs and names, so two seeds compare on content.
 */
async function portfolioChecksum(dataSource: DataSource, programmeId: number): Promise<string> {
  const unseed = (value: unknown) => (typeof value === 'string' ? value.replace(/synth-\d+-/g, 'synth-') : value);
  const normal = (value: unknown) => (value instanceof Date ? value.toISOString() : value === null ? null : String(unseed(value)));
  const inProgramme = 'p.programme_id = :programme';
  const queries = [
    `SELECT budget_cents, starts_on, ends_on, synthetic FROM programme WHERE id = :programme`,
    `SELECT number, year, motto, selected_count, announced_on FROM funding_round WHERE programme_id = :programme ORDER BY number`,
    `SELECT p.slug, p.name, p.motto, r.number, p.category_code, p.grant_cents, p.grant_uncertain, p.phase, p.status, p.search_text,
            b.name AS lead, b.kind, b.state_code
       FROM project p JOIN funding_round r ON r.id = p.round_id LEFT JOIN body b ON b.id = p.lead_body_id WHERE ${inProgramme} ORDER BY p.slug`,
    `SELECT p.slug, b.name, b.kind, b.state_code FROM project_member m JOIN project p ON p.id = m.project_id JOIN body b ON b.id = m.body_id
      WHERE ${inProgramme} ORDER BY p.slug, b.name`,
    `SELECT p.slug, s.state_code FROM project_state s JOIN project p ON p.id = s.project_id WHERE ${inProgramme} ORDER BY p.slug, s.state_code`,
    `SELECT p.slug, c.amount_cents, c.date, c.phase, c.budget_year, c.note FROM commitment c JOIN project p ON p.id = c.project_id
      WHERE ${inProgramme} ORDER BY p.slug, c.id`,
    `SELECT p.slug, d.amount_cents, d.date, d.budget_year, d.note FROM disbursement d JOIN project p ON p.id = d.project_id
      WHERE ${inProgramme} ORDER BY p.slug, d.id`,
    `SELECT p.slug, r.period, r.type, r.status, r.version, r.due_date, r.narrative, r.overall_status, r.overall_status_reason,
            r.submitted_at, r.reviewed_at, r.review_comment
       FROM report r JOIN project p ON p.id = r.project_id WHERE ${inProgramme} ORDER BY p.slug, r.period`,
    `SELECT p.slug, r.period, m.position, m.title, m.planned_date, m.actual_date, m.status
       FROM report_milestone m JOIN report r ON r.id = m.report_id JOIN project p ON p.id = r.project_id WHERE ${inProgramme} ORDER BY p.slug, r.period, m.position`,
    `SELECT p.slug, r.period, i.position, i.name, i.unit, i.baseline, i.target, i.actual
       FROM report_indicator i JOIN report r ON r.id = i.report_id JOIN project p ON p.id = r.project_id WHERE ${inProgramme} ORDER BY p.slug, r.period, i.position`,
    `SELECT p.slug, r.period, s.cost_category, s.amount_cents
       FROM report_spending s JOIN report r ON r.id = s.report_id JOIN project p ON p.id = r.project_id WHERE ${inProgramme} ORDER BY p.slug, r.period, s.cost_category`,
  ];
  const hash = createHash('sha256');
  for (const sql of queries) {
    for (const row of await rowsOf(dataSource, sql, programmeId)) hash.update(JSON.stringify(Object.values(row).map(normal)) + '\n');
    hash.update('--\n');
  }
  return hash.digest('hex');
}

const OPTIONS = { projects: 300, years: 3, seed: 11 };

describe('a synthetic portfolio on a fresh database', () => {
  let fresh: Fresh;
  let result: SyntheticPortfolioResult;
  const progress: [number, number, string][] = [];

  beforeAll(async () => {
    fresh = await freshDatabase();
    result = await generateSyntheticPortfolio(fresh.dataSource, { ...OPTIONS, onProgress: (...args) => progress.push(args) });
  }, 120_000);
  afterAll(() => close(fresh));

  const query = (sql: string) => rowsOf(fresh.dataSource, sql, result.programmeId);

  it('is a programme labelled synthetic, with one round a year from 2019 and every project in one', async () => {
    const [programme] = await query(
      'SELECT code, name, currency, budget_cents, synthetic, source, CAST(starts_on AS TEXT) AS starts_on, CAST(ends_on AS TEXT) AS ends_on FROM programme WHERE id = :programme',
    );
    expect(programme).toMatchObject({ code: 'SYNTH-11', starts_on: '2019-01-01', ends_on: '2030-12-31', currency: 'EUR' });
    expect(Boolean(programme.synthetic)).toBe(true);
    expect(String(programme.name)).toMatch(/^SYNTHETIC – /);
    expect(String(programme.source)).toContain('--projects 300 --years 3 --seed 11');
    const rounds = await query('SELECT number, year, selected_count FROM funding_round WHERE programme_id = :programme ORDER BY number');
    expect(rounds.map((r) => [Number(r.number), Number(r.year), Number(r.selected_count)])).toEqual([
      [1, 2019, 100],
      [2, 2020, 100],
      [3, 2021, 100],
    ]);
    // The budget covers the grants, in whole millions of euros.
    const [{ granted }] = await query('SELECT SUM(grant_cents) AS granted FROM project WHERE programme_id = :programme');
    expect(Number(programme.budget_cents)).toBeGreaterThanOrEqual(Number(granted));
    expect(Number(programme.budget_cents) % 100_000_000).toBe(0);
  });

  it('wrote exactly the rows it reports, with all 16 Länder and the 4 categories added to the empty database', async () => {
    const counts = await tableCounts(fresh.dataSource);
    expect(counts).toMatchObject({
      programme: 1,
      funding_round: 3,
      state: 16,
      category: 4,
      project: 300,
      body: result.bodies,
      commitment: result.commitments,
      disbursement: result.disbursements,
      report: result.reports,
      report_milestone: result.milestones,
      report_indicator: result.indicators,
      report_spending: result.spendingLines,
      report_risk: 0,
      report_version: 0,
      app_user: 0,
    });
    expect(result.projects).toBe(300);
    expect(result.ms).toBeGreaterThan(0);
    expect(progress[0]).toEqual([0, 300, 'setup']);
    expect(progress[progress.length - 1]).toEqual([300, 300, 'done']);
  });

  it('comes in the promised proportions', () => {
    const per = (n: number, d: number) => n / d;
    expect(per(result.commitments, 300)).toBeGreaterThan(1.2);
    expect(per(result.commitments, 300)).toBeLessThan(1.8);
    expect(per(result.disbursements, 300)).toBeGreaterThan(8.5);
    expect(per(result.disbursements, 300)).toBeLessThan(11.5);
    expect(per(result.reports, 300)).toBeGreaterThan(12.5);
    expect(per(result.reports, 300)).toBeLessThan(15.5);
    expect(per(result.milestones, result.reports)).toBeCloseTo(3, 0);
    expect(per(result.indicators, result.reports)).toBeCloseTo(2, 0);
    expect(per(result.spendingLines, result.reports)).toBeCloseTo(2, 0);
    expect(result.bodies).toBeGreaterThan(300);
  });

  it('states a grant for about 80 % of the projects, in whole cents, and leaves the rest unknown (null)', async () => {
    const [{ known, unknown }] = await query(
      `SELECT SUM(CASE WHEN grant_cents IS NULL THEN 0 ELSE 1 END) AS known, SUM(CASE WHEN grant_cents IS NULL THEN 1 ELSE 0 END) AS unknown
         FROM project WHERE programme_id = :programme`,
    );
    expect(Number(known) / 300).toBeGreaterThan(0.7);
    expect(Number(known) / 300).toBeLessThan(0.9);
    expect(Number(unknown)).toBeGreaterThan(0);
  });

  it('never commits more than a known grant, nor disburses more than is committed, nor before the first commitment', async () => {
    expect(
      await query(
        `SELECT p.slug FROM project p JOIN (SELECT project_id, SUM(amount_cents) AS s FROM commitment GROUP BY project_id) c ON c.project_id = p.id
        WHERE p.programme_id = :programme AND p.grant_cents IS NOT NULL AND c.s > p.grant_cents`,
      ),
    ).toEqual([]);
    expect(
      await query(
        `SELECT p.slug FROM project p
         JOIN (SELECT project_id, SUM(amount_cents) AS s FROM commitment GROUP BY project_id) c ON c.project_id = p.id
         JOIN (SELECT project_id, SUM(amount_cents) AS s FROM disbursement GROUP BY project_id) d ON d.project_id = p.id
        WHERE p.programme_id = :programme AND d.s > c.s`,
      ),
    ).toEqual([]);
    expect(
      await query(
        `SELECT d.id FROM disbursement d WHERE d.date <= (SELECT MIN(c.date) FROM commitment c WHERE c.project_id = d.project_id)`,
      ),
    ).toEqual([]);
    expect(
      await query(
        `SELECT p.slug FROM project p WHERE p.programme_id = :programme AND NOT EXISTS (SELECT 1 FROM commitment c WHERE c.project_id = p.id)`,
      ),
    ).toEqual([]);
    expect(
      await query(
        `SELECT c.id FROM commitment c JOIN project p ON p.id = c.project_id JOIN programme g ON g.id = p.programme_id
        WHERE c.date < g.starts_on OR c.date > g.ends_on OR c.amount_cents <= 0`,
      ),
    ).toEqual([]);
  });

  it('reports half-yearly from the first commitment on, every period within the programme years, statuses mixed', async () => {
    const reports = await query(
      `SELECT p.slug, r.period, r.status, (SELECT CAST(MIN(c.date) AS TEXT) FROM commitment c WHERE c.project_id = p.id) AS first
         FROM report r JOIN project p ON p.id = r.project_id WHERE p.programme_id = :programme`,
    );
    const misplaced = reports.filter((r) => {
      const period = parsePeriod(String(r.period), 'half_yearly');
      return (
        !period ||
        period.start < '2019-01-01' ||
        period.end > '2030-12-31' ||
        period.index < periodContaining(String(r.first), 'half_yearly').index
      );
    });
    expect(misplaced).toEqual([]);
    const statuses = new Set(reports.map((r) => r.status));
    expect([...statuses].sort()).toEqual(['accepted', 'changes_requested', 'draft', 'submitted']);
  });

  it('links each part to its own report and each project to its own bodies', async () => {
    // A milestone is planned within its report's half-year: a part under the wrong report would show here.
    const milestones = await query(
      `SELECT r.period, CAST(m.planned_date AS TEXT) AS planned_date FROM report_milestone m JOIN report r ON r.id = m.report_id JOIN project p ON p.id = r.project_id
        WHERE p.programme_id = :programme`,
    );
    expect(milestones.filter((m) => periodContaining(String(m.planned_date), 'half_yearly').key !== m.period)).toEqual([]);
    const perReport = await query(
      `SELECT r.id, (SELECT COUNT(*) FROM report_milestone m WHERE m.report_id = r.id) AS m, (SELECT COUNT(*) FROM report_indicator i WHERE i.report_id = r.id) AS i,
              (SELECT COUNT(*) FROM report_spending s WHERE s.report_id = r.id) AS s FROM report r`,
    );
    expect(
      perReport.filter(
        (r) => Number(r.m) < 2 || Number(r.m) > 4 || Number(r.i) < 1 || Number(r.i) > 3 || Number(r.s) < 1 || Number(r.s) > 3,
      ),
    ).toEqual([]);
    // Bodies carry their project's slug in their name.
    const leads = await query(
      'SELECT p.slug, b.name FROM project p JOIN body b ON b.id = p.lead_body_id WHERE p.programme_id = :programme',
    );
    expect(leads).toHaveLength(300);
    expect(leads.filter((l) => !String(l.name).includes(`(${String(l.slug)})`))).toEqual([]);
    const members = await query(
      'SELECT p.slug, b.name FROM project_member m JOIN project p ON p.id = m.project_id JOIN body b ON b.id = m.body_id',
    );
    expect(members.filter((m) => !String(m.name).includes(String(m.slug)))).toEqual([]);
  });

  it('has cooperations of 2 to 5 members and projects across Länder', async () => {
    const sizes = await query('SELECT project_id, COUNT(*) AS n FROM project_member GROUP BY project_id');
    expect(sizes.length).toBeGreaterThan(10);
    expect(sizes.filter((s) => Number(s.n) < 2 || Number(s.n) > 5)).toEqual([]);
    const [{ n }] = await query(
      'SELECT COUNT(*) AS n FROM (SELECT project_id FROM project_state GROUP BY project_id HAVING COUNT(*) > 1) x',
    );
    expect(Number(n)).toBeGreaterThan(0);
    const [{ states }] = await query('SELECT COUNT(DISTINCT state_code) AS states FROM project_state');
    expect(Number(states)).toBeGreaterThanOrEqual(12);
  });

  it('is served by the API: /programme says synthetic, projects are listed and found', async () => {
    const app = await createApp(testConfig(fresh.db.config, { logLevel: 'silent' }));
    try {
      const http = request(app.getHttpServer());
      const programme = await http.get('/api/v1/programme').expect(200);
      expect(programme.body).toMatchObject({ code: 'SYNTH-11', synthetic: true, projectCount: 300 });
      expect(programme.body.name).toMatch(/^SYNTHETIC – /);
      expect(programme.body.rounds.map((r: { projectCount: number }) => r.projectCount)).toEqual([100, 100, 100]);
      const list = await http.get('/api/v1/projects').query({ q: 'synth-11-000042' }).expect(200);
      expect(list.body.total).toBe(1);
      const project = await http.get(`/api/v1/projects/${list.body.items[0].id}`).expect(200);
      expect(project.body).toMatchObject({ slug: 'synth-11-000042', round: { number: 1, year: 2019 } });
      expect(project.body.lead.name).toContain('(synth-11-000042)');
      // The app saw a programme and so did not load the real portfolio on start.
      expect((await tableCounts(app.get<DataSource>(getDataSourceToken()))).project).toBe(300);
    } finally {
      await app.close();
    }
  }, 120_000); // start-up syncs the 300 projects' reporting obligations: slow on a loaded machine, not a speed claim

  it('refuses a second programme of the same seed, and bad options, writing nothing', async () => {
    const before = await tableCounts(fresh.dataSource);
    await expect(generateSyntheticPortfolio(fresh.dataSource, OPTIONS)).rejects.toMatchObject({
      code: 'SYNTHETIC.SEED_EXISTS',
      message: expect.stringContaining('already holds the programme SYNTH-11'),
    });
    await expect(generateSyntheticPortfolio(fresh.dataSource, { ...OPTIONS, force: true })).rejects.toMatchObject({
      code: 'SYNTHETIC.SEED_EXISTS',
    });
    const bad = generateSyntheticPortfolio(fresh.dataSource, { projects: 0, years: 13, seed: -1 });
    await expect(bad).rejects.toBeInstanceOf(SyntheticPortfolioError);
    await expect(bad).rejects.toMatchObject({
      code: 'SYNTHETIC.INVALID_OPTIONS',
      problems: [
        '--projects must be a whole number from 1 to 2,000,000 (got 0)',
        '--years must be a whole number from 1 to 12 (got 13)',
        '--seed must be a whole number from 0 to 4,294,967,295 (got -1)',
      ],
    });
    expect(await tableCounts(fresh.dataSource)).toEqual(before);
  });
});

describe('the same seed', () => {
  let first: Fresh;
  let second: Fresh;
  afterAll(async () => {
    await close(first);
    await close(second);
  });

  it('gives the same rows in another database, and another seed gives other rows', async () => {
    [first, second] = await Promise.all([freshDatabase(), freshDatabase()]);
    const a = await generateSyntheticPortfolio(first.dataSource, { projects: 120, years: 2, seed: 5 });
    const b = await generateSyntheticPortfolio(second.dataSource, { projects: 120, years: 2, seed: 5 });
    const sumA = await portfolioChecksum(first.dataSource, a.programmeId);
    expect(await portfolioChecksum(second.dataSource, b.programmeId)).toBe(sumA);
    expect({ ...b, ms: 0 }).toEqual({ ...a, ms: 0 });
    // A second synthetic programme beside the first is allowed; only the seed must differ.
    const c = await generateSyntheticPortfolio(second.dataSource, { projects: 120, years: 2, seed: 6 });
    expect(c.programmeId).not.toBe(b.programmeId);
    expect(await portfolioChecksum(second.dataSource, c.programmeId)).not.toBe(sumA);
    expect(await portfolioChecksum(second.dataSource, b.programmeId)).toBe(sumA);
  }, 120_000);

  it('is refused again, and a programme an earlier run left half-written is named as such', async () => {
    await first.dataSource.query(`DELETE FROM project WHERE slug = 'synth-5-000120'`);
    await expect(generateSyntheticPortfolio(first.dataSource, { projects: 120, years: 2, seed: 5 })).rejects.toMatchObject({
      code: 'SYNTHETIC.SEED_EXISTS',
      message: expect.stringContaining('It is incomplete (119 of 120 projects): an earlier run stopped.'),
    });
  });
});

describe('a database holding the real programme', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('is refused without --force, and nothing is written', async () => {
    const before = await tableCounts(t.dataSource);
    await expect(generateSyntheticPortfolio(t.dataSource, { projects: 5, years: 1, seed: 3 })).rejects.toMatchObject({
      code: 'SYNTHETIC.REAL_PROGRAMME',
      message: expect.stringContaining('holds the real programme MPSC'),
    });
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('takes the synthetic programme beside it with --force, and the real one stays the current programme', async () => {
    const result = await generateSyntheticPortfolio(t.dataSource, { projects: 5, years: 1, seed: 3, force: true });
    expect(result.projects).toBe(5);
    const programme = await t.http.get('/api/v1/programme').expect(200);
    expect(programme.body).toMatchObject({ code: 'MPSC', synthetic: false, projectCount: 73 });
    const [row] = await t.dataSource.query(`SELECT synthetic FROM programme WHERE code = 'SYNTH-3'`);
    expect(Boolean(row.synthetic)).toBe(true);
  });
});

describe('npm run seed:synthetic', () => {
  const ROOT = join(__dirname, '..');
  let fresh: Fresh;
  beforeAll(async () => {
    buildOnce();
    fresh = await freshDatabase();
    await fresh.dataSource.destroy();
  }, 300_000);
  afterAll(() => close(fresh));

  const run = (args: string[], database = fresh.db.config) =>
    spawnSync(process.execPath, [join(ROOT, 'dist', 'synthetic', 'seed-synthetic.cli.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: databaseUrl({ database } as AppConfig) },
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('fills the database, with progress on stderr and a summary on stdout', () => {
    const out = run(['--projects', '40', '--years', '2', '--seed', '9']);
    expect(out.stderr).toContain('100 % 40/40 projects');
    expect(out.stdout).toMatch(/^Created the synthetic programme SYNTH-9 \(id \d+\) in [\d.]+ s: 40 projects, \d+ bodies/);
    expect(out.status).toBe(0);
  });

  it('exits 1 with one clear message for the same seed again, and for bad arguments', () => {
    const again = run(['--projects', '40', '--years', '2', '--seed', '9']);
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toMatch(/^This database already holds the programme SYNTH-9 \(id \d+\); refusing/);
    const bad = run(['--projects', 'many', '--years', '2']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--projects must be a whole number from 1 to 2,000,000 (got "many")');
    expect(run(['--help']).stdout).toContain('usage: npm run seed:synthetic -- --projects N --years Y [--seed S] [--force]');
  });
});
