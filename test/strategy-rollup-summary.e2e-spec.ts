import { Clock } from '../src/common/clock';
import { TransactionService } from '../src/database/transaction.service';
import type { StrategyRollupContent } from '../src/rollups/rollup-content';
import { RollupCalculator } from '../src/rollups/rollup-calculator';
import { readSource } from '../src/rollups/rollup-source';
import { strategyRollup } from '../src/rollups/strategy-rollup';
import type { StoredSummary } from '../src/rollups/strategy-rollup-data';
import { cascadeOfProject, summariesFromRows } from '../src/rollups/strategy-rollup-data';
import type { CascadeSummary } from '../src/rollups/strategy-summary';
import { generateSyntheticPortfolio } from '../src/synthetic/synthetic-portfolio';
import { standardAccounts } from './support/accounts';
import { draft, projectBySlug, review, submit } from './support/reports';
import { cascade, putStrategy } from './support/strategy';
import { strategyRollupFromTables } from './support/strategy-rollup-tables-reference';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';
import { expectSameFields } from './support/same-fields';

/*
 * The strategy roll-up sums one stored summary per cascade (issue 14 item 7, src/rollups/strategy-summary.ts).
 * Its content must be the one computed from the rows — by the same summaries computed afresh, and by the
 * computation before summaries were stored (test/support/strategy-rollup-tables-reference.ts) — field by
 * field, exactly; a summary computed from rows that have changed since must never count.
 */

type Rollup = { content: StrategyRollupContent; refreshed: StoredSummary[] };

const withoutMoment = (content: StrategyRollupContent) => ({ ...content, asOf: { ...content.asOf, dataAsOf: '' } });

function helpers(t: () => TestApp) {
  const snapshot = <T>(work: Parameters<TransactionService['snapshot']>[0]) => t().app.get(TransactionService).snapshot(work) as Promise<T>;
  return {
    /** The roll-up's own computation (stored summaries where current), without storing what it computed. */
    stored: (pageSize?: number) =>
      snapshot<Rollup>(async (manager) => {
        const refreshed: StoredSummary[] = [];
        const content = await strategyRollup(await readSource(manager, t().app.get(Clock).now()), { refreshed, pageSize });
        return { content, refreshed };
      }),
    fromRows: (pageSize?: number) =>
      snapshot<StrategyRollupContent>(async (manager) =>
        strategyRollup(await readSource(manager, t().app.get(Clock).now()), { fromRows: true, pageSize }),
      ),
    before: () =>
      snapshot<StrategyRollupContent>(async (manager) => strategyRollupFromTables(await readSource(manager, t().app.get(Clock).now()))),
    /** Each cascade's stored summary (null: none), and the one its rows give now. */
    summaries: async (projectIds: number[]) => {
      const manager = t().dataSource.manager;
      const out: { projectId: number; stored: CascadeSummary | null; rows: CascadeSummary }[] = [];
      for (const projectId of projectIds) {
        const ref = await cascadeOfProject(manager, projectId);
        if (!ref) continue;
        const [row] = await manager.query(`SELECT rollup_summary FROM strategy WHERE id = ${ref.strategyId}`);
        const rows = (await summariesFromRows(manager, [ref])).get(ref.strategyId) as CascadeSummary;
        out.push({ projectId, stored: row.rollup_summary === null ? null : (JSON.parse(row.rollup_summary) as CascadeSummary), rows });
      }
      return out;
    },
  };
}

describe('strategy roll-up from stored summaries (synthetic portfolio)', () => {
  let t: TestApp;
  const h = helpers(() => t);
  let projectIds: number[];

  beforeAll(async () => {
    t = await createTestApp({ seedOnStart: false });
    await generateSyntheticPortfolio(t.dataSource, { projects: 240, years: 3, seed: 23 });
    projectIds = (await t.dataSource.query('SELECT id FROM project ORDER BY id')).map((r: { id: unknown }) => Number(r.id));
  }, 180_000);
  afterAll(() => t.close());

  it('the generator stores each cascade with the summary its rows give', async () => {
    const summaries = await h.summaries(projectIds);
    expect(summaries.length).toBe(projectIds.length);
    for (const s of summaries) expect({ projectId: s.projectId, summary: s.stored }).toEqual({ projectId: s.projectId, summary: s.rows });
    expect(summaries.filter((s) => s.rows.r !== null && s.rows.t.length > 0).length).toBeGreaterThan(100);
  });

  it('gives, from the stored summaries alone, the content computed from the rows and the one computed before, field by field', async () => {
    const stored = await h.stored();
    expect(stored.refreshed).toEqual([]);
    const { content } = stored;
    expect(content.totals.cascadesAccepted).toBeGreaterThan(150);
    expect(content.totals.indicatorsMeasured).toBeGreaterThan(0);
    expect(content.totals.reportedSpendCents).toBeGreaterThan(0);
    expect(content.notes.multiCountedProjects).toBeGreaterThan(0);
    expectSameFields(withoutMoment(content), withoutMoment(await h.fromRows()));
    expectSameFields(withoutMoment(content), withoutMoment(await h.before()));
    // Read a page at a time (500 cascades in production): pages of 7 and 1 give the same.
    expectSameFields(withoutMoment((await h.stored(7)).content), withoutMoment(content));
    expectSameFields(withoutMoment((await h.stored(1)).content), withoutMoment(content));
    expectSameFields(withoutMoment(await h.fromRows(13)), withoutMoment(content));
  });

  it('computes a missing summary (a migrated database), one of another format and one of changed rows from the rows, and stores them', async () => {
    const expected = withoutMoment(await h.before());
    const rows: { id: unknown }[] = await t.dataSource.query(`SELECT id FROM strategy WHERE status = 'accepted' ORDER BY id`);
    const ids = rows.map((r) => Number(r.id));
    await t.dataSource.query(`UPDATE strategy SET rollup_summary = NULL WHERE id IN (${ids.filter((_, i) => i % 3 === 0).join(', ')})`);
    await t.dataSource.query(
      `UPDATE strategy SET rollup_summary = replace(rollup_summary, '"v":1,', '"v":0,') WHERE id IN (${ids.filter((_, i) => i % 3 === 1).join(', ')})`,
    );
    // Rows changed behind the services' backs: a version moved on without a new summary.
    await t.dataSource.query(`UPDATE strategy SET version = version + 1 WHERE id = ${ids[2]}`);

    const first = await h.stored(10);
    expect(first.refreshed.map((s) => s.strategyId)).toEqual(ids.filter((_, i) => i % 3 !== 2 || i === 2));
    expectSameFields(withoutMoment(first.content), expected);

    // The calculator stores them: the next run computes nothing from the rows, and gives the same.
    const content = (await t.app.get(RollupCalculator).compute('strategy')) as StrategyRollupContent;
    expectSameFields(withoutMoment(content), expected);
    const again = await h.stored();
    expect(again.refreshed).toEqual([]);
    expectSameFields(withoutMoment(again.content), expected);
  });

  it('notices a newer delivered report written behind the services’ backs, and a change to the latest one', async () => {
    const [target] = await t.dataSource.query(
      `SELECT s.project_id, s.id FROM strategy s WHERE s.status = 'accepted' AND EXISTS (SELECT 1 FROM strategy_measure m WHERE m.strategy_id = s.id)
       ORDER BY s.id LIMIT 1`,
    );
    const projectId = Number(target.project_id);
    const [measure] = await t.dataSource.query(
      `SELECT key FROM strategy_measure WHERE strategy_id = ${Number(target.id)} ORDER BY id LIMIT 1`,
    );
    const [inserted] = await t.dataSource.query(
      `INSERT INTO report (project_id, period, type, status, version, due_date) VALUES (${projectId}, '2099-H1', 'progress', 'submitted', 1, '2099-07-31') RETURNING id`,
    );
    const reportId = Number(inserted.id);
    await t.dataSource.query(
      `INSERT INTO report_measure_progress (report_id, position, measure_id, status, spend_cents) VALUES (${reportId}, 0, '${measure.key}', 'stopped', 4242)`,
    );
    const newer = await h.stored();
    expect(newer.refreshed.map((s) => s.strategyId)).toEqual([Number(target.id)]);
    expectSameFields(withoutMoment(newer.content), withoutMoment(await h.before()));

    await t.app.get(RollupCalculator).compute('strategy');
    await t.dataSource.query(`UPDATE report SET status = 'changes_requested', version = 2 WHERE id = ${reportId}`);
    const sentBack = await h.stored();
    expect(sentBack.refreshed.map((s) => s.strategyId)).toEqual([Number(target.id)]);
    expectSameFields(withoutMoment(sentBack.content), withoutMoment(await h.before()));
  });
});

describe('the writes keep the stored summaries current', () => {
  let t: TestApp;
  const h = helpers(() => t);
  let a: Awaited<ReturnType<typeof standardAccounts>>;
  let kassel: number;

  beforeAll(async () => {
    t = await createTestApp();
    a = await standardAccounts(t);
    kassel = (await projectBySlug(t, 'kassel')).id;
  });
  afterAll(() => t.close());

  async function expectCurrent(): Promise<CascadeSummary> {
    const [summary] = await h.summaries([kassel]);
    expect(summary.stored).toEqual(summary.rows);
    const stored = await h.stored();
    expect(stored.refreshed).toEqual([]);
    expectSameFields(withoutMoment(stored.content), withoutMoment(await h.fromRows()));
    return summary.rows;
  }

  it('through the cascade’s save, submission and review, and a progress report’s submission and review', async () => {
    await putStrategy(t, a.kassel.auth, kassel, cascade(), '0').expect(200);
    expect((await expectCurrent()).sv).toBe(1);
    await t.http.post(`/api/v1/projects/${kassel}/strategy/submit`).set('Authorization', a.kassel.auth).expect(200);
    await expectCurrent();
    await t.http
      .post(`/api/v1/projects/${kassel}/strategy/review`)
      .set('Authorization', a.officer.auth)
      .send({ decision: 'accept' })
      .expect(200);
    const accepted = await expectCurrent();
    expect(accepted.a[2]).toBe(2); // both measures running, as the cascade says

    const report = await draft(t, a.kassel.auth, kassel, {
      period: '2024-H1',
      measureProgress: [{ measureId: 'm1', status: 'done', spendCents: 1_234_567 }],
      indicatorActuals: [{ goalId: 'g1', indicatorId: 'i1', actual: 54 }],
    }).expect(201);
    await expectCurrent();
    await submit(t, a.kassel.auth, report.body.id).expect(200);
    const delivered = await expectCurrent();
    expect(delivered).toMatchObject({ r: report.body.id, a: [2, 1, 1, 0, 0, 500_000_000, 325_000_000, 0, 1_234_567, 1], g: [[1, 1, 0.5]] });
    const { content } = await h.stored();
    expect(content.totals).toMatchObject({ measuresDone: 1, reportedSpendCents: 1_234_567, attainmentAvgBp: 5000 });

    await review(t, a.officer.auth, report.body.id, { decision: 'request_changes', comment: 'Bitte ergänzen.' }).expect(200);
    expect(await expectCurrent()).toMatchObject({ r: null, a: [2, 0, 2, 0, 0, 500_000_000, 325_000_000, 0, 0, 2] });

    await putStrategy(t, a.kassel.auth, kassel, cascade({ vision: 'Neue Vision' }), '3').expect(200);
    expect((await expectCurrent()).sv).toBe(4);
  });
});
