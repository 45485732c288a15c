import type { EntityManager } from 'typeorm';
import { toCents } from '../database/money';
import { statesOfProjects } from '../projects/project-states';
import { int } from './rollup-content';
import { sqlRows } from '../database/sql-rows';
import { asText } from './rollup-sql';
import type { RollupSource } from './rollup-source';

/*
 * Both roll-ups work per project: each source table is read once, grouped by
 * project_id in the order of its project_id index (no sort), into one figure
 * set per project; totals, rounds, categories and Länder are then summed in
 * JavaScript from those per-project figures (groupSums), so no table is read
 * once per grouping.
 */

/** A project of the roll-up's programme and the groups it counts in. */
export interface RollupProject {
  id: number;
  slug: string;
  name: string;
  round: number;
  category: string;
  grantCents: number | null;
  states: string[];
}

/** The programme's projects in id order, each with its round, category and Länder. */
export async function rollupProjects(source: RollupSource): Promise<RollupProject[]> {
  const { manager, programme } = source;
  const rows = await sqlRows(
    manager,
    `SELECT p.id, p.slug, p.name, fr.number AS round_number, p.category_code, p.grant_cents
     FROM project p JOIN funding_round fr ON fr.id = p.round_id WHERE p.programme_id = :programmeId ORDER BY p.id`,
    { programmeId: programme.id },
  );
  const statesOf = await statesOfProjects(manager, { programmeId: programme.id });
  return rows.map(([projectId, slug, name, round, category, grant]) => {
    const id = int(projectId);
    return {
      id,
      slug: String(slug),
      name: String(name),
      round: int(round),
      category: String(category),
      grantCents: grant === null || grant === undefined ? null : toCents(grant),
      states: statesOf.get(id) ?? [],
    };
  });
}

/** A project's ledger: net sums of its commitment and disbursement rows (reversals and repayments are rows of their own). */
export interface ProjectLedger {
  committed: number;
  /** Commitments dated on or before the drawdown-lag cutoff. */
  committedOld: number;
  firstCommitment: string | null;
  disbursed: number;
  repaid: number;
  /** The last disbursement proper (reversals and repayments aside). */
  lastDisbursement: string | null;
  /** The budget years of its commitment and disbursement rows, as bits from yearBase (0 when not asked for). */
  years: number;
}

/** SUM(DISTINCT) of distinct powers of two is their bitwise OR, on both databases. */
const yearBits = (column: string, yearBase: number | null) =>
  yearBase === null ? '0' : `SUM(DISTINCT CAST(1 AS BIGINT) << (${column} - ${Math.trunc(yearBase)}))`;

const COMMITMENTS = (yearBase: number | null) => `
  SELECT cm.project_id, ${yearBits('cm.budget_year', yearBase)} AS years, SUM(cm.amount_cents) AS committed,
         SUM(CASE WHEN cm.date <= :cutoff THEN cm.amount_cents ELSE 0 END) AS committed_old, ${asText('MIN(cm.date)')} AS first_commitment
  FROM commitment cm GROUP BY cm.project_id ORDER BY cm.project_id`;

const DISBURSEMENTS = (yearBase: number | null) => `
  SELECT db.project_id, ${yearBits('db.budget_year', yearBase)} AS years, SUM(db.amount_cents) AS disbursed,
         SUM(CASE WHEN db.kind = 'repayment' THEN -db.amount_cents ELSE 0 END) AS repaid,
         ${asText("MAX(CASE WHEN db.kind = 'disbursement' THEN db.date END)")} AS last_disbursement
  FROM disbursement db GROUP BY db.project_id ORDER BY db.project_id`;

export const emptyLedger = (): ProjectLedger => ({
  committed: 0,
  committedOld: 0,
  firstCommitment: null,
  disbursed: 0,
  repaid: 0,
  lastDisbursement: null,
  years: 0,
});

const dateText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value).slice(0, 10));

/**
 * Every project's ledger, one pass over each table; projects without rows are absent (emptyLedger).
 * With a yearBase, also the budget years each project has rows in (years − yearBase within 0…30, so the bits fit a 32-bit integer).
 */
export async function ledgerByProject(
  manager: EntityManager,
  cutoff: string,
  yearBase: number | null = null,
): Promise<Map<number, ProjectLedger>> {
  const ledger = new Map<number, ProjectLedger>();
  const of = (projectId: unknown): ProjectLedger => {
    const id = int(projectId);
    let entry = ledger.get(id);
    if (!entry) ledger.set(id, (entry = emptyLedger()));
    return entry;
  };
  for (const [projectId, years, committed, committedOld, first] of await sqlRows(manager, COMMITMENTS(yearBase), { cutoff })) {
    const entry = of(projectId);
    entry.committed = toCents(committed);
    entry.committedOld = toCents(committedOld);
    entry.firstCommitment = dateText(first);
    entry.years = int(years);
  }
  for (const [projectId, years, disbursed, repaid, last] of await sqlRows(manager, DISBURSEMENTS(yearBase), {})) {
    const entry = of(projectId);
    entry.disbursed = toCents(disbursed);
    entry.repaid = toCents(repaid);
    entry.lastDisbursement = dateText(last);
    entry.years |= int(years);
  }
  return ledger;
}

/**
 * Sums per-project figures into the total ('total' / '') and per round, category and Land (keyed as
 * dimensionGroups reads them). A project spanning several Länder counts in full in each.
 */
export function groupSums<P, F>(
  projects: readonly RollupProject[],
  figuresOf: (project: RollupProject, index: number) => P,
  zero: () => F,
  add: (into: F, project: P) => void,
): Map<string, Map<string, F>> {
  const groups = new Map<string, Map<string, F>>();
  const into = (grouping: string, key: string): F => {
    let byKey = groups.get(grouping);
    if (!byKey) groups.set(grouping, (byKey = new Map()));
    let figures = byKey.get(key);
    if (!figures) byKey.set(key, (figures = zero()));
    return figures;
  };
  projects.forEach((project, index) => {
    const figures = figuresOf(project, index);
    add(into('total', ''), figures);
    add(into('round', String(project.round)), figures);
    add(into('category', project.category), figures);
    for (const state of project.states) add(into('state', state), figures);
  });
  return groups;
}
