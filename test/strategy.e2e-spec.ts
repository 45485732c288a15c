import { AuditEvent } from '../src/audit/audit-event.entity';
import { standardAccounts } from './support/accounts';
import { projectBySlug } from './support/reports';
import { cascade, measure, putStrategy } from './support/strategy';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';

type Accounts = Awaited<ReturnType<typeof standardAccounts>>;

describe('vocabularies', () => {
  let t: TestApp;
  let a: Accounts;
  beforeAll(async () => {
    t = await createTestApp();
    a = await standardAccounts(t);
  });
  afterAll(() => t.close());

  it('are public: the 8 qualities, 7 guidelines, 16 values and 5 fields of action of the BBSR deck, with German labels', async () => {
    const res = await t.http.get('/api/v1/vocabularies').expect(200);
    expect([res.body.qualities.length, res.body.guidelines.length, res.body.values.length, res.body.fieldsOfAction.length]).toEqual([
      8, 7, 16, 5,
    ]);
    expect(res.body.qualities[3]).toEqual({ code: 'wettbewerbsfaehig_florierend', label: 'wettbewerbsfähig & florierend' });
    expect(res.body.values.map((v: { label: string }) => v.label)).toContain('Datensouveränität');
    expect(res.body.fieldsOfAction.map((f: { label: string }) => f.label)).toEqual([
      'Digitale Daseinsvorsorge',
      'Zukunftsfähige Mobilität',
      'Intelligente Risikoprävention / Resilienz',
      'IT-Sicherheit',
      'Datenstrategie und Datenplattform',
    ]);
  });

  it('officers add a field of action; the same code twice is a conflict; municipalities may not add', async () => {
    const add = (auth: string, code: string) =>
      t.http.post('/api/v1/vocabularies/fields-of-action').set('Authorization', auth).send({ code, label: 'Smarte Verwaltung' });
    expect((await add(a.officer.auth, 'smarte_verwaltung').expect(201)).body).toEqual({
      code: 'smarte_verwaltung',
      label: 'Smarte Verwaltung',
    });
    expect((await add(a.officer.auth, 'smarte_verwaltung').expect(409)).body.code).toBe('VOCABULARY.DUPLICATE');
    expect((await add(a.kassel.auth, 'anderes_feld').expect(403)).body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    const bad = await add(a.officer.auth, 'Mit Leerzeichen').expect(400);
    expect(bad.body.details[0].field).toBe('code');
    const list = await t.http.get('/api/v1/vocabularies').expect(200);
    expect(list.body.fieldsOfAction.at(-1)).toEqual({ code: 'smarte_verwaltung', label: 'Smarte Verwaltung' });
  });
});

describe('the strategy cascade of a project', () => {
  let t: TestApp;
  let a: Accounts;
  let kassel: number;
  let darmstadt: number;
  const url = (id: number, tail = '') => `/api/v1/projects/${id}/strategy${tail}`;

  beforeAll(async () => {
    t = await createTestApp();
    a = await standardAccounts(t);
    kassel = (await projectBySlug(t, 'kassel')).id;
    darmstadt = (await projectBySlug(t, 'darmstadt')).id;
  });
  afterAll(() => t.close());

  it('starts empty for its municipality (version 0) and does not exist for anyone else', async () => {
    const own = await t.http.get(url(kassel)).set('Authorization', a.kassel.auth).expect(200);
    expect(own.body).toMatchObject({ projectId: kassel, status: 'draft', version: 0, goals: [], measures: [] });
    expect((await t.http.get(url(kassel)).expect(404)).body.code).toBe('STRATEGY.NOT_FOUND');
    expect((await t.http.get(url(999_999)).expect(404)).body.code).toBe('PROJECT.NOT_FOUND');
  });

  it('Kassel writes its cascade with If-Match 0; the answer carries version 1 as ETag', async () => {
    const res = await putStrategy(t, a.kassel.auth, kassel, cascade(), '0').expect(200);
    expect(res.headers.etag).toBe('1');
    expect(res.body).toMatchObject({ status: 'draft', version: 1, vision: cascade().vision, values: cascade().values });
    expect(res.body.goals).toEqual(cascade().goals);
    expect(res.body.measures).toEqual(cascade().measures);
    expect(res.body.strategy).toEqual(cascade().strategy);
  });

  it("Darmstadt can neither read nor write Kassel's draft; the public sees nothing yet", async () => {
    expect((await t.http.get(url(kassel)).set('Authorization', a.darmstadt.auth).expect(404)).body.code).toBe('STRATEGY.NOT_FOUND');
    expect((await putStrategy(t, a.darmstadt.auth, kassel, cascade(), '1').expect(404)).body.code).toBe('PROJECT.NOT_FOUND');
    expect((await t.http.get(url(kassel)).expect(404)).body.code).toBe('STRATEGY.NOT_FOUND');
    const officer = await t.http.get(url(kassel)).set('Authorization', a.officer.auth).expect(200);
    expect(officer.body.version).toBe(1);
    expect((await t.http.get(url(kassel)).set('Authorization', a.darmstadt.auth).expect(404)).body.code).toBe('STRATEGY.NOT_FOUND');
    expect((await t.http.get(url(darmstadt)).set('Authorization', a.darmstadt.auth).expect(200)).body.version).toBe(0);
  });

  it.each([
    ['an unknown field of action', { measures: [measure({ fieldsOfAction: ['raumfahrt'] })] }, 'measures.0.fieldsOfAction'],
    ['a goal the cascade does not have', { measures: [measure({ goalIds: ['g9'] })] }, 'measures.0.goalIds'],
    ['negative cents', { measures: [measure({ plannedCostCents: -1 })] }, 'measures.0.plannedCostCents'],
    ['cents as text', { measures: [measure({ plannedFederalCents: '100' })] }, 'measures.0.plannedFederalCents'],
    ['fractional cents', { measures: [measure({ plannedCostCents: 10.5 })] }, 'measures.0.plannedCostCents'],
    [
      'a federal share above the cost',
      { measures: [measure({ plannedCostCents: 10, plannedFederalCents: 11 })] },
      'measures.0.plannedFederalCents',
    ],
    ['an impossible date', { measures: [measure({ startsOn: '2023-02-30' })] }, 'measures.0.startsOn'],
    ['an end before the start', { measures: [measure({ startsOn: '2024-01-01', endsOn: '2023-01-01' })] }, 'measures.0.endsOn'],
    ['an unknown status', { measures: [measure({ status: 'paused' })] }, 'measures.0.status'],
    ['two goals with one id', { goals: [cascade().goals[0], cascade().goals[0]] }, 'goals'],
    ['an unknown value', { values: { codes: ['gier'], own: [] } }, 'values.codes'],
    ['a vision that is not text', { vision: { $ne: null } }, 'vision'],
    ['an injection string as goal id', { goals: [{ id: "g1'; DROP TABLE strategy;--", title: 'x' }] }, 'goals.0.id'],
    ['an unknown field', { status: 'accepted' }, 'status'],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_what, change, field) => {
    const before = await tableCounts(t.dataSource);
    const res = await putStrategy(t, a.kassel.auth, kassel, { ...cascade(), ...change }, '1').expect(400);
    expect(res.body.code).toBe('VALIDATION.INVALID');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('refuses measures planning more federal money than the grant: 422 STRATEGY.OVER_GRANT (Kassel: 11 M€)', async () => {
    const big = measure({ plannedCostCents: 2_000_000_000, plannedFederalCents: 1_000_000_000 });
    const body = cascade({ measures: [big, measure({ id: 'm2', plannedFederalCents: 100_000_001 })] });
    const res = await putStrategy(t, a.kassel.auth, kassel, body, '1').expect(422);
    expect(res.body).toMatchObject({ code: 'STRATEGY.OVER_GRANT', details: [{ field: 'measures', grantCents: 1_100_000_000 }] });
    const exact = cascade({ measures: [big, measure({ id: 'm2', plannedFederalCents: 100_000_000 })] });
    const ok = await putStrategy(t, a.kassel.auth, kassel, exact, '1').expect(200);
    expect(ok.body.version).toBe(2);
  });

  it('needs If-Match, and refuses a stale one', async () => {
    const missing = await t.http.put(url(kassel)).set('Authorization', a.kassel.auth).send(cascade()).expect(428);
    expect(missing.body.code).toBe('STRATEGY.IF_MATCH_REQUIRED');
    const stale = await putStrategy(t, a.kassel.auth, kassel, cascade(), '1').expect(409);
    expect(stale.body).toMatchObject({ code: 'STRATEGY.VERSION_CONFLICT', details: [{ currentVersion: 2 }] });
    expect((await putStrategy(t, a.kassel.auth, kassel, cascade(), 'abc').expect(400)).body.details[0].field).toBe('If-Match');
    await putStrategy(t, a.kassel.auth, kassel, cascade(), '2').expect(200);
  });

  it('is submitted, accepted by the officer, then public; a revision stays private until accepted again', async () => {
    const submitted = await t.http.post(url(kassel, '/submit')).set('Authorization', a.kassel.auth).set('If-Match', '3').expect(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 4 });
    expect((await putStrategy(t, a.kassel.auth, kassel, cascade(), '4').expect(422)).body.code).toBe('STRATEGY.NOT_EDITABLE');
    expect((await t.http.get(url(kassel)).expect(404)).body.code).toBe('STRATEGY.NOT_FOUND');
    const refused = await t.http.post(url(kassel, '/review')).set('Authorization', a.kassel.auth).send({ decision: 'accept' }).expect(403);
    expect(refused.body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    const accepted = await t.http
      .post(url(kassel, '/review'))
      .set('Authorization', a.officer.auth)
      .send({ decision: 'accept' })
      .expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 5 });

    const publicView = await t.http.get(url(kassel)).expect(200);
    expect(publicView.body).toMatchObject({ status: 'accepted', version: 4, vision: cascade().vision, measures: cascade().measures });
    expect((await t.http.get(url(kassel)).set('Authorization', a.darmstadt.auth).expect(200)).body.status).toBe('accepted');

    const revised = await putStrategy(t, a.kassel.auth, kassel, cascade({ vision: 'Neue Vision' }), '5').expect(200);
    expect(revised.body).toMatchObject({ status: 'draft', version: 6, vision: 'Neue Vision' });
    expect((await t.http.get(url(kassel)).expect(200)).body).toMatchObject({ status: 'accepted', vision: cascade().vision });
  });

  it('sends back with changes requested: a comment is required, the municipality resubmits', async () => {
    await t.http.post(url(kassel, '/submit')).set('Authorization', a.kassel.auth).expect(200);
    const noComment = await t.http
      .post(url(kassel, '/review'))
      .set('Authorization', a.officer.auth)
      .send({ decision: 'request_changes' })
      .expect(400);
    expect(noComment.body.details[0].field).toBe('comment');
    const back = await t.http
      .post(url(kassel, '/review'))
      .set('Authorization', a.officer.auth)
      .send({ decision: 'request_changes', comment: 'Bitte Indikatoren für Ziel 2.' })
      .expect(200);
    expect(back.body).toMatchObject({ status: 'changes_requested', reviewComment: 'Bitte Indikatoren für Ziel 2.' });
    expect(
      (await t.http.post(url(kassel, '/review')).set('Authorization', a.officer.auth).send({ decision: 'accept' }).expect(422)).body.code,
    ).toBe('STRATEGY.NOT_SUBMITTED');
  });

  it('cannot submit an empty cascade: STRATEGY.INCOMPLETE names what is missing', async () => {
    const res = await t.http.post(url(darmstadt, '/submit')).set('Authorization', a.darmstadt.auth).expect(422);
    expect(res.body.code).toBe('STRATEGY.INCOMPLETE');
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['vision', 'goals', 'measures']);
  });

  it('records every change in the audit trail', async () => {
    const events = await t.dataSource
      .getRepository(AuditEvent)
      .find({ where: { entityType: 'strategy', entityId: String(kassel) }, order: { id: 'ASC' } });
    expect(events.map((e) => e.action)).toEqual([
      'strategy.update',
      'strategy.update',
      'strategy.update',
      'strategy.submit',
      'strategy.review',
      'strategy.update',
      'strategy.submit',
      'strategy.review',
    ]);
    expect(JSON.parse(events[4].after as string)).toMatchObject({ decision: 'accept', status: 'accepted' });
  });
});

describe('progress reports along the cascade', () => {
  let t: TestApp;
  let a: Accounts;
  let kassel: number;

  beforeAll(async () => {
    t = await createTestApp();
    a = await standardAccounts(t);
    kassel = (await projectBySlug(t, 'kassel')).id;
    await putStrategy(t, a.kassel.auth, kassel, cascade(), '0').expect(200);
  });
  afterAll(() => t.close());

  const draftReport = (body: object) =>
    t.http
      .post(`/api/v1/projects/${kassel}/reports`)
      .set('Authorization', a.kassel.auth)
      .send({ period: '2024-H1', ...body });

  it('state per measure its status and spend, per indicator its actual value, shown beside the target', async () => {
    const res = await draftReport({
      measureProgress: [
        { measureId: 'm1', status: 'running', spendCents: 12_345_678 },
        { measureId: 'm2', status: 'planned', spendCents: null },
      ],
      indicatorActuals: [{ goalId: 'g1', indicatorId: 'i1', actual: 52.5 }],
    }).expect(201);
    expect(res.body.measureProgress).toEqual([
      { measureId: 'm1', status: 'running', spendCents: 12_345_678 },
      { measureId: 'm2', status: 'planned', spendCents: null },
    ]);
    expect(res.body.indicatorActuals).toEqual([{ goalId: 'g1', indicatorId: 'i1', actual: 52.5, target: 60 }]);
    const read = await t.http.get(`/api/v1/reports/${res.body.id}`).set('Authorization', a.officer.auth).expect(200);
    expect(read.body.indicatorActuals).toEqual(res.body.indicatorActuals);
  });

  it.each([
    ['a measure the cascade does not have', { measureProgress: [{ measureId: 'm9', status: 'done' }] }, 'measureProgress.0.measureId'],
    [
      'an indicator the goal does not have',
      { indicatorActuals: [{ goalId: 'g2', indicatorId: 'i1', actual: 1 }] },
      'indicatorActuals.0.indicatorId',
    ],
    ['negative spend', { measureProgress: [{ measureId: 'm1', status: 'done', spendCents: -5 }] }, 'measureProgress.0.spendCents'],
    ['an unknown measure status', { measureProgress: [{ measureId: 'm1', status: 'paused' }] }, 'measureProgress.0.status'],
    [
      'one measure twice',
      {
        measureProgress: [
          { measureId: 'm1', status: 'done' },
          { measureId: 'm1', status: 'done' },
        ],
      },
      'measureProgress',
    ],
    [
      'an actual that is not a number',
      { indicatorActuals: [{ goalId: 'g1', indicatorId: 'i1', actual: '52' }] },
      'indicatorActuals.0.actual',
    ],
  ])('refuses %s with a 400 naming the field', async (_what, body, field) => {
    const before = await tableCounts(t.dataSource);
    const res = await draftReport({ period: '2023-H2', ...body }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });
});
