import type { EntityManager } from 'typeorm';
import { toCents } from '../database/money';
import { statesOfProjects } from '../projects/project-states';
import { int } from './rollup-content';
import { asText, sql } from './rollup-sql';
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
  const rows = await sql<Record<string, unknown>>(
    manager,
    `SELECT p.id, p.slug, p.name, fr.number AS round_number, p.category_code, p.grant_cents
     FROM project p JOIN funding_round fr ON fr.id = p.round_id WHERE p.programme_id = :programmeId ORDER BY p.id`,
    { programmeId: programme.id },
  );
  const statesOf = await statesOfProjects(manager, { programmeId: programme.id });
  return rows.map((row) => {
    const id = int(row.id);
    return {
      id,
      slug: String(row.slug),
      name: String(row.name),
      round: int(row.round_number),
      category: String(row.category_code),
      grantCents: row.grant_cents === null || row.grant_cents === undefined ? null : toCents(row.grant_cents),
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
  for (const row of await sql<Record<string, unknown>>(manager, COMMITMENTS(yearBase), { cutoff })) {
    const entry = of(row.project_id);
    entry.committed = toCents(row.committed);
    entry.committedOld = toCents(row.committed_old);
    entry.firstCommitment = dateText(row.first_commitment);
    entry.years = int(row.years);
  }
  for (const row of await sql<Record<string, unknown>>(manager, DISBURSEMENTS(yearBase), {})) {
    const entry = of(row.project_id);
    entry.disbursed = toCents(row.disbursed);
    entry.repaid = toCents(row.repaid);
    entry.lastDisbursement = dateText(row.last_disbursement);
    entry.years |= int(row.years);
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
