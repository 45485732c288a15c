import { addMonths } from '../../../src/common/dates';
import { toCents } from '../../../src/database/money';
import { DELIVERED_REPORT_STATUSES } from '../../../src/reports/report.entity';
import type { BudgetYearFigures, FundingFigures, FundingRollupContent, Group } from '../../../src/rollups/rollup-content';
import { int, shareBp } from '../../../src/rollups/rollup-content';
import { asText, sql } from '../../../src/rollups/rollup-sql';
import type { RollupSource } from '../../../src/rollups/rollup-source';
import { dimensionGroups, STATE_NOTE } from '../../../src/rollups/rollup-source';

/** Commitments older than this (before the as-of date) should have been drawn. */
const DRAWDOWN_LAG_MONTHS = 12;

/*
 * One row per project of the programme with its sums, each summed in SQL from
 * the source rows. committed_old: commitments dated on or before the cutoff.
 * Drawdown lag of a project = max(0, committed_old − all its disbursements):
 * disbursements draw the oldest commitment first (none may precede the first
 * commitment), so whatever of the old commitments the disbursements do not
 * cover has waited more than 12 months.
 */
const PER_PROJECT = `
  SELECT p.id AS project_id, fr.number AS round_number, p.category_code AS category_code, p.grant_cents AS grant_cents,
         COALESCE(c.committed, 0) AS committed, COALESCE(c.committed_old, 0) AS committed_old,
         COALESCE(d.disbursed, 0) AS disbursed, COALESCE(d.repaid, 0) AS repaid, COALESCE(s.reported, 0) AS reported
  FROM project p
  JOIN funding_round fr ON fr.id = p.round_id
  LEFT JOIN (SELECT cm.project_id, SUM(cm.amount_cents) AS committed,
                    SUM(CASE WHEN cm.date <= :cutoff THEN cm.amount_cents ELSE 0 END) AS committed_old
             FROM commitment cm GROUP BY cm.project_id) c ON c.project_id = p.id
  LEFT JOIN (SELECT db.project_id, SUM(db.amount_cents) AS disbursed,
                    SUM(CASE WHEN db.kind = 'repayment' THEN -db.amount_cents ELSE 0 END) AS repaid
             FROM disbursement db GROUP BY db.project_id) d ON d.project_id = p.id
  LEFT JOIN (SELECT r.project_id, SUM(rs.amount_cents) AS reported
             FROM report_spending rs JOIN report r ON r.id = rs.report_id
             WHERE r.status IN (:...counted) GROUP BY r.project_id) s ON s.project_id = p.id
  WHERE p.programme_id = :programmeId`;

const FIGURES = `
  COUNT(*) AS projects,
  COUNT(pf.grant_cents) AS grant_known,
  COALESCE(SUM(pf.grant_cents), 0) AS grant_known_cents,
  COALESCE(SUM(CASE WHEN pf.grant_cents IS NULL THEN 1 ELSE 0 END), 0) AS grant_unknown,
  COALESCE(SUM(pf.committed), 0) AS committed,
  COALESCE(SUM(pf.disbursed), 0) AS disbursed,
  COALESCE(SUM(pf.repaid), 0) AS repaid,
  COALESCE(SUM(pf.reported), 0) AS reported,
  COALESCE(SUM(CASE WHEN pf.committed_old > pf.disbursed THEN 1 ELSE 0 END), 0) AS lag_projects,
  COALESCE(SUM(CASE WHEN pf.committed_old > pf.disbursed THEN pf.committed_old - pf.disbursed ELSE 0 END), 0) AS lag_cents`;

/**
 * Total, per round, per category and per Land in one statement, so every group is read from the same rows.
 * MATERIALIZED: SQLite otherwise inlines the CTE into each of the four branches and computes every
 * project's sums four times (PostgreSQL materializes a CTE used more than once anyway).
 */
const GROUPED = `
  WITH pf AS MATERIALIZED (${PER_PROJECT})
  SELECT 'total' AS grp, '' AS grp_key, ${FIGURES} FROM pf
  UNION ALL
  SELECT 'round', ${asText('pf.round_number')}, ${FIGURES} FROM pf GROUP BY pf.round_number
  UNION ALL
  SELECT 'category', ${asText('pf.category_code')}, ${FIGURES} FROM pf GROUP BY pf.category_code
  UNION ALL
  SELECT 'state', ${asText('ps.state_code')}, ${FIGURES} FROM pf JOIN project_state ps ON ps.project_id = pf.project_id GROUP BY ps.state_code`;

/**
 * Per budget year of the rows themselves: commitments and disbursements each count in their own budget year.
 * Each table is first summed per project and year, so the union and COUNT(DISTINCT) see hundreds of rows, not all.
 */
const BY_BUDGET_YEAR = `
  SELECT x.budget_year AS budget_year, COUNT(DISTINCT x.project_id) AS projects,
         SUM(x.commitments) AS commitments, SUM(x.committed) AS committed,
         SUM(x.disbursements) AS disbursements, SUM(x.disbursed) AS disbursed, SUM(x.repaid) AS repaid
  FROM (SELECT cm.project_id, cm.budget_year, SUM(CASE WHEN cm.kind = 'commitment' THEN 1 ELSE 0 END) AS commitments,
               SUM(cm.amount_cents) AS committed, 0 AS disbursements, 0 AS disbursed, 0 AS repaid
        FROM commitment cm GROUP BY cm.project_id, cm.budget_year
        UNION ALL
        SELECT db.project_id, db.budget_year, 0, 0, SUM(CASE WHEN db.kind = 'disbursement' THEN 1 ELSE 0 END), SUM(db.amount_cents),
               SUM(CASE WHEN db.kind = 'repayment' THEN -db.amount_cents ELSE 0 END)
        FROM disbursement db GROUP BY db.project_id, db.budget_year) x
  JOIN project p ON p.id = x.project_id
  WHERE p.programme_id = :programmeId
  GROUP BY x.budget_year`;

interface FiguresRow {
  grp: string;
  grp_key: string;
  projects: unknown;
  grant_known: unknown;
  grant_known_cents: unknown;
  grant_unknown: unknown;
  committed: unknown;
  disbursed: unknown;
  repaid: unknown;
  reported: unknown;
  lag_projects: unknown;
  lag_cents: unknown;
}

interface BudgetYearRow {
  budget_year: unknown;
  projects: unknown;
  commitments: unknown;
  committed: unknown;
  disbursements: unknown;
  disbursed: unknown;
  repaid: unknown;
}

/** Per budget year, every year of the programme's life (zeros included; budget years outside it are refused on entry). */
async function budgetYearGroups(source: RollupSource): Promise<Group<BudgetYearFigures>[]> {
  const { manager, programme } = source;
  const yearRows = await sql<BudgetYearRow>(manager, BY_BUDGET_YEAR, { programmeId: programme.id });
  const years = new Map(yearRows.map((row) => [int(row.budget_year), row]));
  const firstYear = Number(programme.startsOn.slice(0, 4));
  const lastYear = Number(programme.endsOn.slice(0, 4));
  const allYears = [...new Set([...Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i), ...years.keys()])].sort(
    (a, b) => a - b,
  );
  return allYears.map((year) => {
    const row = years.get(year);
    const committedCents = toCents(row?.committed);
    const disbursedCents = toCents(row?.disbursed);
    return {
      key: String(year),
      label: String(year),
      projectCount: int(row?.projects),
      commitmentCount: int(row?.commitments),
      committedCents,
      disbursementCount: int(row?.disbursements),
      disbursedCents,
      repaidCents: toCents(row?.repaid),
      committedOfBudgetBp: shareBp(committedCents, programme.budgetCents),
      disbursedOfBudgetBp: shareBp(disbursedCents, programme.budgetCents),
    };
  });
}

export async function fundingRollupReference(source: RollupSource): Promise<FundingRollupContent> {
  const { manager, programme } = source;
  const budget = programme.budgetCents;
  const cutoff = addMonths(source.today, -DRAWDOWN_LAG_MONTHS);

  const figures = (row: FiguresRow | undefined): FundingFigures => {
    const committedCents = toCents(row?.committed);
    const disbursedCents = toCents(row?.disbursed);
    return {
      projectCount: int(row?.projects),
      grantKnownCount: int(row?.grant_known),
      grantKnownCents: toCents(row?.grant_known_cents),
      grantUnknownCount: int(row?.grant_unknown),
      committedCents,
      disbursedCents,
      repaidCents: toCents(row?.repaid),
      reportedSpendCents: toCents(row?.reported),
      remainingCents: committedCents - disbursedCents,
      committedOfBudgetBp: shareBp(committedCents, budget),
      disbursedOfBudgetBp: shareBp(disbursedCents, budget),
      drawdownLagProjectCount: int(row?.lag_projects),
      drawdownLagCents: toCents(row?.lag_cents),
    };
  };

  const rows = await sql<FiguresRow>(manager, GROUPED, { programmeId: programme.id, cutoff, counted: DELIVERED_REPORT_STATUSES });
  const byGroup = new Map<string, Map<string, FundingFigures>>();
  for (const row of rows) {
    if (!byGroup.has(row.grp)) byGroup.set(row.grp, new Map());
    byGroup.get(row.grp)?.set(String(row.grp_key), figures(row));
  }
  const totals = byGroup.get('total')?.get('') ?? figures(undefined);

  const budgetYear = await budgetYearGroups(source);

  return {
    kind: 'funding',
    asOf: { dataAsOf: source.dataAsOf.toISOString(), date: source.today, drawdownLagCutoff: cutoff },
    programme: { code: programme.code, name: programme.name, budgetCents: budget },
    totals,
    groups: { ...dimensionGroups(source, byGroup, () => figures(undefined)), budgetYear },
    notes: {
      state: STATE_NOTE,
      multiLandProjectCount: source.multiLandProjectCount,
      budgetYear:
        "Commitments and disbursements count in their own budget year, net of their reversals (booked in the original's year); repayments in theirs; counts are of original entries; projectCount is the projects with an entry in that year.",
    },
  };
}
