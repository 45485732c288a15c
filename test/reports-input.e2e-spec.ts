import { standardAccounts } from './support/accounts';
import { draft, freezeClock, indicator, milestone, projectBySlug, risk, submit } from './support/reports';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';

type Accounts = Awaited<ReturnType<typeof standardAccounts>>;
type Case = [name: string, body: unknown, field: string];

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/** Content that is wrong in one place each: the same for drafting and for editing. */
const CONTENT_CASES: Case[] = [
  ['a number as narrative', { narrative: 5 }, 'narrative'],
  ['a narrative over 50 000 characters', { narrative: 'x'.repeat(50_001) }, 'narrative'],
  ['an unknown overall status', { overallStatus: 'great' }, 'overallStatus'],
  ['an over-long status reason', { overallStatusReason: 'x'.repeat(2001) }, 'overallStatusReason'],
  ['milestones as text', { milestones: 'soon' }, 'milestones'],
  ['milestones as null', { milestones: null }, 'milestones'],
  ['an impossible planned date', { milestones: [milestone({ plannedDate: '2025-02-30' })] }, 'milestones.0.plannedDate'],
  ['a German-format date', { milestones: [milestone({ plannedDate: '30.06.2025' })] }, 'milestones.0.plannedDate'],
  ['a thirteenth month', { milestones: [milestone(), milestone({ actualDate: '2025-13-01' })] }, 'milestones.1.actualDate'],
  ['an unknown milestone status', { milestones: [milestone({ status: 'finished' })] }, 'milestones.0.status'],
  ['an over-long milestone title', { milestones: [milestone({ title: 'x'.repeat(301) })] }, 'milestones.0.title'],
  ['a blank milestone title', { milestones: [milestone({ title: '   ' })] }, 'milestones.0.title'],
  ['an unknown milestone field', { milestones: [milestone({ owner: 'Amt 61' })] }, 'milestones.0.owner'],
  ['a milestone that is not an object', { milestones: ['done'] }, 'milestones.0'],
  ['201 milestones', { milestones: times(201, (i) => milestone({ title: `M${i}` })) }, 'milestones'],
  ['an indicator target as text', { indicators: [indicator({ target: '400' })] }, 'indicators.0.target'],
  ['an indicator without target', { indicators: [indicator({ target: undefined })] }, 'indicators.0.target'],
  ['a boolean baseline', { indicators: [indicator({ baseline: true })] }, 'indicators.0.baseline'],
  ['an over-long unit', { indicators: [indicator({ unit: 'x'.repeat(51) })] }, 'indicators.0.unit'],
  ['201 indicators', { indicators: times(201, (i) => indicator({ name: `I${i}` })) }, 'indicators'],
  ['negative money', { spending: [{ costCategory: 'personnel', amountCents: -5 }] }, 'spending.0.amountCents'],
  ['zero money', { spending: [{ costCategory: 'personnel', amountCents: 0 }] }, 'spending.0.amountCents'],
  ['fractions of a cent', { spending: [{ costCategory: 'personnel', amountCents: 10.5 }] }, 'spending.0.amountCents'],
  ['money as text', { spending: [{ costCategory: 'personnel', amountCents: '100' }] }, 'spending.0.amountCents'],
  ['more than a billion euros', { spending: [{ costCategory: 'personnel', amountCents: 100_000_000_001 }] }, 'spending.0.amountCents'],
  ['an unknown cost category', { spending: [{ costCategory: 'travel', amountCents: 100 }] }, 'spending.0.costCategory'],
  [
    'two lines for one cost category',
    {
      spending: [
        { costCategory: 'personnel', amountCents: 100 },
        { costCategory: 'personnel', amountCents: 200 },
      ],
    },
    'spending',
  ],
  ['an unknown risk level', { risks: [risk({ likelihood: 'extreme' })] }, 'risks.0.likelihood'],
  ['a risk without impact', { risks: [risk({ impact: undefined })] }, 'risks.0.impact'],
  ['an over-long risk', { risks: [risk({ description: 'x'.repeat(2001) })] }, 'risks.0.description'],
  ['101 risks', { risks: times(101, (i) => risk({ description: `R${i}` })) }, 'risks'],
];

/** Fields a client may never set: the workflow owns them. */
const MASS_ASSIGNMENT: Case[] = [
  'status',
  'version',
  'projectId',
  'submittedAt',
  'reviewedAt',
  'reviewComment',
  'dueDate',
  'id',
  'createdById',
].map((field): Case => [
  `${field} in the body`,
  { [field]: field === 'status' ? 'accepted' : field.endsWith('At') ? '2026-01-01T00:00:00Z' : 7 },
  field,
]);

describe('bad input to the report routes', () => {
  let t: TestApp;
  let a: Accounts;
  let kassel: number;
  let draftId: number;
  let submittedId: number;
  let counts: Record<string, number>;

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, '2026-03-15T10:00:00.000Z');
    a = await standardAccounts(t);
    kassel = (await projectBySlug(t, 'kassel')).id;
    draftId = (await draft(t, a.kassel.auth, kassel, { period: '2025-H1' }).expect(201)).body.id;
    submittedId = (await draft(t, a.kassel.auth, kassel, { period: '2025-H2' }).expect(201)).body.id;
    await submit(t, a.kassel.auth, submittedId).expect(200);
    counts = await tableCounts(t.dataSource);
  });
  afterEach(async () => {
    // Whatever was refused, nothing was written (not even an audit row).
    expect(await tableCounts(t.dataSource)).toEqual(counts);
  });
  afterAll(() => t.close());

  const fields = (body: { details?: { field?: string }[] }) => (body.details ?? []).map((d) => d.field);

  describe('drafting: POST /projects/:id/reports', () => {
    const post = (body: unknown) =>
      t.http
        .post(`/api/v1/projects/${kassel}/reports`)
        .set('Authorization', a.kassel.auth)
        .send(body as object);

    it.each<Case>([
      ['no period', {}, 'period'],
      ['a number as period', { period: 2025 }, 'period'],
      ['an unknown type', { period: '2025-H1', type: 'final' }, 'type'],
    ])('refuses %s, naming the field', async (_name, body, field) => {
      const res = await post(body).expect(400);
      expect(res.body.code).toBe('VALIDATION.INVALID');
      expect(fields(res.body)).toContain(field);
    });

    it.each<Case>([...CONTENT_CASES, ...MASS_ASSIGNMENT])('refuses %s, naming the field', async (_name, body, field) => {
      const res = await post({ period: '2024-H2', ...(body as object) }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION.INVALID' });
      expect(fields(res.body)).toContain(field);
    });

    it('refuses a number too large for JSON doubles (Infinity), naming it', async () => {
      const res = await t.http
        .post(`/api/v1/projects/${kassel}/reports`)
        .set('Authorization', a.kassel.auth)
        .set('Content-Type', 'application/json')
        .send(`{"period":"2024-H2","indicators":[{"name":"n","unit":"u","target":1e400}]}`)
        .expect(400);
      expect(fields(res.body)).toContain('indicators.0.target');
    });

    it('refuses malformed JSON', async () => {
      const res = await t.http
        .post(`/api/v1/projects/${kassel}/reports`)
        .set('Authorization', a.kassel.auth)
        .set('Content-Type', 'application/json')
        .send('{"period": "2024-H2",')
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'REQUEST.MALFORMED', message: expect.stringContaining('JSON') });
    });

    it('refuses a smuggled __proto__', async () => {
      await t.http
        .post(`/api/v1/projects/${kassel}/reports`)
        .set('Authorization', a.kassel.auth)
        .set('Content-Type', 'application/json')
        .send('{"period":"2024-H2","__proto__":{"status":"accepted"}}')
        .expect(400);
    });

    it('refuses a body over 1 MB with 413', async () => {
      const res = await post({ period: '2024-H2', narrative: 'x'.repeat(1024 * 1024) }).expect(413);
      expect(res.body.statusCode).toBe(413);
    });

    it('refuses a body that is not JSON', async () => {
      // JSON is the only body the API reads: any other content type is a 415 in the error contract.
      const res = await t.http
        .post(`/api/v1/projects/${kassel}/reports`)
        .set('Authorization', a.kassel.auth)
        .set('Content-Type', 'text/plain')
        .send('period=2024-H2')
        .expect(415);
      expect(res.body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses a project id that is not one', async () => {
      for (const id of ['abc', '0', '-1', '1.5', '1e3']) {
        const res = await t.http
          .post(`/api/v1/projects/${id}/reports`)
          .set('Authorization', a.kassel.auth)
          .send({ period: '2024-H2' })
          .expect(400);
        expect(fields(res.body)).toEqual(['id']);
      }
    });
  });

  describe('editing: PATCH /reports/:id', () => {
    const edit = (body: unknown) =>
      t.http
        .patch(`/api/v1/reports/${draftId}`)
        .set('Authorization', a.kassel.auth)
        .set('If-Match', '1')
        .send(body as object);

    it.each<Case>([
      ...CONTENT_CASES,
      ...MASS_ASSIGNMENT,
      ['a new period', { period: '2024-H2' }, 'period'],
      ['a new type', { type: 'proof_of_use_a' }, 'type'],
    ])('refuses %s, naming the field', async (_name, body, field) => {
      const res = await edit(body).expect(400);
      expect(res.body.code).toBe('VALIDATION.INVALID');
      expect(fields(res.body)).toContain(field);
    });

    it('refuses a body that is a list or a string', async () => {
      await edit([{ narrative: 'x' }]).expect(400);
      await t.http
        .patch(`/api/v1/reports/${draftId}`)
        .set('Authorization', a.kassel.auth)
        .set('If-Match', '1')
        .set('Content-Type', 'application/json')
        .send('"narrative"')
        .expect(400);
    });

    it('refuses malformed JSON and a report id that is not one', async () => {
      await t.http
        .patch(`/api/v1/reports/${draftId}`)
        .set('Authorization', a.kassel.auth)
        .set('If-Match', '1')
        .set('Content-Type', 'application/json')
        .send('{"narrative": }')
        .expect(400);
      const res = await t.http.patch('/api/v1/reports/abc').set('Authorization', a.kassel.auth).set('If-Match', '1').send({}).expect(400);
      expect(fields(res.body)).toEqual(['id']);
    });
  });

  describe('reviewing: POST /reports/:id/review', () => {
    const send = (body: unknown) =>
      t.http
        .post(`/api/v1/reports/${submittedId}/review`)
        .set('Authorization', a.officer.auth)
        .send(body as object);

    it.each<Case>([
      ['no decision', {}, 'decision'],
      ['an unknown decision', { decision: 'maybe' }, 'decision'],
      ['changes requested without a comment', { decision: 'request_changes' }, 'comment'],
      ['changes requested with a null comment', { decision: 'request_changes', comment: null }, 'comment'],
      ['a comment over 5000 characters', { decision: 'accept', comment: 'x'.repeat(5001) }, 'comment'],
      ['a comment that is not text', { decision: 'accept', comment: 42 }, 'comment'],
      ['a status in the body', { decision: 'accept', status: 'accepted' }, 'status'],
      ['a reviewer in the body', { decision: 'accept', reviewedById: 1 }, 'reviewedById'],
    ])('refuses %s, naming the field', async (_name, body, field) => {
      const res = await send(body).expect(400);
      expect(fields(res.body)).toContain(field);
    });
  });

  describe('listing: GET /reports', () => {
    it.each<[string, string]>([
      ['status=lost', 'status'],
      ['type=final', 'type'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['offset=-1', 'offset'],
      ['projectId=abc', 'projectId'],
      ['projectId=1e3', 'projectId'],
      ['sort=narrative', 'sort'],
      ["period=2025'--", 'period'],
      ['foo=1', 'foo'],
    ])('refuses ?%s, naming the parameter', async (query, field) => {
      const res = await t.http.get(`/api/v1/reports?${query}`).set('Authorization', a.officer.auth).expect(400);
      expect(fields(res.body)).toContain(field);
    });
  });

  describe('at the limits', () => {
    afterEach(async () => {
      // These writes succeed: the next check compares against the new state.
      counts = await tableCounts(t.dataSource);
    });

    it('takes a narrative of exactly 50 000 characters and a billion euros exactly', async () => {
      const res = await t.http
        .patch(`/api/v1/reports/${draftId}`)
        .set('Authorization', a.kassel.auth)
        .set('If-Match', '1')
        .send({
          narrative: 'ä'.repeat(50_000),
          spending: [{ costCategory: 'investment', amountCents: 100_000_000_000 }],
          milestones: times(200, (i) => milestone({ title: `M${i}` })),
        })
        .expect(200);
      expect(res.body.narrative).toHaveLength(50_000);
      expect(res.body.spending).toEqual([{ costCategory: 'investment', amountCents: 100_000_000_000 }]);
      expect(res.body.milestones).toHaveLength(200);
      const back = await t.http.get(`/api/v1/reports/${draftId}`).set('Authorization', a.kassel.auth).expect(200);
      expect(back.body.spending[0].amountCents).toBe(100_000_000_000);
      expect(back.body.milestones[199].title).toBe('M199');
    });
  });
});
