import { SYSTEM_ACTOR } from '../src/auth/actor';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobsService } from '../src/jobs/jobs.service';
import { ProjectAccessService } from '../src/projects/project-access.service';
import { Project } from '../src/projects/project.entity';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { finishedJob } from './support/jobs';
import { addCommitment, draft, freezeClock, projectBySlug } from './support/reports';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/**
 * Every list a municipality can read holds its own rows only: the projects its body leads or is a member of (reports,
 * overdue reports, notifications) and the runs it requested (jobs). Each list is read by Kassel while Darmstadt has
 * rows of the same kind, which the officer's list shows, so a list that leaked would fail here.
 */
describe("a municipality's lists never contain another body's rows", () => {
  let t: TestApp;
  let officer: Account;
  let kassel: Account;
  let darmstadt: Account;
  let kasselProjects: Set<number>;
  let darmstadtProject: number;

  /** The projects a body leads or is a member of, read from the tables, not through the access service. */
  const projectsOfBody = async (bodyId: number): Promise<Set<number>> => {
    const rows: { id: unknown }[] = await t.dataSource.query(
      `SELECT p.id FROM project p WHERE p.lead_body_id = $1 UNION SELECT pm.project_id FROM project_member pm WHERE pm.body_id = $1`.replace(
        /\$1/g,
        String(bodyId),
      ),
    );
    return new Set(rows.map((r) => Number(r.id)));
  };

  const list = async (account: Account, path: string) =>
    (await t.http.get(path).set('Authorization', account.auth).expect(200)).body.items as Record<string, unknown>[];

  beforeAll(async () => {
    t = await createTestApp();
    ({ officer, kassel, darmstadt } = await standardAccounts(t));
    freezeClock(t, '2026-07-20T08:00:00Z');
    kasselProjects = await projectsOfBody(kassel.bodyId as number);
    const kasselProject = (await projectBySlug(t, 'kassel')).id;
    darmstadtProject = (await projectBySlug(t, 'darmstadt')).id;
    expect(kasselProjects.has(kasselProject)).toBe(true);
    expect(kasselProjects.has(darmstadtProject)).toBe(false);
    for (const [account, projectId] of [
      [kassel, kasselProject],
      [darmstadt, darmstadtProject],
    ] as const) {
      await addCommitment(t, projectId, '2021-06-01', 'B');
      await draft(t, account.auth, projectId, { period: '2025-H1' }).expect(201);
      const run = await t.http.post('/api/v1/exports').set('Authorization', account.auth).send({ format: 'json' }).expect(202);
      expect((await finishedJob(t.http, account.auth, run.body.id)).status).toBe('completed');
    }
    const { run } = await t.app.get(JobsService).enqueue(SYSTEM_ACTOR, 'reminders', { asOf: '2026-07-20' });
    expect((await finishedJob(t.http, officer.auth, run.id)).status).toBe('completed');
  });
  afterAll(() => t.close());

  it.each(['/api/v1/reports?limit=500', '/api/v1/reports/overdue', '/api/v1/notifications?limit=500'])(
    '%s: only rows of its own projects',
    async (path) => {
      // Darmstadt's rows exist: the officer's list shows them (notifications are per account: Darmstadt's own).
      const others = await list(path.includes('/notifications') ? darmstadt : officer, path);
      expect(others.some((row) => row.projectId === darmstadtProject)).toBe(true);
      const mine = await list(kassel, path);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.filter((row) => !kasselProjects.has(row.projectId as number))).toEqual([]);
    },
  );

  it('/api/v1/jobs: only the runs it requested', async () => {
    const all = await list(officer, '/api/v1/jobs?limit=500');
    const mine = await list(kassel, '/api/v1/jobs?limit=500');
    expect(all.length).toBeGreaterThan(mine.length);
    expect(mine.length).toBeGreaterThan(0);
    const runs = await t.dataSource.getRepository(JobRun).findBy(mine.map((r) => ({ id: r.id as string })));
    expect(runs.map((r) => r.requestedById)).toEqual(runs.map(() => kassel.id));
  });

  it('the access service narrows a project query to exactly the projects of its body, at the query level', async () => {
    const access = t.app.get(ProjectAccessService);
    const actorOf = (a: Account) => ({ ...SYSTEM_ACTOR, userId: a.id, role: a.role, bodyId: a.bodyId });
    for (const account of [kassel, darmstadt]) {
      const rows = await access.narrow(t.dataSource.getRepository(Project).createQueryBuilder('p'), actorOf(account)).getMany();
      expect(new Set(rows.map((p) => p.id))).toEqual(await projectsOfBody(account.bodyId as number));
    }
    const everything = await access.narrow(t.dataSource.getRepository(Project).createQueryBuilder('p'), actorOf(officer)).getCount();
    expect(everything).toBe(await t.dataSource.getRepository(Project).count());
    const unbound = await access
      .narrow(t.dataSource.getRepository(Project).createQueryBuilder('p'), { ...actorOf(kassel), bodyId: null })
      .getCount();
    expect(unbound).toBe(0);
  });
});
