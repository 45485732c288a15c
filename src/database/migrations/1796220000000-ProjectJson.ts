import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each project's public JSON (the bytes of JSON.stringify(ProjectDto): members by name, Länder by code), stored in
 * project_json (issue 13 item 4): a page of GET /projects is then one indexed read of 50 texts instead of building 50
 * objects with their members and Länder per request. Triggers keep the text current whatever writes the rows (the
 * seed, the officer routes, the synthetic generator, plain SQL): a project inserted or updated, a member or Land
 * added or removed, a body renamed, a round renumbered. The backfill writes the projects already there.
 *
 * SQLite drops a table's triggers with the table: a later migration that rebuilds project, project_member,
 * project_state, body or funding_round (TypeORM's SQLite ALTER does) must create the triggers of this one again.
 *
 * The text is built by the database. SQLite: json_object, whose escaping equals JSON.stringify's (SQLite 3.53,
 * checked for every code point). The triggers are part of the schema that every SQLite reading the file parses, also
 * an older one (Debian 12's sqlite3 shell is 3.40, used for backups): so no ORDER BY inside an aggregate (3.44+);
 * members and Länder are aggregated from an ordered subquery instead. PostgreSQL: concatenation with to_json(text), which escapes as JSON.stringify does
 * (", \, \b \f \n \r \t, other control characters as lower-case \u00xx) and, unlike json_build_object, adds no spaces.
 * test/projects-reference.e2e-spec.ts compares the bytes with the former reads on both databases.
 */
const FROM = `FROM project p INNER JOIN funding_round r ON r.id = p.round_id LEFT JOIN body lead ON lead.id = p.lead_body_id`;

const SQLITE_JSON = `json_object('id', p.id, 'slug', p.slug, 'name', p.name, 'motto', p.motto,
  'round', json_object('number', r.number, 'year', r.year), 'category', p.category_code,
  'states', json((SELECT json_group_array(x.state_code)
    FROM (SELECT ps.state_code FROM project_state ps WHERE ps.project_id = p.id ORDER BY ps.state_code) x)),
  'lead', json(CASE WHEN lead.id IS NULL THEN NULL ELSE json_object('id', lead.id, 'name', lead.name) END),
  'members', json((SELECT json_group_array(json_object('id', x.id, 'name', x.name))
    FROM (SELECT b.id, b.name FROM project_member pm INNER JOIN body b ON b.id = pm.body_id
          WHERE pm.project_id = p.id ORDER BY b.name, b.id) x)),
  'grantCents', p.grant_cents, 'grantUncertain', json(CASE WHEN p.grant_uncertain THEN 'true' ELSE 'false' END),
  'source', p.source, 'phase', p.phase, 'status', p.status)`;

/** A JSON string of a text column, or null. */
const pgText = (column: string) => `COALESCE(to_json(${column})::text, 'null')`;

const PG_JSON = `'{"id":' || p.id || ',"slug":' || ${pgText('p.slug')} || ',"name":' || ${pgText('p.name')}
  || ',"motto":' || ${pgText('p.motto')} || ',"round":{"number":' || r.number || ',"year":' || r.year || '}'
  || ',"category":' || ${pgText('p.category_code')}
  || ',"states":[' || COALESCE((SELECT string_agg(to_json(ps.state_code)::text, ',' ORDER BY ps.state_code)
    FROM project_state ps WHERE ps.project_id = p.id), '') || ']'
  || ',"lead":' || CASE WHEN lead.id IS NULL THEN 'null' ELSE '{"id":' || lead.id || ',"name":' || ${pgText('lead.name')} || '}' END
  || ',"members":[' || COALESCE((SELECT string_agg('{"id":' || b.id || ',"name":' || ${pgText('b.name')} || '}', ',' ORDER BY b.name, b.id)
    FROM project_member pm INNER JOIN body b ON b.id = pm.body_id WHERE pm.project_id = p.id), '') || ']'
  || ',"grantCents":' || COALESCE(p.grant_cents::text, 'null')
  || ',"grantUncertain":' || CASE WHEN p.grant_uncertain THEN 'true' ELSE 'false' END
  || ',"source":' || ${pgText('p.source')} || ',"phase":' || ${pgText('p.phase')} || ',"status":' || ${pgText('p.status')} || '}'`;

/** PostgreSQL: (re)write the text of the projects in `ids`, the refresh function's argument. */
export const PG_UPSERT = `INSERT INTO project_json (project_id, json) SELECT p.id, ${PG_JSON} ${FROM} WHERE p.id = ANY(ids)
          ON CONFLICT (project_id) DO UPDATE SET json = EXCLUDED.json`;

/** The refresh as created here, the upsert alone (ProjectJsonLock1796250000000 replaces it, and restores it on undo). */
export const PG_REFRESH = `project_json_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$
          ${PG_UPSERT} $$`;

/** SQLite: (re)write the text of the projects a condition on p selects. */
const sqliteRefresh = (where: string) =>
  `INSERT OR REPLACE INTO project_json (project_id, json) SELECT p.id, ${SQLITE_JSON} ${FROM} WHERE ${where};`;

/** SQLite triggers: name, event, the projects whose text they rewrite. */
const SQLITE_TRIGGERS: [string, string, string[]][] = [
  ['project_json_project_insert', 'AFTER INSERT ON project', ['p.id = NEW.id']],
  ['project_json_project_update', 'AFTER UPDATE ON project', ['p.id = NEW.id']],
  ['project_json_member_insert', 'AFTER INSERT ON project_member', ['p.id = NEW.project_id']],
  ['project_json_member_update', 'AFTER UPDATE ON project_member', ['p.id = OLD.project_id', 'p.id = NEW.project_id']],
  ['project_json_member_delete', 'AFTER DELETE ON project_member', ['p.id = OLD.project_id']],
  ['project_json_state_insert', 'AFTER INSERT ON project_state', ['p.id = NEW.project_id']],
  ['project_json_state_update', 'AFTER UPDATE ON project_state', ['p.id = OLD.project_id', 'p.id = NEW.project_id']],
  ['project_json_state_delete', 'AFTER DELETE ON project_state', ['p.id = OLD.project_id']],
  [
    'project_json_body_update',
    'AFTER UPDATE OF name ON body',
    ['p.lead_body_id = NEW.id OR p.id IN (SELECT pm.project_id FROM project_member pm WHERE pm.body_id = NEW.id)'],
  ],
  ['project_json_round_update', 'AFTER UPDATE OF number, year ON funding_round', ['p.round_id = NEW.id']],
];

/** A member or Land: the project it left (updated or deleted) and the one it joined (inserted or updated). */
const MEMBER_OR_STATE = `IF TG_OP <> 'INSERT' THEN PERFORM project_json_refresh(ARRAY[OLD.project_id]); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM project_json_refresh(ARRAY[NEW.project_id]); END IF;`;

/** PostgreSQL: one trigger function per table, each rewriting the projects its rows name. */
const PG_TRIGGERS: [string, string, string][] = [
  ['project', 'AFTER INSERT OR UPDATE', 'PERFORM project_json_refresh(ARRAY[NEW.id]);'],
  ['project_member', 'AFTER INSERT OR UPDATE OR DELETE', MEMBER_OR_STATE],
  ['project_state', 'AFTER INSERT OR UPDATE OR DELETE', MEMBER_OR_STATE],
  [
    'body',
    'AFTER UPDATE OF name',
    `PERFORM project_json_refresh(ARRAY(SELECT p.id FROM project p WHERE p.lead_body_id = NEW.id
      UNION SELECT pm.project_id FROM project_member pm WHERE pm.body_id = NEW.id));`,
  ],
  [
    'funding_round',
    'AFTER UPDATE OF number, year',
    'PERFORM project_json_refresh(ARRAY(SELECT p.id FROM project p WHERE p.round_id = NEW.id));',
  ],
];

export class ProjectJson1796220000000 implements MigrationInterface {
  name = 'ProjectJson1796220000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(
        `CREATE TABLE "project_json" ("project_id" integer NOT NULL, "json" text NOT NULL, CONSTRAINT "PK_project_json" PRIMARY KEY ("project_id"),
          CONSTRAINT "FK_project_json_project" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
      );
      await queryRunner.query(`CREATE FUNCTION ${PG_REFRESH}`);
      for (const [table, event, body] of PG_TRIGGERS) {
        await queryRunner.query(
          `CREATE FUNCTION project_json_${table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body} RETURN NULL; END $$`,
        );
        await queryRunner.query(
          `CREATE TRIGGER project_json_${table} ${event} ON "${table}" FOR EACH ROW EXECUTE FUNCTION project_json_${table}()`,
        );
      }
      await queryRunner.query(`SELECT project_json_refresh(ARRAY(SELECT id FROM project))`);
    } else {
      await queryRunner.query(
        `CREATE TABLE "project_json" ("project_id" integer PRIMARY KEY NOT NULL, "json" text NOT NULL,
          CONSTRAINT "FK_project_json_project" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
      );
      for (const [name, event, wheres] of SQLITE_TRIGGERS) {
        await queryRunner.query(`CREATE TRIGGER ${name} ${event} BEGIN ${wheres.map(sqliteRefresh).join(' ')} END`);
      }
      await queryRunner.query(sqliteRefresh('1 = 1'));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      for (const [table] of PG_TRIGGERS) {
        await queryRunner.query(`DROP TRIGGER project_json_${table} ON "${table}"`);
        await queryRunner.query(`DROP FUNCTION project_json_${table}()`);
      }
      await queryRunner.query(`DROP FUNCTION project_json_refresh(integer[])`);
    } else {
      for (const [name] of SQLITE_TRIGGERS) await queryRunner.query(`DROP TRIGGER ${name}`);
    }
    await queryRunner.query(`DROP TABLE "project_json"`);
  }
}
