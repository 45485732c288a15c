import { standardAccounts } from './support/accounts';
import { projectBySlug } from './support/reports';
import { cascade, measure, putStrategy } from './support/strategy';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

type Accounts = Awaited<ReturnType<typeof standardAccounts>>;
interface Item {
  project: { slug: string; name: string; round: number };
  id: string;
  status: string;
  fieldsOfAction: string[];
  plannedCostCents: number | null;
  plannedFederalCents: number | null;
}
const MOBILITY = 'zukunftsfaehige_mobilitaet';
const total = (items: Item[], key: 'plannedCostCents' | 'plannedFederalCents') => items.reduce((sum, m) => sum + (m[key] ?? 0), 0);

describe('the portfolio of measures by field of action (officer drill-down)', () => {
  let t: TestApp;
  let a: Accounts;
  let kassel: { id: number; name: string };
  let darmstadt: { id: number; name: string };
  const list = (query = '', auth = a.officer.auth) => t.http.get(`/api/v1/strategy/measures${query}`).set('Authorization', auth);
  const submit = (projectId: number, auth: string) =>
    t.http.post(`/api/v1/projects/${projectId}/strategy/submit`).set('Authorization', auth).expect(200);
  const accept = (projectId: number) =>
    t.http
      .post(`/api/v1/projects/${projectId}/strategy/review`)
      .set('Authorization', a.officer.auth)
      .send({ decision: 'accept' })
      .expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    a = await standardAccounts(t);
    kassel = await projectBySlug(t, 'kassel');
    darmstadt = await projectBySlug(t, 'darmstadt');
    // Kassel: accepted, two measures (m1 under mobility and Daseinsvorsorge, m2 under the data platform).
    await putStrategy(t, a.kassel.auth, kassel.id, cascade(), '0').expect(200);
    await submit(kassel.id, a.kassel.auth);
    await accept(kassel.id);
    // Darmstadt: submitted, not yet accepted; one mobility measure whose money is unknown, one done.
    const measures = [
      measure({ id: 'd1', title: 'Parken digital', plannedCostCents: null, plannedFederalCents: null, status: 'done' }),
      measure({ id: 'd2', title: 'Radnetz', fieldsOfAction: [MOBILITY], plannedCostCents: 10_000_001, plannedFederalCents: 6_500_001 }),
    ];
    await putStrategy(t, a.darmstadt.auth, darmstadt.id, cascade({ measures }), '0').expect(200);
    await submit(darmstadt.id, a.darmstadt.auth);
  }, 120_000);
  afterAll(() => t.close());

  it('lists the measures of accepted cascades under a field, with project, status and money; sums match the rows', async () => {
    const res = await list(`?fieldOfAction=${MOBILITY}`).expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        project: expect.objectContaining({ slug: 'kassel', name: kassel.name }),
        id: 'm1',
        title: 'Mobilitätsplattform',
        status: 'running',
        fieldsOfAction: [MOBILITY, 'digitale_daseinsvorsorge'],
        qualities: ['klimaneutral_ressourceneffizient'],
        guidelines: ['zugang'],
        plannedCostCents: 250_000_000,
        plannedFederalCents: 162_500_000,
        startsOn: '2022-07-01',
        endsOn: '2025-12-31',
      }),
    ]);
    expect(res.body.sums).toEqual({
      plannedCostCents: 250_000_000,
      plannedCostUnknown: 0,
      plannedFederalCents: 162_500_000,
      plannedFederalUnknown: 0,
      projectCount: 1,
    });
  });

  it('counts a cascade only once accepted; unknown amounts are counted, not added as 0', async () => {
    await accept(darmstadt.id);
    const res = await list(`?fieldOfAction=${MOBILITY}`).expect(200);
    const items = res.body.items as Item[];
    expect(items.map((m) => `${m.project.slug}/${m.id}`)).toEqual(['darmstadt/d1', 'darmstadt/d2', 'kassel/m1']);
    expect(res.body.sums).toEqual({
      plannedCostCents: total(items, 'plannedCostCents'),
      plannedCostUnknown: 1,
      plannedFederalCents: total(items, 'plannedFederalCents'),
      plannedFederalUnknown: 1,
      projectCount: 2,
    });
    expect(res.body.sums.plannedFederalCents).toBe(162_500_000 + 6_500_001);
  });

  it('pages keep the sums of all matching measures; filters by Staffel, Land, status, quality and guideline', async () => {
    const all = (await list().expect(200)).body;
    expect(all.total).toBe(4);
    const second = (await list('?limit=1&offset=1').expect(200)).body;
    expect(second).toMatchObject({ total: 4, limit: 1, offset: 1, sums: all.sums });
    expect(second.items[0].id).toBe(all.items[1].id);
    const round = (all.items as Item[]).find((m) => m.project.slug === 'kassel')!.project.round;
    const byRound = (await list(`?round=${round}`).expect(200)).body.items as Item[];
    expect(byRound.every((m) => m.project.round === round)).toBe(true);
    expect(byRound.map((m) => m.project.slug)).toContain('kassel');
    expect((await list('?state=DE-HE&status=done').expect(200)).body.items.map((m: Item) => m.id)).toEqual(['d1']);
    expect((await list('?state=DE-BY').expect(200)).body.total).toBe(0);
    expect((await list('?quality=klimaneutral_ressourceneffizient&guideline=zugang').expect(200)).body.total).toBe(4);
    expect((await list('?fieldOfAction=datenstrategie_datenplattform').expect(200)).body.items.map((m: Item) => m.id)).toEqual(['m2']);
  });

  it('a revised cascade leaves the list until it is accepted again', async () => {
    const current = await t.http.get(`/api/v1/projects/${darmstadt.id}/strategy`).set('Authorization', a.darmstadt.auth).expect(200);
    await putStrategy(
      t,
      a.darmstadt.auth,
      darmstadt.id,
      cascade({ measures: [measure({ id: 'd9' })] }),
      String(current.body.version),
    ).expect(200);
    const slugs = ((await list().expect(200)).body.items as Item[]).map((m) => m.project.slug);
    expect(slugs).toEqual(['kassel', 'kassel']);
  });

  it('refuses unknown codes and bad filters naming the field; municipalities and the public may not read it', async () => {
    const unknown = await list('?fieldOfAction=raumfahrt').expect(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION.INVALID', details: [expect.objectContaining({ field: 'fieldOfAction' })] });
    expect((await list('?state=XX').expect(400)).body.details[0].field).toBe('state');
    expect((await list('?status=finished').expect(400)).body.details[0].field).toBe('status');
    expect((await list('?round=abc').expect(400)).body.details[0].field).toBe('round');
    expect((await list('', a.kassel.auth).expect(403)).body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    expect((await t.http.get('/api/v1/strategy/measures').expect(401)).body.code).toBe('AUTH.TOKEN_MISSING');
    expect((await list('', a.auditor.auth).expect(200)).body.total).toBe(2);
  });
});
