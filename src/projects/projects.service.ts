import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ValidationFailed } from '../common/errors/domain-error';
import { projectNotFound } from './project.errors';
import { escapeLike, foldText } from '../common/text';
import { ListProjectsQuery, ProjectSort } from './project.dto';
import { sqliteConnection, type SqliteConnection, type SqliteStatement } from '../database/sqlite-connection';

const ORDER: Record<ProjectSort, string> = {
  name: 'p.name ASC, p.id ASC',
  '-name': 'p.name DESC, p.id ASC',
  // Unknown grants sort last either way; ties break by name, then id, so pages never overlap.
  grantCents: 'CASE WHEN p.grant_cents IS NULL THEN 1 ELSE 0 END ASC, p.grant_cents ASC, p.name ASC, p.id ASC',
  '-grantCents': 'CASE WHEN p.grant_cents IS NULL THEN 1 ELSE 0 END ASC, p.grant_cents DESC, p.name ASC, p.id ASC',
  round: 'r.number ASC, p.name ASC, p.id ASC',
  '-round': 'r.number DESC, p.name ASC, p.id ASC',
};

/**
 * The projects and their stored public JSON (project_json, kept by the database's triggers: migration
 * ProjectJson1796220000000), with the round for its filter and sort.
 */
const FROM = `FROM project p INNER JOIN funding_round r ON r.id = p.round_id INNER JOIN project_json pj ON pj.project_id = p.id`;

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
const ITEMS = Buffer.from('{"items":[');
const EMPTY = Buffer.alloc(0);

/** Prepared SQLite statements kept per SQL text: the filter and sort combinations and the page sizes are few. */
const MAX_STATEMENTS = 200;

/**
 * The public portfolio's projects, the most-read routes, answered as the bytes of their JSON: plain SQL per request,
 * no query builder, no entities. A page is one statement reading its projects' stored JSON by index (plus a count
 * when the page does not tell the total), a project one statement; on SQLite (the default database) prepared once and
 * run on better-sqlite3's connection directly, on PostgreSQL through DataSource.query.
 */
@Injectable()
export class ProjectsService {
  private readonly postgres: boolean;
  private connection: SqliteConnection | null = null;
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** A page of projects, as the JSON of Page<ProjectDto> (UTF-8). */
  async list(query: ListProjectsQuery): Promise<Buffer> {
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
    const { found, items } = await this.page(page, params.values);
    // Two statements, not one with COUNT(*) OVER (): the window count makes SQLite sort in a temporary B-tree instead
    // of walking the name index (measured: 1.5 ms against 0.85 + 0.05 ms for the real 73 projects). A page that is
    // not full and not past the end says the total itself. The count reads the project rows alone (every project has
    // its round, by foreign key, and its stored JSON) unless the round filter needs the round.
    let total: number;
    if (found < query.limit && (found > 0 || query.offset === 0)) total = query.offset + found;
    else {
      const from = query.round !== undefined ? 'FROM project p INNER JOIN funding_round r ON r.id = p.round_id' : 'FROM project p';
      const [counted] = await this.rows(`SELECT COUNT(*) AS n ${from} ${filter}`, countValues);
      total = Number(counted?.[0] ?? 0);
    }
    // The fields in the order of Page<ProjectDto>, as JSON.stringify of { items, total, limit, offset } writes them.
    return Buffer.concat([
      ITEMS,
      items,
      Buffer.from(`],"total":${total},"limit":${Number(query.limit)},"offset":${Number(query.offset)}}`),
    ]);
  }

  /** A project by numeric id or by slug ("kassel"), as the JSON of ProjectDto (UTF-8). */
  async get(idOrSlug: string): Promise<Buffer> {
    const isId = /^\d{1,9}$/.test(idOrSlug);
    // Slugs are made of a-z, 0-9 and "-": anything else (a NUL byte, which PostgreSQL refuses) cannot name a project.
    if (!isId && !/^[a-z0-9-]{1,160}$/.test(idOrSlug)) throw projectNotFound(idOrSlug.slice(0, 160));
    const params = new Params(this.postgres);
    // The text as bytes, as the database holds it (UTF-8): nothing to decode here or to encode when it is written.
    const bytes = this.postgres ? `convert_to(pj.json, 'UTF8')` : 'CAST(pj.json AS BLOB)';
    const sql = isId
      ? `SELECT ${bytes} FROM project_json pj WHERE pj.project_id = ${params.add(Number(idOrSlug))}`
      : `SELECT ${bytes} FROM project p INNER JOIN project_json pj ON pj.project_id = p.id WHERE p.slug = ${params.add(idOrSlug)}`;
    const [project] = await this.rows(sql, params.values);
    if (project === undefined) throw projectNotFound(idOrSlug.slice(0, 160));
    return project[0] as Buffer;
  }

  private async assertRoundExists(round: number): Promise<void> {
    const params = new Params(this.postgres);
    const found = await this.rows(`SELECT 1 FROM funding_round WHERE number = ${params.add(round)} LIMIT 1`, params.values);
    if (found.length === 0) throw new ValidationFailed([{ field: 'round', message: `round ${round} does not exist` }]);
  }

  /**
   * A page's projects (the rows `from` gives): how many, and their stored JSON joined by commas, as bytes. SQLite
   * joins them itself and hands over one BLOB (no UTF-8 decoding of each text, no encoding of the answer again when
   * it is written). group_concat takes the rows in the order the subquery gives them, its ORDER BY (kept: the subquery
   * has a LIMIT); an ORDER BY inside group_concat would sort the 30 KB once more (25 µs of 50). The order of every sort
   * and page is checked against the former reads by test/projects-reference.e2e-spec.ts.
   */
  private async page(from: string, values: unknown[]): Promise<{ found: number; items: Buffer }> {
    if (this.postgres) {
      const objects: { json: string }[] = await this.dataSource.query(`SELECT pj.json ${from}`, values);
      return { found: objects.length, items: Buffer.from(objects.map((o) => o.json).join(',')) };
    }
    const sql = `SELECT COUNT(*), CAST(group_concat(page.json, ',') AS BLOB) FROM (SELECT pj.json ${from}) page`;
    const [[found, items]] = this.statement(sql, values, 'raw').all(...values) as [number, Buffer | null][];
    return { found, items: items ?? EMPTY };
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
    const connection = sqliteConnection(this.dataSource);
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
}
