import { isoDate } from '../common/iso-date';
import { toCents } from '../database/money';
import type { CsvDialect, ExportFormat, ExportRows } from '../jobs/job-catalogue';

/** Grant and funding sums over a set of projects, in cents; unknown grants are counted, never summed as 0. */
export interface Tally {
  projectCount: number;
  /** Sum of the grants a source states. */
  grantedCents: number;
  projectsWithUnknownGrant: number;
  projectsWithUncertainGrant: number;
  /** Net of reversals. */
  committedCents: number;
  /** Net of reversals and repayments. */
  disbursedCents: number;
  repaidCents: number;
  reportedSpendCents: number;
  remainingCents: number;
}

export const emptyTally = (): Tally => ({
  projectCount: 0,
  grantedCents: 0,
  projectsWithUnknownGrant: 0,
  projectsWithUncertainGrant: 0,
  committedCents: 0,
  disbursedCents: 0,
  repaidCents: 0,
  reportedSpendCents: 0,
  remainingCents: 0,
});

export function addToTally(tally: Tally, project: ProjectRow): void {
  tally.projectCount += 1;
  if (project.grantCents === null) tally.projectsWithUnknownGrant += 1;
  else {
    tally.grantedCents += project.grantCents;
    if (project.grantUncertain) tally.projectsWithUncertainGrant += 1;
  }
  tally.committedCents += project.committedCents;
  tally.disbursedCents += project.disbursedCents;
  tally.repaidCents += project.repaidCents;
  tally.reportedSpendCents += project.reportedSpendCents;
  tally.remainingCents += project.remainingCents;
}

export interface RoundGroup extends Tally {
  number: number;
  year: number;
}

export interface NamedGroup extends Tally {
  code: string;
  name: string;
}

export interface ExportSummary {
  totals: Tally;
  /** Every round of the programme, in order (zeros where the selection has no project). */
  byRound: RoundGroup[];
  /** The four categories, in their order. */
  byCategory: NamedGroup[];
  /** The Länder the selected projects span; a project spanning several counts fully in each. */
  byState: NamedGroup[];
  /** Commitments and disbursements of the selected projects (the rows of a `transactions` export). */
  commitmentCount: number;
  disbursementCount: number;
}

export interface ProjectRow {
  id: number;
  slug: string;
  name: string;
  round: { number: number; year: number };
  category: string;
  states: string[];
  lead: string | null;
  grantCents: number | null;
  grantUncertain: boolean;
  committedCents: number;
  disbursedCents: number;
  repaidCents: number;
  reportedSpendCents: number;
  remainingCents: number;
}

export interface TransactionRow {
  type: 'commitment' | 'disbursement';
  /** What the row is: an original entry, a reversal (negative amount) or a repayment (negative amount). */
  kind: 'commitment' | 'disbursement' | 'reversal' | 'repayment';
  id: number;
  projectId: number;
  projectSlug: string;
  projectName: string;
  date: string;
  /** Commitments only. */
  phase: string | null;
  budgetYear: number;
  amountCents: number;
}

/** Everything a format writer needs besides the rows. */
export interface ExportMeta {
  programme: { code: string; name: string; budgetCents: number; currency: string };
  filters: {
    round: { number: number; year: number } | null;
    category: { code: string; name: string } | null;
    state: { code: string; name: string } | null;
    /** A municipality's export: the body whose projects (as lead or member) it covers. */
    scope: { bodyId: number; bodyName: string } | null;
  };
  format: ExportFormat;
  rows: ExportRows;
  csvDialect: CsvDialect;
  dataAsOf: Date;
  summary: ExportSummary;
  /** Category and Land names by code, for labels. */
  categoryNames: Map<string, string>;
  stateNames: Map<string, string>;
}

/** The German label of a ledger row in an export (Bewilligung, Storno Auszahlung, Rückzahlung …). */
export function entryLabel(t: Pick<TransactionRow, 'type' | 'kind'>): string {
  if (t.kind === 'repayment') return 'Rückzahlung';
  const base = t.type === 'commitment' ? 'Bewilligung' : 'Auszahlung';
  return t.kind === 'reversal' ? `Storno ${base}` : base;
}

/** The code of a ledger row in a script-oriented export: commitment, disbursement, commitment_reversal, disbursement_reversal, repayment. */
export function entryCode(t: Pick<TransactionRow, 'type' | 'kind'>): string {
  if (t.kind === 'repayment') return 'repayment';
  return t.kind === 'reversal' ? `${t.type}_reversal` : t.type;
}

/** The aliases entryBatchQuery selects (phase for commitments only). */
export const ENTRY_COLUMNS = ['id', 'project_id', 'slug', 'name', 'date', 'budget_year', 'amount_cents', 'kind', 'phase'] as const;

/** Where each column of ENTRY_COLUMNS sits in a row array; phase is -1 for disbursements. */
export type EntryColumnIndex = Record<(typeof ENTRY_COLUMNS)[number], number>;

/** One batch of entries of one type, as the driver returned them. */
export interface EntryBatch {
  type: TransactionRow['type'];
  at: EntryColumnIndex;
  rows: unknown[][];
}

export function columnIndex(type: TransactionRow['type'], names: string[]): EntryColumnIndex {
  const at = Object.fromEntries(ENTRY_COLUMNS.map((c) => [c, names.indexOf(c)])) as EntryColumnIndex;
  for (const c of ENTRY_COLUMNS) {
    if (at[c] < 0 && !(c === 'phase' && type === 'disbursement')) throw new Error(`the entry query lacks the column ${c}`);
  }
  return at;
}

/** A raw entry row as an object, for the writers that take objects (XLSX, JSON, PDF). */
export function transactionRow({ type, at }: Omit<EntryBatch, 'rows'>): (r: unknown[]) => TransactionRow {
  return (r) => ({
    type,
    kind: r[at.kind] as TransactionRow['kind'],
    id: Number(r[at.id]),
    projectId: Number(r[at.project_id]),
    projectSlug: r[at.slug] as string,
    projectName: r[at.name] as string,
    date: isoDate(r[at.date]),
    phase: at.phase < 0 ? null : ((r[at.phase] as string | null) ?? null),
    budgetYear: Number(r[at.budget_year]),
    amountCents: toCents(r[at.amount_cents]),
  });
}
