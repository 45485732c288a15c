import { SYSTEM_ACTOR } from '../src/auth/actor';
import { Commitment } from '../src/funding/commitment.entity';
import { Disbursement } from '../src/funding/disbursement.entity';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobsService } from '../src/jobs/jobs.service';
import { Project } from '../src/projects/project.entity';
import { Report } from '../src/reports/report.entity';
import { ReportMilestone, ReportSpending } from '../src/reports/report-parts.entity';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import type { TestApp } from './support/test-app';
import { createTestApp, usingPostgres } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * The queries behind the list endpoints and the roll-ups, captured as the API
 * runs them and handed to the database's own planner. Request paths must reach
 * the big tables only through an index; roll-ups may read each table once from
 * end to end (they aggregate everything) but must join through indexes, never
 * by scanning one table per row of another.
 *
 * On PostgreSQL the check runs with enable_seqscan off: a sequential scan that
 * remains means no index fits (tiny test tables would otherwise be scanned
 * because that is cheaper, which says nothing about 100 000 projects).
 */
const BIG_TABLES = new Set([
  'project',
  'project_member',
  'project_state',
  'project_json',
  'body',
  'commitment',
  'disbursement',
  'report',
  'report_milestone',
  'report_indicator',
  'report_spending',
  'report_risk',
  'report_version',
  'audit_event',
  'job_run',
  'notification',
  'app_user',
  'rollup_snapshot',
]);

interface Captured {
  sql: string;
  parameters: unknown[];
}

function aliases(sql: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const match of sql.matchAll(/\b(?:FROM|JOIN)\s+"?([a-z_]+)"?(?:\s+(?:AS\s+)?"?([A-Za-z_][A-Za-z0-9_]*)"?)?/gi)) {
    const table = match[1].toLowerCase();
    const alias = match[2] && !/^(ON|WHERE|JOIN|LEFT|INNER|GROUP|ORDER|LIMIT|UNION|CROSS|USING)$/i.test(match[2]) ? match[2] : table;
    map.set(alias, table);
    map.set(table, table);
  }
  return map;
}

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

/** Problems the planner's answer shows for one query; empty when it uses indexes as it should. */
async function problems(t: TestApp, q: Captured, mode: 'request' | 'rollup'): Promise<string[]> {
  const names = aliases(q.sql);
  const found: string[] = [];
  if (usingPostgres) {
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.query('SET enable_seqscan = off');
      const [{ 'QUERY PLAN': plan }] = await runner.query(`EXPLAIN (FORMAT JSON) ${q.sql}`, q.parameters);
      const walk = (node: Record<string, unknown>, insideLoop: boolean) => {
        const type = node['Node Type'] as string;
        const relation = node['Relation Name'] as string | undefined;
        if (type === 'Seq Scan' && relation && BIG_TABLES.has(relation) && (mode === 'request' || insideLoop)) {
          found.push(`Seq Scan on ${relation}${insideLoop ? ' inside a nested loop' : ''}`);
        }
        const children = (node.Plans as Record<string, unknown>[] | undefined) ?? [];
        children.forEach((child, i) => walk(child, insideLoop || (type === 'Nested Loop' && i === 1)));
      };
      walk(plan[0].Plan, false);
    } finally {
      await runner.query('RESET enable_seqscan');
      await runner.release();
    }
    return found;
  }
  const rows: PlanRow[] = await t.dataSource.query(`EXPLAIN QUERY PLAN ${q.sql}`, q.parameters);
  const fullScans = new Map<number, string[]>();
  for (const row of rows) {
    // SQLite indexes a materialised subquery on the fly to join it (fine); on a real table it means an index is missing.
    const automatic = /^SEARCH (\S+) USING AUTOMATIC/.exec(row.detail);
    if (automatic && BIG_TABLES.has(names.get(automatic[1]) ?? ''))
      found.push(`temporary index on ${names.get(automatic[1])}: a real one is missing`);
    const scan = /^SCAN (\S+)(.*)$/.exec(row.detail);
    if (!scan) continue;
    const table = names.get(scan[1]);
    if (!table || !BIG_TABLES.has(table)) continue;
    const indexed = /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(scan[2]);
    if (mode === 'request' && !indexed) found.push(`full scan of ${table}`);
    if (!indexed) fullScans.set(row.parent, [...(fullScans.get(row.parent) ?? []), table]);
  }
  // In one join, a second full scan means one table is read once per row of another.
  for (const tables of fullScans.values()) if (tables.length > 1) found.push(`nested full scans of ${tables.join(' and ')}`);
  return found;
}

describe('query plans: lists and roll-ups use indexes', () => {
  let t: TestApp;
  let accounts: { officer: Account; auditor: Account; kassel: Account; darmstadt: Account };
  let captured: Captured[] = [];
  let kasselId: number;

  const capture = async (work: () => Promise<unknown>): Promise<Captured[]> => {
    captured = [];
    await work();
    return captured.filter(
      (q) => /^\s*(WITH|SELECT)\b/i.test(q.sql) && !/sqlite_master|schema_migration|pg_catalog|information_schema/.test(q.sql),
    );
  };

  beforeAll(async () => {
    t = await createTestApp();
    accounts = await standardAccounts(t);
    const projects = await t.dataSource.getRepository(Project).find({ select: { id: true, slug: true } });
    kasselId = projects.find((p) => p.slug === 'kassel')!.id;
    for (const p of projects.slice(0, 20)) {
      await t.dataSource
        .getRepository(Commitment)
        .insert({ projectId: p.id, amountCents: 100_000, date: '2021-06-01', phase: 'B', budgetYear: 2021, note: null, createdById: null });
      await t.dataSource
        .getRepository(Disbursement)
        .insert({ projectId: p.id, amountCents: 40_000, date: '2022-06-01', budgetYear: 2022, note: null, createdById: null });
      const { identifiers } = await t.dataSource.getRepository(Report).insert({
        projectId: p.id,
        period: '2022-H1',
        type: 'progress',
        status: 'accepted',
        version: 3,
        dueDate: '2022-07-31',
        narrative: 'n',
        overallStatus: 'on_track',
        overallStatusReason: null,
        createdById: null,
      });
      const reportId = identifiers[0].id as number;
      await t.dataSource.getRepository(ReportSpending).insert({ reportId, costCategory: 'investment', amountCents: 10_000 });
      await t.dataSource
        .getRepository(ReportMilestone)
        .insert({ reportId, position: 0, title: 'm', plannedDate: '2022-03-01', actualDate: null, status: 'delayed' });
    }
    const logger = t.dataSource.logger;
    jest.spyOn(logger, 'logQuery').mockImplementation((sql: string, parameters?: unknown) => {
      captured.push({ sql, parameters: Array.isArray(parameters) ? parameters : [] });
    });
  });
  afterAll(() => t.close());

  const requests: [string, () => Promise<unknown>][] = [
    ['projects filtered by category, sorted by name', () => t.http.get('/api/v1/projects?category=MITTELSTADT&limit=5')],
    ['projects in a Land', () => t.http.get('/api/v1/projects?state=DE-HE')],
    ['projects of a round by grant', () => t.http.get('/api/v1/projects?round=2&sort=-grantCents&limit=10')],
    ['a project by slug', () => t.http.get('/api/v1/projects/kassel')],
    ['a project by id', () => t.http.get(`/api/v1/projects/${kasselId}`)],
    ['a project’s funding', () => t.http.get(`/api/v1/projects/${kasselId}/funding`).set('Authorization', accounts.kassel.auth)],
    ['a municipality’s reports', () => t.http.get('/api/v1/reports').set('Authorization', accounts.kassel.auth)],
    ['reports of one project', () => t.http.get(`/api/v1/reports?projectId=${kasselId}`).set('Authorization', accounts.officer.auth)],
    ['a municipality’s overdue list', () => t.http.get('/api/v1/reports/overdue').set('Authorization', accounts.kassel.auth)],
    [
      'the audit trail of one entity',
      () => t.http.get('/api/v1/audit?entityType=user&entityId=1').set('Authorization', accounts.auditor.auth),
    ],
    ['a municipality’s job runs', () => t.http.get('/api/v1/jobs').set('Authorization', accounts.kassel.auth)],
    ['a user’s notifications', () => t.http.get('/api/v1/notifications').set('Authorization', accounts.kassel.auth)],
  ];

  it.each(requests)('%s: reaches the big tables only through indexes', async (_name, request) => {
    const queries = await capture(request);
    expect(queries.length).toBeGreaterThan(0);
    const report: string[] = [];
    for (const q of queries) for (const p of await problems(t, q, 'request')) report.push(`${p}\n  in: ${q.sql.slice(0, 300)}`);
    expect(report).toEqual([]);
  });

  it('text search reads project rows (no B-tree index serves a substring match) but nothing else in full', async () => {
    const queries = await capture(() => t.http.get('/api/v1/projects?q=kassel'));
    const report: string[] = [];
    for (const q of queries) {
      for (const p of await problems(t, q, 'request'))
        if (!/(full scan of|Seq Scan on) project$/.test(p)) report.push(`${p}\n  in: ${q.sql.slice(0, 300)}`);
    }
    expect(report).toEqual([]);
  });

  it.each(['funding', 'progress'] as const)('the %s roll-up aggregates in SQL and joins through indexes', async (kind) => {
    const queries = await capture(async () => {
      const { run } = await t.app.get(JobsService).enqueue(SYSTEM_ACTOR, 'rollup', { kind });
      const done = await waitFor(
        () => t.dataSource.getRepository(JobRun).findOneByOrFail({ id: run.id }),
        (r) => r.status === 'completed' || r.status === 'failed',
      );
      expect(done.status).toBe('completed');
    });
    const aggregates = queries.filter((q) => /\b(SUM|COUNT)\s*\(/i.test(q.sql) && /GROUP BY/i.test(q.sql));
    expect(aggregates.length).toBeGreaterThan(0);
    const report: string[] = [];
    for (const q of aggregates) for (const p of await problems(t, q, 'rollup')) report.push(`${p}\n  in: ${q.sql.slice(0, 300)}`);
    expect(report).toEqual([]);
  });

  it('reports a query that no index serves (the check can fail)', async () => {
    const unindexed = { sql: 'SELECT r.id FROM report r WHERE r.narrative = $1', parameters: ['n'] };
    if (!usingPostgres) unindexed.sql = unindexed.sql.replace('$1', '?');
    expect(await problems(t, unindexed, 'request')).toEqual([usingPostgres ? 'Seq Scan on report' : 'full scan of report']);
    // SQLite joins through a temporary index where a real one is missing; PostgreSQL would hash-join, which is fine for a roll-up.
    if (!usingPostgres) {
      const join = { sql: 'SELECT r.id, m.id FROM report r JOIN report_milestone m ON m.title = r.narrative', parameters: [] };
      expect(await problems(t, join, 'rollup')).toEqual(['temporary index on report_milestone: a real one is missing']);
    }
  });
});
