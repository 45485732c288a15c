import { DataSource, type EntityManager } from 'typeorm';
import { createApp } from '../src/app.factory';
import { buildDataSourceOptions } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import type { ListProjectsQuery } from '../src/projects/project.dto';
import { applySeed } from '../src/seeds/apply-seed';
import { readSeedData } from '../src/seeds/programme-seed';
import { standardAccounts } from './support/accounts';
import { concurrently } from './support/concurrent';
import { aroundMigration } from './support/previous-schema';
import { ProjectsReference } from './support/projects-reference';
import type { TestApp, TestDatabase } from './support/test-app';
import { createTestApp, createTestDatabase, testConfig, usingPostgres } from './support/test-app';
import request from 'supertest';

/**
 * GET /projects and GET /projects/:id answer each project's JSON as stored with it (project_json, written by the
 * database's triggers, migration ProjectJson1796220000000). What a reader sees must be what the former reads built
 * from the rows (test/support/projects-reference.ts) after the migration carries a database over, and after anything
 * changes a project, its members, its Länder, a body's name or its round; also when two transactions change one
 * project at once (PostgreSQL: the refresh locks the rows it rewrites, migration ProjectJsonLock1796250000000).
 */
const PROJECT_JSON = MIGRATIONS.findIndex((M) => M.name.startsWith('ProjectJson'));
const ALL = { limit: 500, offset: 0, sort: 'name' } as ListProjectsQuery;

/** Every project, by the list and one by one, as the reference reads it from the rows. */
async function expectReferenceBytes(http: TestApp['http'], reference: ProjectsReference): Promise<void> {
  const expected = await reference.list(ALL);
  const list = await http.get('/api/v1/projects?limit=500').expect(200);
  expect(list.text).toBe(JSON.stringify(expected));
  for (const project of expected.items) {
    const one = await http.get(`/api/v1/projects/${project.id}`).expect(200);
    expect({ id: project.id, body: one.text }).toEqual({ id: project.id, body: JSON.stringify(project) });
  }
}

/** Text JSON.stringify must escape (quotes, backslash, control characters) or may leave alone (U+2028, emoji, umlauts). */
/** The i-th placeholder of a plain statement. */
const at = (i: number) => (usingPostgres ? `$${i}` : '?');

const AWKWARD = 'Zeile 1\nZeile 2\t"zitiert" \\ \u0001\u001f\u007f \u2028 Grüße 😀 <script>';

describe('from the schema before the stored project JSON, with projects in it', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    const options = buildDataSourceOptions(db.config);
    const old = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, PROJECT_JSON) } as typeof options);
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    await old.transaction((manager) => applySeed(manager, readSeedData()));
    // Awkward text in each kind of string the JSON carries, and a project without members or Länder.
    const [kassel] = await old.query(`SELECT id, lead_body_id FROM project WHERE slug = 'kassel'`);
    await old.query(`UPDATE project SET name = ${at(1)}, motto = ${at(2)}, source = ${at(3)} WHERE id = ${Number(kassel.id)}`, [
      `Kassel ${AWKWARD}`,
      AWKWARD,
      `Quelle ${AWKWARD}`,
    ]);
    await old.query(`UPDATE body SET name = ${at(1)} WHERE id = ${Number(kassel.lead_body_id)}`, [`Stadt ${AWKWARD}`]);
    const [bare] = await old.query(`SELECT id FROM project WHERE slug <> 'kassel' ORDER BY id LIMIT 1`);
    await old.query(`DELETE FROM project_member WHERE project_id = ${Number(bare.id)}`);
    await old.query(`DELETE FROM project_state WHERE project_id = ${Number(bare.id)}`);
    await old.destroy();
  });
  afterAll(() => db?.drop());

  it('stores every project’s JSON, and every read answers the bytes the rows give', async () => {
    const app = await createApp(testConfig(db.config));
    try {
      const dataSource = app.get(DataSource);
      const [{ n }] = await dataSource.query(`SELECT COUNT(*) AS n FROM project_json`);
      expect(Number(n)).toBe(73);
      const http = request(app.getHttpServer());
      await expectReferenceBytes(http, new ProjectsReference(dataSource));
      const kassel = (await http.get('/api/v1/projects/kassel').expect(200)).body;
      expect(kassel).toMatchObject({ name: `Kassel ${AWKWARD}`, motto: AWKWARD, lead: { name: `Stadt ${AWKWARD}` } });
      expect((await http.get('/api/v1/projects?limit=500').expect(200)).body.items).toContainEqual(
        expect.objectContaining({ members: [], states: [] }),
      );
    } finally {
      await app.close();
    }
  });
});

describe('the refresh that locks the rows it rewrites (migration ProjectJsonLock), undone', () => {
  /** PostgreSQL: the refresh function's definition; SQLite (which the migration leaves alone): the whole schema. */
  const definition = async (dataSource: DataSource) =>
    JSON.stringify(
      usingPostgres
        ? await dataSource.query(`SELECT pg_get_functiondef('project_json_refresh(integer[])'::regprocedure) AS def`)
        : await dataSource.query(`SELECT type, name, sql FROM sqlite_master ORDER BY name`),
    );

  it('gives back the refresh as migration ProjectJson made it', async () => {
    expect(MIGRATIONS.findIndex((M) => M.name.startsWith('ProjectJsonLock'))).toBeGreaterThan(PROJECT_JSON);
    const { before, after, undone } = await aroundMigration('ProjectJsonLock', definition);
    expect(after.includes('FOR UPDATE')).toBe(usingPostgres);
    expect(undone).toBe(before);
  });
});

describe('a project’s stored JSON follows every change', () => {
  let t: TestApp;
  let reference: ProjectsReference;
  let kassel: { id: number; lead: { id: number }; members: { id: number }[]; states: string[] };
  const sql = (text: string) => t.dataSource.query(text);

  beforeAll(async () => {
    t = await createTestApp();
    reference = new ProjectsReference(t.dataSource);
    kassel = (await t.http.get('/api/v1/projects/kassel').expect(200)).body;
  });
  afterAll(() => t.close());

  it('an officer’s status change and grant confirmation show at once', async () => {
    const { officer } = await standardAccounts(t);
    await t.http
      .post(`/api/v1/projects/${kassel.id}/status`)
      .set('Authorization', officer.auth)
      .send({ status: 'withdrawn', effectiveDate: '2024-09-30', reason: 'Rat hat Ausstieg beschlossen' })
      .expect(201);
    await t.http
      .post(`/api/v1/projects/${kassel.id}/grant`)
      .set('Authorization', officer.auth)
      .send({ grantCents: 1_234_567_891, reason: 'Bescheid liegt vor', source: 'Zuwendungsbescheid' })
      .expect(201);
    expect((await t.http.get('/api/v1/projects/kassel').expect(200)).body).toMatchObject({
      status: 'withdrawn',
      grantCents: 1_234_567_891,
      grantUncertain: false,
    });
    await expectReferenceBytes(t.http, reference);
  });

  it('a renamed body, a member or Land added or removed, a round’s year and a project’s name show at once', async () => {
    await sql(`UPDATE body SET name = 'Wissenschaftsstadt Darmstadt (neu)' WHERE name = 'Darmstadt'`);
    await sql(`UPDATE body SET name = 'Kassel, documenta-Stadt' WHERE id = ${kassel.lead.id}`);
    const stranger = await sql(
      `SELECT id FROM body WHERE id NOT IN (SELECT body_id FROM project_member WHERE project_id = ${kassel.id}) LIMIT 1`,
    );
    await sql(`INSERT INTO project_member (project_id, body_id) VALUES (${kassel.id}, ${Number(stranger[0].id)})`);
    await sql(`DELETE FROM project_state WHERE project_id = ${kassel.id}`);
    await sql(`INSERT INTO project_state (project_id, state_code) VALUES (${kassel.id}, 'DE-BE'), (${kassel.id}, 'DE-SH')`);
    const year = (await t.http.get('/api/v1/projects?round=2&limit=1').expect(200)).body.items[0].round.year as number;
    await sql(`UPDATE funding_round SET year = year + 10 WHERE number = 2`);
    const [other] = await sql(`SELECT slug FROM project WHERE slug <> 'kassel' AND lead_body_id IS NOT NULL ORDER BY id DESC LIMIT 1`);
    await sql(`UPDATE project SET name = 'Umbenannt', lead_body_id = NULL WHERE slug = '${other.slug}'`);
    const view = (await t.http.get('/api/v1/projects/kassel').expect(200)).body;
    expect(view.lead.name).toBe('Kassel, documenta-Stadt');
    expect(view.members.map((m: { id: number }) => m.id)).toContain(Number(stranger[0].id));
    expect(view.states).toEqual(['DE-BE', 'DE-SH']);
    expect((await t.http.get(`/api/v1/projects/${other.slug}`).expect(200)).body).toMatchObject({ name: 'Umbenannt', lead: null });
    expect((await t.http.get('/api/v1/projects?round=2&limit=1').expect(200)).body.items[0].round.year).toBe(year + 10);
    await expectReferenceBytes(t.http, reference);
  });

  it('a project added shows with its members and Länder, and one removed is gone from the list and its page', async () => {
    await sql(`INSERT INTO project (programme_id, slug, name, motto, round_id, category_code, lead_body_id, grant_cents, grant_uncertain,
        source, phase, status, search_text)
      SELECT programme_id, 'neu', 'Neu', motto, round_id, category_code, lead_body_id, 1, grant_uncertain, source, phase, status, 'neu'
      FROM project WHERE slug = 'kassel'`);
    const [added] = await sql(`SELECT id FROM project WHERE slug = 'neu'`);
    await sql(`INSERT INTO project_member (project_id, body_id) VALUES (${Number(added.id)}, ${kassel.lead.id})`);
    await sql(`INSERT INTO project_state (project_id, state_code) VALUES (${Number(added.id)}, 'DE-HE')`);
    expect((await t.http.get('/api/v1/projects/neu').expect(200)).body).toMatchObject({ name: 'Neu', grantCents: 1, states: ['DE-HE'] });
    expect((await t.http.get('/api/v1/projects?limit=1').expect(200)).body.total).toBe(74);
    await expectReferenceBytes(t.http, reference);

    await sql(`DELETE FROM project_member WHERE project_id = ${Number(added.id)}`);
    await sql(`DELETE FROM project_state WHERE project_id = ${Number(added.id)}`);
    await sql(`DELETE FROM project WHERE id = ${Number(added.id)}`);
    await t.http.get('/api/v1/projects/neu').expect(404);
    expect((await t.http.get('/api/v1/projects?limit=1').expect(200)).body.total).toBe(73);
    expect((await sql(`SELECT project_id FROM project_json WHERE project_id = ${Number(added.id)}`)).length).toBe(0);
    await expectReferenceBytes(t.http, reference);
  });

  it('a member and a Land added to one project by two transactions at once both show', async () => {
    const [body] = await sql(
      `SELECT id FROM body WHERE id NOT IN (SELECT body_id FROM project_member WHERE project_id = ${kassel.id}) ORDER BY id LIMIT 1`,
    );
    const [land] = await sql(
      `SELECT code FROM state WHERE code NOT IN (SELECT state_code FROM project_state WHERE project_id = ${kassel.id}) ORDER BY code LIMIT 1`,
    );
    await concurrently(
      t.dataSource,
      (manager) => manager.query(`INSERT INTO project_member (project_id, body_id) VALUES (${kassel.id}, ${Number(body.id)})`),
      (manager) => manager.query(`INSERT INTO project_state (project_id, state_code) VALUES (${kassel.id}, '${land.code}')`),
    );
    const [{ json }] = await sql(`SELECT json FROM project_json WHERE project_id = ${kassel.id}`);
    const stored = JSON.parse(json) as { members: { id: number }[]; states: string[] };
    expect({ member: stored.members.some((m) => m.id === Number(body.id)), land: stored.states.includes(land.code) }).toEqual({
      member: true,
      land: true,
    });
    await expectReferenceBytes(t.http, reference);
  });

  it('two bodies renamed by two transactions at once, both members of the same projects, show both names', async () => {
    const ids = async (text: string): Promise<number[]> => (await sql(text)).map((row: { id: number }) => Number(row.id));
    const projects = await ids(`SELECT id FROM project ORDER BY id LIMIT 3`);
    const bodies = await ids(`SELECT id FROM body ORDER BY id LIMIT 2`);
    await sql(`DELETE FROM project_member WHERE project_id IN (${projects}) AND body_id IN (${bodies})`);
    await sql(`INSERT INTO project_member (project_id, body_id) VALUES ${projects.flatMap((p) => bodies.map((b) => `(${p}, ${b})`))}`);
    const rename = (body: number) => (manager: EntityManager) =>
      manager.query(`UPDATE body SET name = 'Gleichzeitig ${body}' WHERE id = ${body}`);
    await concurrently(t.dataSource, rename(bodies[0]), rename(bodies[1]));
    const stored = await sql(`SELECT project_id, json FROM project_json WHERE project_id IN (${projects}) ORDER BY project_id`);
    expect(stored.map((row: { json: string }) => bodies.map((b) => row.json.includes(`Gleichzeitig ${b}`)))).toEqual(
      projects.map(() => [true, true]),
    );
    await expectReferenceBytes(t.http, reference);
  });
});
