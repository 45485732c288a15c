import { toCents } from '../database/money';
import type { BudgetYearFigures, Group } from './rollup-content';
import { int, shareBp } from './rollup-content';
import type { ProjectLedger, RollupProject } from './rollup-per-project';
import { sql } from './rollup-sql';
import type { RollupSource } from './rollup-source';

/*
 * Per budget year of the rows themselves: commitments and disbursements each count in their own budget
 * year. The sums come from one pass over each table grouped by year; which projects have rows in a
 * year comes from the per-project pass (ProjectLedger.years, bits from yearBase), so no table is
 * sorted by project and year.
 */

const IN_PROGRAMME = 'IN (SELECT p.id FROM project p WHERE p.programme_id = :programmeId)';

const COMMITMENT_YEARS = `
  SELECT cm.budget_year, SUM(CASE WHEN cm.kind = 'commitment' THEN 1 ELSE 0 END) AS commitments, SUM(cm.amount_cents) AS committed
  FROM commitment cm WHERE cm.project_id ${IN_PROGRAMME} GROUP BY cm.budget_year`;

/**
 * Grouped in the order of IDX_disbursement_budget_year (budget_year, kind, amount_cents, project_id), read from the
 * index alone; the unary `+` keeps SQLite from fetching the programme's rows by the project_id index instead, which
 * reads every table row and sorts them all by year (a temporary B-tree that spills at 100 000 projects).
 */
const DISBURSEMENT_YEARS = `
  SELECT db.budget_year, SUM(CASE WHEN db.kind = 'disbursement' THEN 1 ELSE 0 END) AS disbursements, SUM(db.amount_cents) AS disbursed,
         SUM(CASE WHEN db.kind = 'repayment' THEN -db.amount_cents ELSE 0 END) AS repaid
  FROM disbursement db WHERE +db.project_id ${IN_PROGRAMME} GROUP BY db.budget_year`;

/** Only when the years span more than the bits hold (budget years outside the programme's life are refused on entry). */
const PROJECTS_PER_YEAR = `
  SELECT x.budget_year, COUNT(DISTINCT x.project_id) AS projects
  FROM (SELECT cm.project_id, cm.budget_year FROM commitment cm UNION ALL SELECT db.project_id, db.budget_year FROM disbursement db) x
  WHERE x.project_id ${IN_PROGRAMME} GROUP BY x.budget_year`;

const MAX_YEAR_BITS = 31;

type Sums = Omit<BudgetYearFigures, 'committedOfBudgetBp' | 'disbursedOfBudgetBp'>;

export interface BudgetYearGroups {
  /** The year of bit 0 in ProjectLedger.years, or null when the per-project pass need not mark years. */
  yearBase: number | null;
  groups(projects: readonly RollupProject[], ledger: Map<number, ProjectLedger>): Promise<Group<BudgetYearFigures>[]>;
}

const emptySums = (): Sums => ({
  projectCount: 0,
  commitmentCount: 0,
  committedCents: 0,
  disbursementCount: 0,
  disbursedCents: 0,
  repaidCents: 0,
});

/** Every year of the programme's life (zeros included) and any other year with rows, in order. */
export async function budgetYearGroups(source: RollupSource): Promise<BudgetYearGroups> {
  const { manager, programme } = source;
  const parameters = { programmeId: programme.id };
  const years = new Map<number, Sums>();
  const of = (year: unknown) => {
    const key = int(year);
    let sums = years.get(key);
    if (!sums) years.set(key, (sums = emptySums()));
    return sums;
  };
  for (const row of await sql<Record<string, unknown>>(manager, COMMITMENT_YEARS, parameters)) {
    const sums = of(row.budget_year);
    sums.commitmentCount = int(row.commitments);
    sums.committedCents = toCents(row.committed);
  }
  for (const row of await sql<Record<string, unknown>>(manager, DISBURSEMENT_YEARS, parameters)) {
    const sums = of(row.budget_year);
    sums.disbursementCount = int(row.disbursements);
    sums.disbursedCents = toCents(row.disbursed);
    sums.repaidCents = toCents(row.repaid);
  }
  const withRows = [...years.keys()];
  const yearBase = withRows.length ? Math.min(...withRows) : null;
  const bitsHold = yearBase === null || Math.max(...withRows) - yearBase < MAX_YEAR_BITS;
  const firstYear = Number(programme.startsOn.slice(0, 4));
  const lastYear = Number(programme.endsOn.slice(0, 4));
  const allYears = [...new Set([...Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i), ...withRows])].sort(
    (a, b) => a - b,
  );

  const countProjects = async (projects: readonly RollupProject[], ledger: Map<number, ProjectLedger>) => {
    if (!bitsHold) {
      for (const row of await sql<Record<string, unknown>>(manager, PROJECTS_PER_YEAR, parameters))
        of(row.budget_year).projectCount = int(row.projects);
      return;
    }
    if (yearBase === null) return;
    for (const p of projects) {
      const bits = ledger.get(p.id)?.years ?? 0;
      for (let bit = 0; bits >>> bit; bit++) if ((bits >>> bit) & 1) of(yearBase + bit).projectCount++;
    }
  };
  return {
    yearBase: bitsHold ? yearBase : null,
    groups: async (projects, ledger) => {
      await countProjects(projects, ledger);
      return allYears.map((year) => {
        const sums = years.get(year) ?? emptySums();
        return {
          key: String(year),
          label: String(year),
          ...sums,
          committedOfBudgetBp: shareBp(sums.committedCents, programme.budgetCents),
          disbursedOfBudgetBp: shareBp(sums.disbursedCents, programme.budgetCents),
        };
      });
    },
  };
}
