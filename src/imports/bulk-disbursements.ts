import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/errors/domain-error';
import { insertRows } from '../database/bulk-insert';
import { Commitment } from '../funding/commitment.entity';
import { Disbursement } from '../funding/disbursement.entity';
import { FundingGuard } from '../funding/funding-guard';
import { beforeCommitment, overDisbursed, overDisbursedAt } from '../funding/funding.errors';
import { cleanNote } from '../funding/funding.service';
import type { Ledger, LedgerEntry } from '../funding/ledger-rules';
import type { Programme } from '../programme/programme.entity';
import { columnOf, type ImportRow, type RowError, rowError } from './import-rows';
import { RunningLedger } from './running-ledger';

interface ProjectState {
  programme: Programme;
  firstCommitment: string | null;
  withdrawal: { from: string; label: string } | null;
  ledger: RunningLedger;
}
type Ready = { row: ImportRow; projectId: number };

/**
 * Disbursement rows in one pass: each project is locked (and its access checked) and its ledger read once, then every
 * row is checked in file order against FundingService.addDisbursement's rules — the same guard checks and error
 * constructors, the ledger rule through a RunningLedger that counts the rows accepted before it — and the accepted
 * rows are written by multi-row INSERTs with one audit row each (as addDisbursement writes), only when no row of the
 * file has an error. The dry run checks without writing: the running balances already count every earlier row.
 */
@Injectable()
export class BulkDisbursements {
  constructor(
    private readonly guard: FundingGuard,
    private readonly audit: AuditService,
  ) {}

  /** Checks `rows` (adding their errors to `errors`) and, with `write` and no error in the file, writes them. Returns the count written. */
  async apply(manager: EntityManager, actor: Actor, rows: Ready[], errors: RowError[], write: boolean): Promise<number> {
    const dates = new Map<number, string[]>();
    for (const { row, projectId } of rows) {
      const list = dates.get(projectId);
      if (list) list.push(row.date);
      else dates.set(projectId, [row.date]);
    }
    const states = new Map<number, ProjectState | DomainError>();
    const programmes = new Map<number, Programme>();
    const ledgers = await ledgersOf(manager, [...dates.keys()]);
    for (const [projectId, bookingDates] of dates)
      states.set(projectId, await this.load(manager, actor, projectId, bookingDates, programmes, ledgers));
    const accepted: Ready[] = [];
    for (const ready of rows) {
      const state = states.get(ready.projectId) as ProjectState | DomainError;
      try {
        if (state instanceof DomainError) throw state;
        this.check(state, ready.row);
        state.ledger.addDisbursement(ready.row.date, ready.row.amountCents);
        accepted.push(ready);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        errors.push(rowError(ready.row.row, columnOf(error, 'project'), error));
      }
    }
    if (!write || errors.length) return 0;
    await this.write(manager, actor, accepted);
    return accepted.length;
  }

  private async load(
    manager: EntityManager,
    actor: Actor,
    projectId: number,
    bookingDates: string[],
    programmes: Map<number, Programme>,
    ledgers: Map<number, Ledger>,
  ): Promise<ProjectState | DomainError> {
    try {
      const project = await this.guard.lockProject(actor, projectId, manager);
      const programme = programmes.get(project.programmeId) ?? (await this.guard.loadProgramme(manager, project.programmeId, false));
      programmes.set(programme.id, programme);
      const ledger = ledgers.get(project.id) as Ledger;
      const firstCommitment = ledger.commitments.reduce<string | null>(
        (first, e) => (first === null || e.date < first ? e.date : first),
        null,
      );
      const withdrawal = await this.guard.withdrawal(manager, project);
      return { programme, firstCommitment, withdrawal, ledger: new RunningLedger(ledger, bookingDates) };
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
  }

  /** FundingService.addDisbursement's checks, in its order. */
  private check(state: ProjectState, row: ImportRow): void {
    const budgetYear = row.budgetYear as number;
    this.guard.checkWithinProgramme(state.programme, row.date);
    this.guard.checkBudgetYear(state.programme, budgetYear);
    this.guard.checkDrawableYear(budgetYear, row.date);
    if (state.firstCommitment && row.date < state.firstCommitment) throw beforeCommitment(row.date, state.firstCommitment);
    this.guard.checkWithdrawal(state.withdrawal, row.date);
    if (row.amountCents <= state.ledger.availableFrom(row.date)) return; // the limiting point is needed for the error alone
    const { point, availableCents } = state.ledger.undrawnFrom(row.date);
    if (row.amountCents > availableCents) {
      throw point.committedCents > 0 ? overDisbursedAt(point, availableCents) : overDisbursed(0, point.disbursedCents);
    }
  }

  /**
   * In chunks of 1 000 accepted rows (memory stays flat): the entries inserted, their ids and creation times learnt, an
   * audit row each. On SQLite the audit rows of all chunks come last, by one statement over the entries written.
   */
  private async write(manager: EntityManager, actor: Actor, accepted: Ready[]): Promise<void> {
    const sqliteIds = { first: 0, last: 0 }; // the entries' ids on SQLite (none on PostgreSQL)
    const started = new Date();
    for (let i = 0; i < accepted.length; i += 1000) {
      const entities = accepted.slice(i, i + 1000).map(({ row, projectId }) => ({
        projectId,
        kind: 'disbursement',
        amountCents: row.amountCents,
        date: row.date,
        budgetYear: row.budgetYear as number,
        note: cleanNote(row.note),
        createdById: actor.userId,
        externalRef: row.externalRef,
      }));
      const ids = await insertRows(manager, Disbursement, entities);
      if (ids) {
        if (!sqliteIds.first) sqliteIds.first = ids[0];
        sqliteIds.last = ids[ids.length - 1];
        continue;
      }
      const stored = await readBack(manager, entities);
      const entries = entities.map((e) => {
        const { id, createdAt } = stored(e.externalRef);
        return { action: 'funding.disbursement.create', entityType: 'disbursement', entityId: id, afterJson: afterJson(e, id, createdAt) };
      });
      await this.audit.recordMany(manager, actor, entries);
    }
    if (sqliteIds.first) this.auditOnSqlite(manager, actor, sqliteIds, accepted.length, started);
  }

  /**
   * SQLite: the audit rows of the entries just written by one INSERT … SELECT over them (their ids are known and
   * consecutive: one writer, AUTOINCREMENT, one transaction), `after` built by SQLite as afterJson builds it (same keys,
   * same order, same values; audit-after.spec.ts and the import e2e specs compare them). One statement for the whole
   * file rather than one per chunk: SQLite journals the pages each such statement changes (its json_object may fail
   * mid-statement), and interleaving entry and audit inserts made it write pages it had already spilled again; one
   * statement at the end makes ≈ 16 000 fewer page writes for 100 000 rows (strace: 74 572 → 58 179 pwrite calls).
   */
  private auditOnSqlite(manager: EntityManager, actor: Actor, ids: { first: number; last: number }, count: number, since: Date): void {
    const written = this.audit.recordSelected(
      manager,
      actor,
      { action: 'funding.disbursement.create', entityType: 'disbursement' },
      {
        entityId: 'CAST(id AS TEXT)',
        after: afterSql(new Date(), since), // the seconds the entries were written in
        from: 'disbursement WHERE id BETWEEN ? AND ? ORDER BY id',
        params: [ids.first, ids.last],
      },
    );
    if (written !== count) throw new Error(`bulk import: ${written} audit rows for ${count} entries`);
  }
}

/**
 * FundingGuard.ledger (every signed entry of the project) for all of a file's projects at once: two queries per 500
 * projects instead of two per project. Entries in no particular order, as there: the ledger rules do not depend on it.
 */
export async function ledgersOf(manager: EntityManager, projectIds: number[]): Promise<Map<number, Ledger>> {
  const found = new Map<number, { commitments: LedgerEntry[]; disbursements: LedgerEntry[] }>();
  for (const id of projectIds) found.set(id, { commitments: [], disbursements: [] });
  const select = { projectId: true, date: true, amountCents: true } as const;
  for (let i = 0; i < projectIds.length; i += 500) {
    const where = { projectId: In(projectIds.slice(i, i + 500)) };
    for (const e of await manager.getRepository(Commitment).find({ select, where })) {
      found.get(e.projectId)?.commitments.push({ date: e.date, amountCents: e.amountCents });
    }
    for (const e of await manager.getRepository(Disbursement).find({ select, where })) {
      found.get(e.projectId)?.disbursements.push({ date: e.date, amountCents: e.amountCents });
    }
  }
  return found;
}

/** afterJson in SQLite's JSON functions: created_at (the column default, UTC text) as toISOString() writes it. */
const CREATED_AT_SQL = "strftime('%Y-%m-%dT%H:%M:%fZ', created_at)";
export const AFTER_SQL =
  "json_object('id', id, 'projectId', project_id, 'amountCents', amount_cents, 'date', date, 'budgetYear', budget_year, " +
  `'note', note, 'createdById', created_by_id, 'createdAt', ${CREATED_AT_SQL})`;

/**
 * AFTER_SQL with its one per-row date conversion skipped for the usual case: an entry created in one of the whole
 * seconds from `since` to `now` (created_at is SQLite's datetime('now'), whole seconds, UTC; at most the last 60 of
 * them) gets that second's ISO text as a constant; any other created_at is converted as in AFTER_SQL. The same text
 * for every row (audit-after.spec.ts).
 */
export function afterSql(now: Date, since: Date = now): string {
  const last = Math.floor(now.getTime() / 1000);
  const first = Math.max(Math.min(Math.floor(since.getTime() / 1000), last), last - 59);
  const whens: string[] = [];
  for (let second = last; second >= first; second--) {
    const iso = `${new Date(second * 1000).toISOString().slice(0, 19)}.000Z`;
    const stored = iso.slice(0, 19).replace('T', ' ');
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(stored)) return AFTER_SQL; // a year past 9999: never, but never inline it unchecked
    whens.push(`WHEN created_at = '${stored}' THEN '${iso}'`);
  }
  return AFTER_SQL.replace(CREATED_AT_SQL, `CASE ${whens.join(' ')} ELSE ${CREATED_AT_SQL} END`);
}

/** A chunk's stored entry (id and creation time as ISO text) by its external reference. */
type StoredOf = (externalRef: string) => { id: number; createdAt: string };

/** PostgreSQL (or SQLite outside a transaction): the chunk's ids and creation times read back by external reference. */
async function readBack(manager: EntityManager, entities: { externalRef: string }[]): Promise<StoredOf> {
  const pg = manager.connection.driver.options.type === 'postgres';
  const refs = entities.map((e) => e.externalRef);
  const places = refs.map((_, k) => (pg ? `$${k + 1}` : '?')).join(', ');
  const found = (await manager.query(`SELECT id, external_ref, created_at FROM disbursement WHERE external_ref IN (${places})`, refs)) as {
    id: number;
    external_ref: string;
    created_at: Date | string;
  }[];
  const isoOf = new Map<string, string>(); // created_at repeats within a chunk: one Date conversion per distinct value
  const stored = new Map(
    found.map((f) => {
      const raw = String(f.created_at instanceof Date ? f.created_at.getTime() : f.created_at);
      const iso = isoOf.get(raw) ?? storedDate(f.created_at).toISOString();
      isoOf.set(raw, iso);
      return [f.external_ref, { id: Number(f.id), createdAt: iso }];
    }),
  );
  return (ref) => stored.get(ref) as { id: number; createdAt: string };
}

/**
 * The audit row's `after` of an imported disbursement, as JSON.stringify(disbursementDto(entry)) writes it (same keys,
 * same order), built from a template: no DTO object per row.
 */
export const afterJson = (
  e: { projectId: number; amountCents: number; date: string; budgetYear: number; note: string | null; createdById: number | null },
  id: number,
  createdAt: string,
): string =>
  `{"id":${id},"projectId":${e.projectId},"amountCents":${e.amountCents},"date":${JSON.stringify(e.date)},` +
  `"budgetYear":${e.budgetYear},"note":${JSON.stringify(e.note)},"createdById":${e.createdById},"createdAt":"${createdAt}"}`;

/** created_at as the drivers return it raw: a Date (PostgreSQL) or SQLite's UTC text "YYYY-MM-DD HH:MM:SS". */
const storedDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`));
