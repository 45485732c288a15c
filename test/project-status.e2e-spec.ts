import { SeedService } from '../src/seeds/seed.service';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { auditCount, commit, disburse, projectId, refusedWith, repay } from './support/funding';
import { freezeClock } from './support/reports';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

describe('project status with effective dates, and grant confirmation', () => {
  let t: TestApp;
  let officer: Account;
  let kassel: Account;
  let darmstadt: Account;
  let project: number;
  const setStatus = (body: Record<string, unknown>, auth = officer.auth, id = project) =>
    t.http.post(`/api/v1/projects/${id}/status`).set('Authorization', auth).send(body);
  const obligations = async (id = project) =>
    (await t.http.get(`/api/v1/projects/${id}/obligations`).set('Authorization', officer.auth).expect(200)).body.items as any[];

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, '2026-03-15T10:00:00Z');
    ({ officer, kassel, darmstadt } = await standardAccounts(t));
    project = await projectId(t, 'kassel');
    await commit(t, officer.auth, project, { amountCents: 1_000_000, date: '2021-03-15', phase: 'B' });
    await disburse(t, officer.auth, project, { amountCents: 600_000, date: '2022-06-30', budgetYear: 2022 });
  });
  afterAll(() => t.close());

  it('refuses bad status changes naming the field, writing nothing', async () => {
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ status: 'withdrawn', effectiveDate: '2021-03-14', reason: 'x' }, 422, 'PROJECT.STATUS_BEFORE_AWARD', 'effectiveDate'],
      [{ status: 'withdrawn', effectiveDate: '2026-06-14', reason: 'x' }, 422, 'PROJECT.STATUS_TOO_FAR_AHEAD', 'effectiveDate'],
      [{ status: 'active', effectiveDate: '2024-01-01', reason: 'x' }, 422, 'PROJECT.STATUS_UNCHANGED', 'status'],
      [{ status: 'withdrawn', effectiveDate: '2024-01-01', reason: '  ' }, 400, 'VALIDATION.INVALID', 'reason'],
      [{ status: 'paused', effectiveDate: '2024-01-01', reason: 'x' }, 400, 'VALIDATION.INVALID', 'status'],
      [{ status: 'withdrawn', effectiveDate: '2024-02-30', reason: 'x' }, 400, 'VALIDATION.INVALID', 'effectiveDate'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await refusedWith(t, () => setStatus(body), status, code);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
  });

  it('withdraws the project from its effective date: no new money after it, no more periodic reports, the balance to be recovered', async () => {
    const before = (await obligations()).filter((o) => o.type === 'progress');
    const res = await setStatus({ status: 'withdrawn', effectiveDate: '2024-09-30', reason: ' Rat hat Ausstieg beschlossen ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ projectId: project, fromStatus: 'active', toStatus: 'withdrawn', effectiveDate: '2024-09-30' });
    expect(res.body.reason).toBe('Rat hat Ausstieg beschlossen');
    expect(await auditCount(t, 'project.status.change')).toBe(1);

    await refusedWith(
      t,
      () => disburse(t, officer.auth, project, { amountCents: 1, date: '2024-09-30', budgetYear: 2024 }),
      422,
      'FUNDING.PROJECT_WITHDRAWN',
    );
    await refusedWith(t, () => commit(t, officer.auth, project, { amountCents: 1, date: '2025-01-10' }), 422, 'FUNDING.PROJECT_WITHDRAWN');
    // A payment made before the withdrawal can still be booked late.
    expect((await disburse(t, officer.auth, project, { amountCents: 1, date: '2024-09-29', budgetYear: 2024 })).status).toBe(201);

    const periodic = (await obligations()).filter((o) => o.type === 'progress').map((o) => o.period);
    expect(periodic[periodic.length - 1]).toBe('2024-H1');
    expect(periodic.length).toBeLessThan(before.length);
    expect((await obligations()).some((o) => o.type === 'proof_of_use_b')).toBe(true);
    const overdue = await t.http.get('/api/v1/reports/overdue').set('Authorization', kassel.auth).expect(200);
    expect(overdue.body.items.filter((i: any) => i.type === 'progress' && i.period >= '2024-H2')).toEqual([]);

    const funding = await t.http.get(`/api/v1/projects/${project}/funding`).set('Authorization', kassel.auth).expect(200);
    expect(funding.body).toMatchObject({ status: 'withdrawn', disbursedCents: 600_001, toBeRecoveredCents: 600_001 });
    expect((await repay(t, officer.auth, project, { amountCents: 600_001, date: '2025-02-01' })).status).toBe(201);
    const after = await t.http.get(`/api/v1/projects/${project}/funding`).set('Authorization', kassel.auth).expect(200);
    expect(after.body).toMatchObject({ disbursedCents: 0, repaidCents: 600_001, toBeRecoveredCents: 0 });
  });

  it('goes back to active with a reason, then completed owes only the proof of use; the history lists every step', async () => {
    await refusedWith(
      t,
      () => setStatus({ status: 'completed', effectiveDate: '2025-01-01', reason: 'x' }),
      422,
      'PROJECT.STATUS_TRANSITION',
    );
    await refusedWith(
      t,
      () => setStatus({ status: 'active', effectiveDate: '2024-09-01', reason: 'x' }),
      422,
      'PROJECT.STATUS_BEFORE_PREVIOUS',
    );
    expect((await setStatus({ status: 'active', effectiveDate: '2025-01-01', reason: 'Widerruf aufgehoben' })).status).toBe(201);
    expect((await obligations()).filter((o) => o.type === 'progress').length).toBeGreaterThan(10);
    expect((await setStatus({ status: 'completed', effectiveDate: '2025-12-31', reason: 'Abschluss' })).status).toBe(201);
    const periodic = (await obligations()).filter((o) => o.type === 'progress').map((o) => o.period);
    expect(periodic[periodic.length - 1]).toBe('2025-H1');

    const history = await t.http.get(`/api/v1/projects/${project}/status-history`).set('Authorization', kassel.auth).expect(200);
    expect(history.body.status).toBe('completed');
    expect(history.body.items.map((i: any) => [i.fromStatus, i.toStatus, i.effectiveDate])).toEqual([
      ['active', 'withdrawn', '2024-09-30'],
      ['withdrawn', 'active', '2025-01-01'],
      ['active', 'completed', '2025-12-31'],
    ]);
    await t.http.get(`/api/v1/projects/${project}/status-history`).set('Authorization', darmstadt.auth).expect(404);
    const projectView = await t.http.get(`/api/v1/projects/${project}`).expect(200);
    expect(projectView.body.status).toBe('completed');
  });

  it('confirms or corrects an uncertain grant with reason and source; grantUncertain follows', async () => {
    const list = await t.http.get('/api/v1/projects?limit=500').expect(200);
    const uncertain = list.body.items.find((p: any) => p.grantUncertain && p.grantCents !== null);
    const confirm = (body: Record<string, unknown>) =>
      t.http.post(`/api/v1/projects/${uncertain.id}/grant`).set('Authorization', officer.auth).send(body);
    await refusedWith(t, () => confirm({ grantCents: uncertain.grantCents, reason: 'x', source: ' ' }), 400, 'VALIDATION.INVALID');
    await commit(t, officer.auth, uncertain.id, { amountCents: 1_000, date: '2021-06-01' });
    const low = await refusedWith(t, () => confirm({ grantCents: 999, reason: 'x', source: 'y' }), 422, 'PROJECT.GRANT_BELOW_COMMITTED');
    expect(low.body.details).toEqual([expect.objectContaining({ field: 'grantCents', committedCents: 1_000 })]);

    const res = await confirm({
      grantCents: uncertain.grantCents + 50,
      reason: 'Bescheid liegt vor',
      source: 'Zuwendungsbescheid vom 01.06.2021',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      projectId: uncertain.id,
      grantCents: uncertain.grantCents + 50,
      previousGrantCents: uncertain.grantCents,
      grantUncertain: false,
      source: 'Zuwendungsbescheid vom 01.06.2021',
    });
    const view = await t.http.get(`/api/v1/projects/${uncertain.id}`).expect(200);
    expect(view.body).toMatchObject({ grantCents: uncertain.grantCents + 50, grantUncertain: false });
    // Re-applying the seed keeps the officer's decisions (this grant, and Kassel's status from the test above).
    await t.app.get(SeedService).seed();
    expect((await t.http.get(`/api/v1/projects/${uncertain.id}`).expect(200)).body.grantCents).toBe(uncertain.grantCents + 50);
    expect((await t.http.get(`/api/v1/projects/${project}`).expect(200)).body.status).toBe('completed');
    const audit = await t.http
      .get(`/api/v1/audit?entityType=project&entityId=${uncertain.id}`)
      .set('Authorization', officer.auth)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'project.grant.confirm',
      before: expect.objectContaining({ grantUncertain: true }),
    });
  });
});
