import { Clock } from '../src/common/clock';
import { TransactionService } from '../src/database/transaction.service';
import { syncAllObligations } from '../src/obligations/obligation-sync';
import { WorkingDays } from '../src/obligations/working-days';
import { RollupCalculator } from '../src/rollups/rollup-calculator';
import type { RollupContent } from '../src/rollups/rollup-content';
import { readSource } from '../src/rollups/rollup-source';
import { generateSyntheticPortfolio } from '../src/synthetic/synthetic-portfolio';
import { freezeClock } from './support/reports';
import { insertReport } from './support/rollups';
import { fundingRollupReference } from './support/rollups-reference/funding-reference';
import { progressRollupReference } from './support/rollups-reference/progress-reference';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';
import { expectSameFields } from './support/same-fields';

/*
 * The roll-ups read each table once per project and sum the groups in JavaScript. The computation they
 * replaced (one SQL statement per grouping over the same rows) is kept as a reference under
 * test/support/rollups-reference; on a synthetic portfolio of a few hundred projects both must give the
 * same content, field by field. Both read the same reporting_obligation rows, so working-day due dates
 * and waived obligations count alike in both; one obligation is waived and one report is inserted past
 * the workflow (the reference finds it among the reports; the database's triggers mark its obligation
 * accepted, which is what the roll-up reads) so that both ways of telling a delivered report agree.
 */

const NOW = '2024-03-15T12:00:00.000Z';

describe('roll-ups: the per-project computation gives the previous content (synthetic portfolio)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ seedOnStart: false });
    await generateSyntheticPortfolio(t.dataSource, { projects: 300, years: 3, seed: 13 });
    await syncAllObligations((work) => t.dataSource.transaction(work), t.config.reporting, new WorkingDays(t.config.deadlines.workingDays));
    const open: { id: unknown; project_id: unknown; period: string }[] = await t.dataSource.query(
      `SELECT id, project_id, period FROM reporting_obligation WHERE state = 'open' AND type = 'progress' AND due_date < '2024-03-01' ORDER BY id`,
    );
    expect(open.length).toBeGreaterThan(2);
    await t.dataSource.query(`UPDATE reporting_obligation SET state = 'waived', waived_reason = 'test' WHERE id = ${Number(open[0].id)}`);
    await t.dataSource.query(
      `DELETE FROM report WHERE project_id = ${Number(open[1].project_id)} AND type = 'progress' AND period = '${open[1].period}'`,
    );
    await insertReport(t, { projectId: Number(open[1].project_id), period: open[1].period, status: 'accepted', overallStatus: 'at_risk' });
    freezeClock(t, NOW);
  }, 120_000);
  afterAll(() => t.close());

  async function both(kind: 'funding' | 'progress'): Promise<[RollupContent, RollupContent]> {
    const current = await t.app.get(RollupCalculator).compute(kind);
    const reference = await t.app.get(TransactionService).snapshot(async (manager) => {
      const source = await readSource(manager, t.app.get(Clock).now());
      return kind === 'funding' ? fundingRollupReference(source) : progressRollupReference(source, t.config.reporting);
    });
    return [current, reference];
  }

  it.each(['funding', 'progress'] as const)('%s: totals, every group, budget years and project health as before', async (kind) => {
    const [current, reference] = await both(kind);
    expect(current.totals.projectCount).toBe(300);
    expect(reference.groups.round.length).toBe(3);
    if (current.kind === 'progress') {
      expect(current.totals.reportsOverdue).toBeGreaterThan(0);
      expect(current.totals.reportsAccepted).toBeGreaterThan(0);
      expect(current.totals.milestonesLate).toBeGreaterThan(0);
    } else if (current.kind === 'funding') {
      expect(current.totals.reportedSpendCents).toBeGreaterThan(0);
      expect(current.groups.budgetYear.some((y) => y.projectCount > 0)).toBe(true);
    }
    expectSameFields(current, reference, kind);
  });
});
