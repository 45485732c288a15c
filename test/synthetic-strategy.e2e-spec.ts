import { createHash } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import type { StrategyRollupContent } from '../src/rollups/rollup-content';
import { RollupCalculator } from '../src/rollups/rollup-calculator';
import type { SyntheticPortfolioResult } from '../src/synthetic/synthetic-portfolio';
import { generateSyntheticPortfolio } from '../src/synthetic/synthetic-portfolio';
import { DECK_TERMS } from '../src/vocabularies/vocabulary-terms';
import { close, type Fresh, freshDatabase } from './support/synthetic';
import { testConfig } from './support/test-app';

/*
 * The strategy cascades `npm run seed:synthetic` writes (issue 14, item 7):
 * about 5 goals and 12 measures per project, accepted for most, the rules of
 * the cascade kept (codes from the vocabularies, goals that exist, federal
 * shares within the grant), report entries along the cascade on the latest
 * delivered report, the same rows for the same seed, and the strategy roll-up
 * and the public view reading them.
 */

const count = async (dataSource: DataSource, sql: string) => Number((await dataSource.query(sql))[0].n);

/** Every cascade row in natural-key order, ids left out. */
async function cascadeChecksum(dataSource: DataSource): Promise<string> {
  const queries = [
    `SELECT p.slug, s.status, s.version, s.vision, s.mission, s.values_json, s.approach, s.resolution_date, s.submitted_at, s.reviewed_at
       FROM strategy s JOIN project p ON p.id = s.project_id ORDER BY p.slug`,
    `SELECT p.slug, g.key, g.title, g.indicators_json FROM strategy_goal g JOIN strategy s ON s.id = g.strategy_id
       JOIN project p ON p.id = s.project_id ORDER BY p.slug, g.position`,
    `SELECT p.slug, m.key, m.title, m.planned_cost_cents, m.planned_federal_cents, m.starts_on, m.ends_on, m.status, m.goal_keys_json,
            t.kind, t.code
       FROM strategy_measure m JOIN strategy s ON s.id = m.strategy_id JOIN project p ON p.id = s.project_id
       LEFT JOIN strategy_measure_term t ON t.measure_id = m.id ORDER BY p.slug, m.position, t.kind, t.code`,
    `SELECT p.slug, r.period, e.measure_id, e.status, e.spend_cents FROM report_measure_progress e JOIN report r ON r.id = e.report_id
       JOIN project p ON p.id = r.project_id ORDER BY p.slug, e.position`,
    `SELECT p.slug, r.period, a.goal_id, a.indicator_id, a.actual FROM report_indicator_actual a JOIN report r ON r.id = a.report_id
       JOIN project p ON p.id = r.project_id ORDER BY p.slug, a.position`,
  ];
  const hash = createHash('sha256');
  const normal = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null ? null : String(v));
  for (const sql of queries) {
    for (const row of await dataSource.query(sql)) hash.update(JSON.stringify(Object.values(row).map(normal)) + '\n');
    hash.update('--\n');
  }
  return hash.digest('hex');
}

describe('synthetic strategy cascades', () => {
  let fresh: Fresh;
  let result: SyntheticPortfolioResult;
  const n = (sql: string) => count(fresh.dataSource, sql);

  beforeAll(async () => {
    fresh = await freshDatabase();
    result = await generateSyntheticPortfolio(fresh.dataSource, { projects: 200, years: 2, seed: 14 });
  }, 120_000);
  afterAll(() => close(fresh));

  it('gives every project a cascade of about 5 goals and 12 measures, accepted for most, drafts for some', async () => {
    expect(result.strategy.cascades).toBe(200);
    expect(await n('SELECT COUNT(*) AS n FROM strategy')).toBe(200);
    expect(await n('SELECT COUNT(*) AS n FROM strategy_goal')).toBe(result.strategy.goals);
    expect(await n('SELECT COUNT(*) AS n FROM strategy_measure')).toBe(result.strategy.measures);
    expect(await n('SELECT COUNT(*) AS n FROM strategy_measure_term')).toBe(result.strategy.measureTags);
    expect(result.strategy.goals / 200).toBeCloseTo(5, 0);
    expect(result.strategy.measures / 200).toBeCloseTo(12, 0);
    expect(result.strategy.cascadesAccepted / 200).toBeGreaterThan(0.7);
    expect(result.strategy.cascadesAccepted / 200).toBeLessThan(0.9);
    const statuses = (await fresh.dataSource.query('SELECT DISTINCT status FROM strategy')) as { status: string }[];
    expect(statuses.map((s) => s.status).sort()).toEqual(['accepted', 'changes_requested', 'draft', 'submitted']);
    // Every submitted cascade has its frozen submission; the accepted ones are marked accepted.
    expect(await n(`SELECT COUNT(*) AS n FROM strategy WHERE status <> 'draft'`)).toBe(
      await n('SELECT COUNT(*) AS n FROM strategy_version'),
    );
    expect(await n('SELECT COUNT(*) AS n FROM strategy_version WHERE accepted_at IS NOT NULL')).toBe(result.strategy.cascadesAccepted);
  });

  it('keeps the rules of the cascade: known codes, goals that exist, federal shares within cost and grant', async () => {
    const known = new Set(Object.values(DECK_TERMS).flatMap((terms) => terms.map(([code]) => code)));
    const codes = (await fresh.dataSource.query('SELECT DISTINCT code FROM strategy_measure_term')) as { code: string }[];
    expect(codes.filter((c) => !known.has(c.code))).toEqual([]);
    expect(await n(`SELECT COUNT(DISTINCT code) AS n FROM strategy_measure_term WHERE kind = 'fieldOfAction'`)).toBe(5);
    const goals = new Set(
      ((await fresh.dataSource.query('SELECT strategy_id, key FROM strategy_goal')) as { strategy_id: number; key: string }[]).map(
        (g) => `${g.strategy_id}/${g.key}`,
      ),
    );
    const measures = (await fresh.dataSource.query('SELECT strategy_id, goal_keys_json FROM strategy_measure')) as {
      strategy_id: number;
      goal_keys_json: string;
    }[];
    const dangling = measures.flatMap((m) => (JSON.parse(m.goal_keys_json) as string[]).filter((k) => !goals.has(`${m.strategy_id}/${k}`)));
    expect(dangling).toEqual([]);
    expect(await n('SELECT COUNT(*) AS n FROM strategy_measure WHERE planned_federal_cents > planned_cost_cents')).toBe(0);
    const overGrant = `SELECT COUNT(*) AS n FROM (SELECT s.project_id FROM strategy_measure m JOIN strategy s ON s.id = m.strategy_id
      JOIN project p ON p.id = s.project_id WHERE p.grant_cents IS NOT NULL
      GROUP BY s.project_id, p.grant_cents HAVING SUM(m.planned_federal_cents) > p.grant_cents) x`;
    expect(await n(overGrant)).toBe(0);
  });

  it('states measure progress and indicator actuals on the latest delivered report only, naming ids of the cascade', async () => {
    expect(result.strategy.measureProgress).toBeGreaterThan(0);
    expect(result.strategy.indicatorActuals).toBeGreaterThan(0);
    const undelivered = `SELECT COUNT(*) AS n FROM report_measure_progress e JOIN report r ON r.id = e.report_id
      WHERE r.status NOT IN ('submitted', 'accepted') OR EXISTS (SELECT 1 FROM report r2 WHERE r2.project_id = r.project_id
        AND r2.status IN ('submitted', 'accepted') AND r2.period > r.period)`;
    expect(await n(undelivered)).toBe(0);
    const unknownMeasure = `SELECT COUNT(*) AS n FROM report_measure_progress e JOIN report r ON r.id = e.report_id
      JOIN strategy s ON s.project_id = r.project_id
      WHERE NOT EXISTS (SELECT 1 FROM strategy_measure m WHERE m.strategy_id = s.id AND m.key = e.measure_id)`;
    expect(await n(unknownMeasure)).toBe(0);
  });

  it('is read by the strategy roll-up and, where accepted, by the public view of the cascade', async () => {
    const app = await createApp(testConfig(fresh.db.config, { logLevel: 'silent' }));
    try {
      const content = (await app.get(RollupCalculator).compute('strategy')) as StrategyRollupContent;
      expect(content.totals).toMatchObject({
        cascadesAccepted: result.strategy.cascadesAccepted,
        projectsWithoutCascade: 200 - result.strategy.cascadesAccepted,
      });
      expect(content.totals.measureCount).toBe(
        await n(`SELECT COUNT(*) AS n FROM strategy_measure m JOIN strategy s ON s.id = m.strategy_id WHERE s.status = 'accepted'`),
      );
      expect(content.totals.indicatorsMeasured).toBeGreaterThan(0);
      expect(content.notes.multiCountedMeasures).toBeGreaterThan(0);
      const [accepted] = (await fresh.dataSource.query(
        `SELECT project_id FROM strategy WHERE status = 'accepted' ORDER BY project_id`,
      )) as {
        project_id: number;
      }[];
      const view = await request(app.getHttpServer()).get(`/api/v1/projects/${accepted.project_id}/strategy`).expect(200);
      expect(view.body).toMatchObject({ status: 'accepted' });
      expect(view.body.measures.length).toBeGreaterThanOrEqual(10);
    } finally {
      await app.close();
    }
  }, 120_000);
});

describe('synthetic strategy cascades of the same seed', () => {
  let first: Fresh;
  let second: Fresh;
  afterAll(async () => {
    await close(first);
    await close(second);
  });

  it('are the same rows in another database', async () => {
    [first, second] = await Promise.all([freshDatabase(), freshDatabase()]);
    const a = await generateSyntheticPortfolio(first.dataSource, { projects: 80, years: 2, seed: 5 });
    const b = await generateSyntheticPortfolio(second.dataSource, { projects: 80, years: 2, seed: 5 });
    expect(b.strategy).toEqual(a.strategy);
    expect(await cascadeChecksum(second.dataSource)).toBe(await cascadeChecksum(first.dataSource));
  }, 120_000);
});
