import { addMonths } from '../common/dates';
import { toCents } from '../database/money';
import { DELIVERED_REPORT_STATUSES } from '../reports/report.entity';
import { type BudgetYearGroups, budgetYearGroups } from './funding-budget-years';
import type { FundingFigures, FundingRollupContent } from './rollup-content';
import { int, shareBp } from './rollup-content';
import { emptyLedger, groupSums, ledgerByProject, type ProjectLedger, type RollupProject, rollupProjects } from './rollup-per-project';
import { sql } from './rollup-sql';
import type { RollupSource } from './rollup-source';
import { dimensionGroups, STATE_NOTE } from './rollup-source';

/** Commitments older than this (before the as-of date) should have been drawn. */
export const DRAWDOWN_LAG_MONTHS = 12;

/*
 * Per project, each table read once in project_id order (rollup-per-project): the ledger (commitments,
 * disbursements) and the spending of delivered reports; every grouping is summed from those figures.
 * Drawdown lag of a project = max(0, committed_old − all its disbursements): disbursements draw the
 * oldest commitment first (none may precede the first commitment), so whatever of the old commitments
 * the disbursements do not cover has waited more than 12 months.
 */

/**
 * Each report's stored spending total (report.spending_cents, written with its lines); one without it is summed from
 * its lines, as before. Read in project_id order from IDX_report_delivered_spending (project_id, status,
 * spending_cents) alone, no report row looked up; `|| ''` keeps SQLite off the status index, which would sort them.
 */
const REPORTED_SPEND = `
  SELECT r.project_id,
         SUM(COALESCE(r.spending_cents, (SELECT SUM(rs.amount_cents) FROM report_spending rs WHERE rs.report_id = r.id))) AS reported
  FROM report r
  WHERE r.status || '' IN (:...counted) GROUP BY r.project_id ORDER BY r.project_id`;

/** Sums of cents and counts, before the shares of the budget are taken. */
interface FundingSums {
  projects: number;
  grantKnown: number;
  grantKnownCents: number;
  grantUnknown: number;
  committed: number;
  disbursed: number;
  repaid: number;
  reported: number;
  lagProjects: number;
  lagCents: number;
}

interface ProjectFunding {
  grantCents: number | null;
  ledger: ProjectLedger;
  reported: number;
}

const zeroSums = (): FundingSums => ({
  projects: 0,
  grantKnown: 0,
  grantKnownCents: 0,
  grantUnknown: 0,
  committed: 0,
  disbursed: 0,
  repaid: 0,
  reported: 0,
  lagProjects: 0,
  lagCents: 0,
});

function addProject(into: FundingSums, p: ProjectFunding): void {
  const { ledger } = p;
  into.projects++;
  if (p.grantCents === null) into.grantUnknown++;
  else {
    into.grantKnown++;
    into.grantKnownCents += p.grantCents;
  }
  into.committed += ledger.committed;
  into.disbursed += ledger.disbursed;
  into.repaid += ledger.repaid;
  into.reported += p.reported;
  if (ledger.committedOld > ledger.disbursed) {
    into.lagProjects++;
    into.lagCents += ledger.committedOld - ledger.disbursed;
  }
}

function fundingFigures(sums: FundingSums, budget: number): FundingFigures {
  return {
    projectCount: sums.projects,
    grantKnownCount: sums.grantKnown,
    grantKnownCents: sums.grantKnownCents,
    grantUnknownCount: sums.grantUnknown,
    committedCents: sums.committed,
    disbursedCents: sums.disbursed,
    repaidCents: sums.repaid,
    reportedSpendCents: sums.reported,
    remainingCents: sums.committed - sums.disbursed,
    committedOfBudgetBp: shareBp(sums.committed, budget),
    disbursedOfBudgetBp: shareBp(sums.disbursed, budget),
    drawdownLagProjectCount: sums.lagProjects,
    drawdownLagCents: sums.lagCents,
  };
}

async function perProject(source: RollupSource, cutoff: string, years: BudgetYearGroups) {
  const projects: RollupProject[] = await rollupProjects(source);
  const ledger = await ledgerByProject(source.manager, cutoff, years.yearBase);
  const reported = new Map<number, number>();
  for (const row of await sql<Record<string, unknown>>(source.manager, REPORTED_SPEND, { counted: DELIVERED_REPORT_STATUSES }))
    reported.set(int(row.project_id), toCents(row.reported));
  return { projects, ledger, reported };
}

export async function fundingRollup(source: RollupSource): Promise<FundingRollupContent> {
  const { programme } = source;
  const budget = programme.budgetCents;
  const cutoff = addMonths(source.today, -DRAWDOWN_LAG_MONTHS);

  const years = await budgetYearGroups(source);
  const { projects, ledger, reported } = await perProject(source, cutoff, years);
  const sums = groupSums<ProjectFunding, FundingSums>(
    projects,
    (p) => ({ grantCents: p.grantCents, ledger: ledger.get(p.id) ?? emptyLedger(), reported: reported.get(p.id) ?? 0 }),
    zeroSums,
    addProject,
  );
  const byGroup = new Map(
    [...sums].map(([grouping, keys]) => [grouping, new Map([...keys].map(([k, s]) => [k, fundingFigures(s, budget)]))]),
  );
  const zero = () => fundingFigures(zeroSums(), budget);

  return {
    kind: 'funding',
    asOf: { dataAsOf: source.dataAsOf.toISOString(), date: source.today, drawdownLagCutoff: cutoff },
    programme: { code: programme.code, name: programme.name, budgetCents: budget },
    totals: byGroup.get('total')?.get('') ?? zero(),
    groups: { ...dimensionGroups(source, byGroup, zero), budgetYear: await years.groups(projects, ledger) },
    notes: {
      state: STATE_NOTE,
      multiLandProjectCount: source.multiLandProjectCount,
      budgetYear:
        "Commitments and disbursements count in their own budget year, net of their reversals (booked in the original's year); repayments in theirs; counts are of original entries; projectCount is the projects with an entry in that year.",
    },
  };
}
