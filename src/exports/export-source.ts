import { statesOfProjects } from '../projects/project-states';
import { Injectable } from '@nestjs/common';
import type BetterSqlite3 from 'better-sqlite3';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { Body } from '../bodies/body.entity';
import { toCents, toCentsOrNull } from '../database/money';
import { TransactionService } from '../database/transaction.service';
import { Commitment } from '../funding/commitment.entity';
import { Disbursement } from '../funding/disbursement.entity';
import { FundingService } from '../funding/funding.service';
import type { JobCatalogue } from '../jobs/job-catalogue';
import { Category } from '../programme/category.entity';
import { FundingRound } from '../programme/funding-round.entity';
import { Programme } from '../programme/programme.entity';
import { ProgrammeService } from '../programme/programme.service';
import { State } from '../programme/state.entity';
import { narrowToBody } from '../projects/project-access.service';
import { Project } from '../projects/project.entity';
import {
  addToTally,
  columnIndex,
  emptyTally,
  ENTRY_COLUMNS,
  EntryBatch,
  EntryColumnIndex,
  ExportSummary,
  NamedGroup,
  ProjectRow,
  RoundGroup,
  TransactionRow,
} from './export.model';

/** Projects per keyset batch: memory is bounded by this, never by the size of the export. */
export const EXPORT_BATCH_SIZE = 2000;

/**
 * Entries per keyset batch, smaller: a batch read from the driver lives until
 * its last row is written, and batches of 2 000 outlived V8's young heap, were
 * promoted and grew the old heap to 4× its live size before a full GC (CSV of
 * 1.14 M entries: peak RSS 350 MiB; with 250 and a wait per record ≈ 210–240 MiB,
 * and faster). The prepared statement makes a batch cheap to start.
 */
export const ENTRY_BATCH_SIZE = 250;

export type ExportParams = JobCatalogue['export'];

interface ProjectRaw {
  id: unknown;
  slug: string;
  name: string;
  round_number: unknown;
  round_year: unknown;
  category_code: string;
  lead_name: string | null;
  grant_cents: unknown;
  grant_uncertain: unknown;
}

/**
 * Reads what an export contains, in keyset batches (WHERE id > :last ORDER BY
 * id LIMIT n, the same on SQLite and PostgreSQL).
 *
 * Consistency: on PostgreSQL the whole export reads one REPEATABLE READ,
 * READ ONLY snapshot. On SQLite all queries share one connection, so each
 * batch is read in the write queue (it never sees another request's
 * uncommitted rows, and writers wait for one batch, not the whole export);
 * the handler then checks that the rows add up to the totals read first, and a
 * change in between makes the attempt fail and retry.
 */
@Injectable()
export class ExportSource {
  constructor(
    private readonly transactions: TransactionService,
    private readonly funding: FundingService,
    private readonly programmes: ProgrammeService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async open<T>(params: ExportParams, work: (reader: ExportReader) => Promise<T>): Promise<T> {
    const programme = await this.programmes.currentProgramme();
    if (this.transactions.isSqlite) {
      const db = (this.dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
      const read: Read = (work) => this.transactions.run(work);
      return work(new ExportReader(programme, params, this.funding, read, { db, manager: this.dataSource.manager }));
    }
    return this.transactions.snapshot((manager) => work(new ExportReader(programme, params, this.funding, (read) => read(manager), null)));
  }
}

type Read = <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>;

/** SQLite: the driver's connection, for reading entry rows without TypeORM (see entryReader()). */
interface SqliteAccess {
  db: BetterSqlite3.Database;
  /** Builds the SQL only (the query builders need a manager; nothing runs through it). */
  manager: EntityManager;
}

/** A placeholder for the keyset bound, found again among the built query's parameters. */
const AFTER_MARK = -7_340_033;

export { ENTRY_COLUMNS, transactionRow } from './export.model';
export type { EntryBatch, EntryColumnIndex } from './export.model';

/** The last entry id of each type an export covers (see ExportReader.entryBounds). */
export type EntryBounds = Record<TransactionRow['type'], number>;

/** COUNT and SUM of the selected entries of one type (the rows of a `transactions` export). */
export interface EntryTotals {
  count: number;
  cents: number;
}

export class ExportReader {
  constructor(
    readonly programme: Programme,
    private readonly params: ExportParams,
    private readonly funding: FundingService,
    private readonly read: Read,
    /** SQLite (null on PostgreSQL): also keeps its planner off the filter columns' indexes (see selected()). */
    private readonly sqliteAccess: SqliteAccess | null,
  ) {}

  private get sqlite(): boolean {
    return this.sqliteAccess !== null;
  }

  /**
   * Projects of the programme that the parameters select (filters, and a
   * municipality's own projects only).
   *
   * On SQLite, `+ 0` and `|| ''` leave the values as they are but hide the
   * filter columns' indexes from the planner, which would otherwise drive each
   * batch from such an index (every project of the programme, then the
   * entries of each) and sort them all before LIMIT — a cost paid again for
   * every batch. Walking the primary key in order, each batch goes on where
   * the last one stopped (100 000 projects, 1 M entries: 65 ms a batch → 3 ms).
   * PostgreSQL gets the plain columns: with its statistics it walks the
   * primary key by itself, and the expressions would spoil its estimates.
   */
  private selected<T extends object>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    const { round, category, state, scopeBodyId } = this.params;
    const number = (column: string) => (this.sqlite ? `${column} + 0` : column);
    const text = (column: string) => (this.sqlite ? `${column} || ''` : column);
    qb.andWhere(`${number('p.programme_id')} = :programmeId`, { programmeId: this.programme.id });
    if (round !== undefined) qb.andWhere(`${number('r.number')} = :round`, { round });
    if (category !== undefined) qb.andWhere(`${text('p.category_code')} = :category`, { category });
    if (state !== undefined) {
      qb.andWhere('EXISTS (SELECT 1 FROM project_state fps WHERE fps.project_id = p.id AND fps.state_code = :state)', { state });
    }
    if (scopeBodyId !== null) narrowToBody(qb, scopeBodyId);
    return qb;
  }

  /** Names for the title and the group labels. Queries one after another: inside a transaction they share one connection. */
  labels() {
    return this.read(async (manager) => {
      const rounds = await manager
        .getRepository(FundingRound)
        .find({ where: { programmeId: this.programme.id }, order: { number: 'ASC' } });
      const categories = await manager.getRepository(Category).find({ order: { sortOrder: 'ASC' } });
      const states = await manager.getRepository(State).find({ order: { name: 'ASC' } });
      const body = this.params.scopeBodyId === null ? null : await manager.getRepository(Body).findOneBy({ id: this.params.scopeBodyId });
      return { rounds, categories, states, bodyName: body?.name ?? null };
    });
  }

  async *projectBatches(): AsyncGenerator<ProjectRow[]> {
    let after = 0;
    for (;;) {
      const batch = await this.read((manager) => this.projectBatch(manager, after));
      if (batch.length === 0) return;
      yield batch;
      if (batch.length < EXPORT_BATCH_SIZE) return;
      after = batch[batch.length - 1].id;
    }
  }

  private async projectBatch(manager: EntityManager, after: number): Promise<ProjectRow[]> {
    const qb = manager
      .getRepository(Project)
      .createQueryBuilder('p')
      .innerJoin(FundingRound, 'r', 'r.id = p.round_id')
      .leftJoin(Body, 'lead', 'lead.id = p.lead_body_id')
      .select('p.id', 'id')
      .addSelect('p.slug', 'slug')
      .addSelect('p.name', 'name')
      .addSelect('r.number', 'round_number')
      .addSelect('r.year', 'round_year')
      .addSelect('p.category_code', 'category_code')
      .addSelect('lead.name', 'lead_name')
      .addSelect('p.grant_cents', 'grant_cents')
      .addSelect('p.grant_uncertain', 'grant_uncertain')
      .where('p.id > :after', { after });
    const rows = await this.selected(qb).orderBy('p.id', 'ASC').limit(EXPORT_BATCH_SIZE).getRawMany<ProjectRaw>();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id));
    const totals = await this.funding.totals(ids, manager);
    const statesOf = await statesOfProjects(manager, { projectIds: ids });
    return rows.map((r) => {
      const id = Number(r.id);
      const sums = totals.get(id);
      if (!sums) throw new Error(`funding totals missing for project ${id}`);
      return {
        id,
        slug: r.slug,
        name: r.name,
        round: { number: Number(r.round_number), year: Number(r.round_year) },
        category: r.category_code,
        states: statesOf.get(id) ?? [],
        lead: r.lead_name,
        grantCents: toCentsOrNull(r.grant_cents),
        grantUncertain: Boolean(r.grant_uncertain),
        ...sums,
      };
    });
  }

  /**
   * Commitments, then disbursements, each in the order they were recorded (by
   * id), as the driver returns them: one array per row, no object per row
   * (the CSV writer formats them straight into text; transactionRow() makes
   * objects for the other writers).
   */
  async *entryBatches(upTo?: EntryBounds): AsyncGenerator<EntryBatch> {
    for (const type of ['commitment', 'disbursement'] as const) {
      const { next, at } = await this.entryReader(type);
      const last = upTo?.[type] ?? Infinity;
      let after = 0;
      for (;;) {
        let rows = await next(after);
        if (rows.length === 0) break;
        const end = Number(rows[rows.length - 1][at.id]);
        // Rows recorded after the bounds were read are left out: the batch is cut at the bound (ids only grow).
        if (end > last) rows = rows.filter((r) => Number(r[at.id]) <= last);
        if (rows.length > 0) yield { type, at, rows };
        if (end >= last || rows.length < ENTRY_BATCH_SIZE) break;
        after = end;
      }
    }
  }

  /**
   * The highest entry id of each type when the export starts (a lookup of the primary key's last entry, no rows
   * read). Entries are never changed or deleted (a correction is a new entry) and their ids only grow, so the
   * entries up to these ids are the ledger as it stood then, however long the export takes and whatever is
   * recorded meanwhile.
   */
  entryBounds(): Promise<EntryBounds> {
    return this.read(async (manager) => {
      const max = async (table: 'commitment' | 'disbursement') =>
        Number((await manager.query(`SELECT COALESCE(MAX(id), 0) AS m FROM ${table}`))[0]?.m ?? 0);
      return { commitment: await max('commitment'), disbursement: await max('disbursement') };
    });
  }

  /**
   * Reads batches of entries with the SQL of entryBatchQuery, built once: on
   * SQLite a prepared statement of the driver returning arrays (no TypeORM per
   * batch), run synchronously when the shared connection has no transaction
   * open — then it can only see committed rows, and nothing interleaves —
   * otherwise in the write queue; on PostgreSQL plain queries in the snapshot.
   */
  private async entryReader(
    type: TransactionRow['type'],
  ): Promise<{ next: (after: number) => Promise<unknown[][]>; at: EntryColumnIndex }> {
    const build = (manager: EntityManager) => {
      const [built, parameters] = this.entryBatchQuery(manager, type, AFTER_MARK).getQueryAndParameters();
      let sql = built;
      let at = parameters.indexOf(AFTER_MARK);
      const inline = sql.indexOf(String(AFTER_MARK));
      if (at < 0 && inline >= 0) {
        // TypeORM writes numbers into SQLite's SQL: the bound becomes a parameter again.
        at = (sql.slice(0, inline).match(/\?/g) ?? []).length;
        sql = `${sql.slice(0, inline)}?${sql.slice(inline + String(AFTER_MARK).length)}`;
        parameters.splice(at, 0, AFTER_MARK);
      }
      if (at < 0) throw new Error('the keyset bound is missing from the entry query');
      return { sql, parameters, at };
    };
    const access = this.sqliteAccess;
    if (access) {
      const { sql, parameters, at } = build(access.manager);
      const statement = access.db.prepare(sql).raw(true);
      const all = (after: number) => {
        parameters[at] = after;
        return statement.all(...parameters) as unknown[][];
      };
      return {
        next: async (after) => (access.db.inTransaction ? this.read(async () => all(after)) : all(after)),
        // Column positions by alias: the query builder orders the selected columns its own way.
        at: columnIndex(
          type,
          statement.columns().map((c) => c.name),
        ),
      };
    }
    let query: ReturnType<typeof build> | undefined;
    return {
      next: (after) =>
        this.read(async (manager) => {
          query ??= build(manager);
          const { sql, parameters, at } = query;
          parameters[at] = after;
          const rows = (await manager.query(sql, parameters)) as Record<string, unknown>[];
          return rows.map((r) => ENTRY_COLUMNS.map((c) => r[c]));
        }),
      // Disbursements have no phase: the column is absent (-1), as on SQLite.
      at: columnIndex(type, type === 'commitment' ? [...ENTRY_COLUMNS] : ENTRY_COLUMNS.filter((c) => c !== 'phase')),
    };
  }

  private entries(manager: EntityManager, type: TransactionRow['type']) {
    const qb = manager
      .createQueryBuilder()
      .from(type === 'commitment' ? Commitment : Disbursement, 'e')
      .innerJoin(Project, 'p', 'p.id = e.project_id');
    // The round only when a round is asked for (every project has one: a join per row for nothing otherwise).
    if (this.params.round !== undefined) qb.innerJoin(FundingRound, 'r', 'r.id = p.round_id');
    return this.selected(qb);
  }

  /** The query of one batch of entries after id `after` (public for the query-plan test). */
  entryBatchQuery(manager: EntityManager, type: TransactionRow['type'], after: number) {
    const qb = this.entries(manager, type)
      .select('e.id', 'id')
      .addSelect('e.project_id', 'project_id')
      .addSelect('p.slug', 'slug')
      .addSelect('p.name', 'name')
      .addSelect('e.date', 'date')
      .addSelect('e.budget_year', 'budget_year')
      .addSelect('e.amount_cents', 'amount_cents')
      .addSelect('e.kind', 'kind')
      .andWhere('e.id > :after', { after });
    if (type === 'commitment') qb.addSelect('e.phase', 'phase');
    return qb.orderBy('e.id', 'ASC').limit(ENTRY_BATCH_SIZE);
  }

  private async countEntries(type: TransactionRow['type']): Promise<number> {
    return (await this.entryTotals(type)).count;
  }

  /** How many entries of a type the selection holds and their sum: one aggregate query, no rows. */
  entryTotals(type: TransactionRow['type']): Promise<EntryTotals> {
    return this.read(async (manager) => {
      const row = await this.entries(manager, type)
        .select('COUNT(*)', 'n')
        .addSelect('COALESCE(SUM(e.amount_cents), 0)', 'cents')
        .getRawOne<{ n: unknown; cents: unknown }>();
      return { count: Number(row?.n ?? 0), cents: toCents(row?.cents ?? 0) };
    });
  }

  /**
   * The totals and groupings, from one pass over the selected projects, before
   * any row is written (the PDF's title page shows them first). Its memory is
   * the handful of groups, whatever the number of projects.
   */
  async summary(labels: Awaited<ReturnType<ExportReader['labels']>>): Promise<ExportSummary> {
    const totals = emptyTally();
    const byRound = new Map<number, RoundGroup>(labels.rounds.map((r) => [r.number, { number: r.number, year: r.year, ...emptyTally() }]));
    const byCategory = new Map<string, NamedGroup>(labels.categories.map((c) => [c.code, { code: c.code, name: c.name, ...emptyTally() }]));
    const stateNames = new Map(labels.states.map((s) => [s.code, s.name]));
    const byState = new Map<string, NamedGroup>();
    for await (const batch of this.projectBatches()) {
      for (const project of batch) {
        addToTally(totals, project);
        const round = byRound.get(project.round.number);
        if (round) addToTally(round, project);
        const category = byCategory.get(project.category);
        if (category) addToTally(category, project);
        for (const code of project.states) {
          let state = byState.get(code);
          if (!state) byState.set(code, (state = { code, name: stateNames.get(code) ?? code, ...emptyTally() }));
          addToTally(state, project);
        }
      }
    }
    return {
      totals,
      byRound: [...byRound.values()],
      byCategory: [...byCategory.values()],
      byState: [...byState.values()].sort((a, b) => a.name.localeCompare(b.name, 'de')),
      commitmentCount: await this.countEntries('commitment'),
      disbursementCount: await this.countEntries('disbursement'),
    };
  }
}
