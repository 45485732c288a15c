import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ValidationFailed } from '../common/errors/domain-error';
import { projectNotFound } from './project.errors';
import { escapeLike, foldText } from '../common/text';
import { toCentsOrNull } from '../database/money';
import { BodyRefDto, ListProjectsQuery, ProjectDto, ProjectSort } from './project.dto';

/** A project row as the statements below select it: one array per row, in the order of COLUMNS. */
type ProjectRow = unknown[];
const ID = 0;
const SLUG = 1;
const NAME = 2;
const MOTTO = 3;
const ROUND_NUMBER = 4;
const ROUND_YEAR = 5;
const CATEGORY = 6;
const LEAD_ID = 7;
const LEAD_NAME = 8;
const GRANT_CENTS = 9;
const GRANT_UNCERTAIN = 10;
const SOURCE = 11;
const PHASE = 12;
const STATUS = 13;

const ORDER: Record<ProjectSort, string> = {
  name: 'p.name ASC, p.id ASC',
  '-name': 'p.name DESC, p.id ASC',
  // Unknown grants sort last either way; ties break by name, then id, so pages never overlap.
  grantCents: 'CASE WHEN p.grant_cents IS NULL THEN 1 ELSE 0 END ASC, p.grant_cents ASC, p.name ASC, p.id ASC',
  '-grantCents': 'CASE WHEN p.grant_cents IS NULL THEN 1 ELSE 0 END ASC, p.grant_cents DESC, p.name ASC, p.id ASC',
  round: 'r.number ASC, p.name ASC, p.id ASC',
  '-round': 'r.number DESC, p.name ASC, p.id ASC',
};

/** The columns of a project row, and the joins they need: plain SQL, built once (the query builder cost more than the query). */
const COLUMNS = `p.id, p.slug, p.name, p.motto, r.number AS round_number, r.year AS round_year, p.category_code,
  lead.id AS lead_id, lead.name AS lead_name, p.grant_cents, p.grant_uncertain, p.source, p.phase, p.status`;
const FROM = 'FROM project p INNER JOIN funding_round r ON r.id = p.round_id LEFT JOIN body lead ON lead.id = p.lead_body_id';

/** Positional parameters the way the driver wants them: `$1, $2…` on PostgreSQL, `?` on SQLite. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly postgres: boolean) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.postgres ? `$${this.values.length}` : '?';
  }
}

/** better-sqlite3's prepared statement, as far as this service uses it. */
interface SqliteStatement {
  raw(on: boolean): SqliteStatement;
  pluck(on: boolean): SqliteStatement;
  all(...params: unknown[]): unknown[];
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/**
 * SQLite: a project as the JSON the contract gives, built by SQLite (json_object; members and Länder aggregated in
 * the order the JavaScript path sorts them). Its strings come out escaped exactly as JSON.stringify escapes them
 * (SQLite 3.53, checked for every code point), its numbers are integers, so the bytes are those of
 * JSON.stringify(ProjectDto) (test/projects-reference.e2e-spec.ts compares them for every project and many pages).
 */
const PROJECT_JSON = `json_object('id', p.id, 'slug', p.slug, 'name', p.name, 'motto', p.motto,
  'round', json_object('number', r.number, 'year', r.year), 'category', p.category_code,
  'states', json((SELECT json_group_array(ps.state_code ORDER BY ps.state_code) FROM project_state ps WHERE ps.project_id = p.id)),
  'lead', json(CASE WHEN lead.id IS NULL THEN NULL ELSE json_object('id', lead.id, 'name', lead.name) END),
  'members', json((SELECT json_group_array(json_object('id', b.id, 'name', b.name) ORDER BY b.name, b.id)
    FROM project_member pm INNER JOIN body b ON b.id = pm.body_id WHERE pm.project_id = p.id)),
  'grantCents', p.grant_cents, 'grantUncertain', json(CASE WHEN p.grant_uncertain THEN 'true' ELSE 'false' END),
  'source', p.source, 'phase', p.phase, 'status', p.status)`;

/** Prepared SQLite statements kept per SQL text: the filter and sort combinations and the page sizes are few. */
const MAX_STATEMENTS = 200;

/**
 * The public portfolio's projects, the most-read routes, answered as JSON text: plain SQL per request, no query
 * builder, no entities. SQLite (the default database): one statement gives a page's projects, each already as its
 * JSON with members and Länder (PROJECT_JSON), prepared once and run on better-sqlite3's connection directly, plus a
 * count when the page does not tell the total; one project is one statement. PostgreSQL: through DataSource.query,
 * a page's rows, then the members and Länder of its projects, built into ProjectDto and serialised here.
 */
@Injectable()
export class ProjectsService {
  private readonly postgres: boolean;
  private connection: SqliteConnection | null = null;
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** A page of projects, as the JSON of Page<ProjectDto>. */
  async list(query: ListProjectsQuery): Promise<string> {
    if (query.round !== undefined) await this.assertRoundExists(query.round);
    const params = new Params(this.postgres);
    const where: string[] = [];
    if (query.round !== undefined) where.push(`r.number = ${params.add(query.round)}`);
    if (query.category) where.push(`p.category_code = ${params.add(query.category)}`);
    if (query.status) where.push(`p.status = ${params.add(query.status)}`);
    if (query.state) where.push(`p.id IN (SELECT ps.project_id FROM project_state ps WHERE ps.state_code = ${params.add(query.state)})`);
    const q = query.q?.trim();
    if (q) where.push(`p.search_text LIKE ${params.add(`%${escapeLike(foldText(q))}%`)} ESCAPE '\\'`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // The count gets its own copy of the values: the page's statement adds LIMIT and OFFSET to them.
    const countValues = [...params.values];
    const page = `${FROM} ${filter} ORDER BY ${ORDER[query.sort]} LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`;
    let items: string;
    let found: number;
    if (this.postgres) {
      const rows = await this.rows(`SELECT ${COLUMNS} ${page}`, params.values);
      found = rows.length;
      items = JSON.stringify(await this.hydrate(rows));
    } else {
      const projects = this.statement(`SELECT ${PROJECT_JSON} ${page}`, params.values, 'pluck').all(...params.values) as string[];
      found = projects.length;
      items = `[${projects.join(',')}]`;
    }
    // Two statements, not one with COUNT(*) OVER (): the window count makes SQLite sort in a temporary B-tree instead
    // of walking the name index (measured: 1.5 ms against 0.85 + 0.05 ms for the real 73 projects). A page that is
    // not full and not past the end says the total itself.
    let total: number;
    if (found < query.limit && (found > 0 || query.offset === 0)) total = query.offset + found;
    else {
      const [counted] = await this.rows(`SELECT COUNT(*) AS n ${FROM} ${filter}`, countValues);
      total = Number(counted?.[0] ?? 0);
    }
    // The fields in the order of Page<ProjectDto>, as JSON.stringify of { items, total, limit, offset } writes them.
    return `{"items":${items},"total":${total},"limit":${Number(query.limit)},"offset":${Number(query.offset)}}`;
  }

  /** A project by numeric id or by slug ("kassel"), as the JSON of ProjectDto. */
  async get(idOrSlug: string): Promise<string> {
    const isId = /^\d{1,9}$/.test(idOrSlug);
    // Slugs are made of a-z, 0-9 and "-": anything else (a NUL byte, which PostgreSQL refuses) cannot name a project.
    if (!isId && !/^[a-z0-9-]{1,160}$/.test(idOrSlug)) throw projectNotFound(idOrSlug.slice(0, 160));
    const params = new Params(this.postgres);
    const where = isId ? `p.id = ${params.add(Number(idOrSlug))}` : `p.slug = ${params.add(idOrSlug)}`;
    if (!this.postgres) {
      const [project] = this.statement(`SELECT ${PROJECT_JSON} ${FROM} WHERE ${where}`, params.values, 'pluck').all(
        ...params.values,
      ) as string[];
      if (project === undefined) throw projectNotFound(idOrSlug.slice(0, 160));
      return project;
    }
    const [row] = await this.rows(`SELECT ${COLUMNS} ${FROM} WHERE ${where}`, params.values);
    if (!row) throw projectNotFound(idOrSlug.slice(0, 160));
    const [project] = await this.hydrate([row]);
    return JSON.stringify(project);
  }

  private async assertRoundExists(round: number): Promise<void> {
    const params = new Params(this.postgres);
    const found = await this.rows(`SELECT 1 FROM funding_round WHERE number = ${params.add(round)} LIMIT 1`, params.values);
    if (found.length === 0) throw new ValidationFailed([{ field: 'round', message: `round ${round} does not exist` }]);
  }

  /**
   * The rows of a statement as arrays, columns in the order selected. SQLite: a prepared statement (below), run
   * synchronously. PostgreSQL: DataSource.query; its row objects keep the selected order.
   */
  private async rows(sql: string, values: unknown[]): Promise<unknown[][]> {
    if (this.postgres) {
      const objects: Record<string, unknown>[] = await this.dataSource.query(sql, values);
      return objects.map((o) => Object.values(o));
    }
    return this.statement(sql, values, 'raw').all(...values) as unknown[][];
  }

  /**
   * A statement prepared once per SQL text on the connection TypeORM opened (the same connection DataSource.query
   * uses, so nothing changes about what a read sees): rows as arrays ('raw') or the first column alone ('pluck').
   */
  private statement(sql: string, values: unknown[], mode: 'raw' | 'pluck'): SqliteStatement {
    const connection = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    if (connection !== this.connection) {
      this.statements.clear();
      this.connection = connection;
    }
    // Logged as TypeORM logs what it runs (a no-op unless query logging is on; test/query-plans reads it from there).
    this.dataSource.logger.logQuery(sql, values);
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = mode === 'raw' ? connection.prepare(sql).raw(true) : connection.prepare(sql).pluck(true);
      if (this.statements.size >= MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Members and Länder for a page of projects: two statements, whatever the page size, with one placeholder per
   * project (so a prepared statement serves every page of that size).
   */
  private async hydrate(rows: ProjectRow[]): Promise<ProjectDto[]> {
    if (rows.length === 0) return [];
    const memberParams = new Params(this.postgres);
    const memberIds = rows.map((r) => memberParams.add(Number(r[ID]))).join(',');
    const stateParams = new Params(this.postgres);
    const stateIds = rows.map((r) => stateParams.add(Number(r[ID]))).join(',');
    // Members by name, Länder by code, each list in the order the page shows it. Two statements: one UNION ALL with
    // one ORDER BY sorted both halves in temporary B-trees and cost more than the two.
    const members = await this.rows(
      `SELECT pm.project_id, b.id, b.name FROM project_member pm INNER JOIN body b ON b.id = pm.body_id
        WHERE pm.project_id IN (${memberIds}) ORDER BY b.name, b.id`,
      memberParams.values,
    );
    const states = await this.rows(
      `SELECT ps.project_id, ps.state_code AS code FROM project_state ps WHERE ps.project_id IN (${stateIds}) ORDER BY ps.project_id, ps.state_code`,
      stateParams.values,
    );
    const membersOf = new Map<number, BodyRefDto[]>();
    const statesOf = new Map<number, string[]>();
    for (const m of members) {
      const projectId = Number(m[0]);
      const member = { id: Number(m[1]), name: m[2] as string };
      const list = membersOf.get(projectId);
      if (list) list.push(member);
      else membersOf.set(projectId, [member]);
    }
    for (const st of states) {
      const projectId = Number(st[0]);
      const list = statesOf.get(projectId);
      if (list) list.push(st[1] as string);
      else statesOf.set(projectId, [st[1] as string]);
    }
    return rows.map((r) => {
      const id = Number(r[ID]);
      return {
        id,
        slug: r[SLUG] as string,
        name: r[NAME] as string,
        motto: r[MOTTO] as string | null,
        round: { number: Number(r[ROUND_NUMBER]), year: Number(r[ROUND_YEAR]) },
        category: r[CATEGORY] as ProjectDto['category'],
        states: statesOf.get(id) ?? [],
        lead: r[LEAD_ID] === null ? null : { id: Number(r[LEAD_ID]), name: r[LEAD_NAME] as string },
        members: membersOf.get(id) ?? [],
        grantCents: toCentsOrNull(r[GRANT_CENTS]),
        grantUncertain: Boolean(r[GRANT_UNCERTAIN]),
        source: r[SOURCE] as string,
        phase: r[PHASE] as ProjectDto['phase'],
        status: r[STATUS] as ProjectDto['status'],
      };
    });
  }
}
