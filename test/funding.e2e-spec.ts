import type { Response } from 'supertest';
import type { ReportStatus } from '../src/reports/report.entity';
import { Commitment } from '../src/funding/commitment.entity';
import { Report } from '../src/reports/report.entity';
import { ReportSpending } from '../src/reports/report-parts.entity';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import {
  auditCount,
  commit,
  commitmentBody,
  disburse,
  disbursementBody,
  projectId,
  projectsWithUnknownGrant,
  rowSum,
} from './support/funding';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';

const KASSEL_GRANT = 1_100_000_000; // 11 Mio €, from the seed

describe('funding entries', () => {
  let t: TestApp;
  let officer: Account;
  let auditor: Account;
  let kassel: Account;
  let darmstadt: Account;
  let kasselId: number;
  let darmstadtId: number;

  beforeAll(async () => {
    t = await createTestApp();
    ({ officer, auditor, kassel, darmstadt } = await standardAccounts(t));
    kasselId = await projectId(t, 'kassel');
    darmstadtId = await projectId(t, 'darmstadt');
  });
  afterAll(() => t.close());

  /** Runs a refused request and proves it wrote nothing at all, audit trail included. */
  /** The request is refused with exactly this status and code, and nothing is written. */
  async function refused(send: () => Promise<Response>, status: number, code: string): Promise<Response> {
    const before = await tableCounts(t.dataSource);
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(await tableCounts(t.dataSource)).toEqual(before);
    return res;
  }

  describe('an officer records a commitment and disbursements for Kassel', () => {
    it('answers 201 with the stored rows, audits each, and the summary adds up exactly', async () => {
      const c = await commit(t, officer.auth, kasselId, {
        amountCents: 550_000_001,
        date: '2021-03-15',
        phase: 'B',
        note: ' Bescheid 4711 ',
      });
      expect(c.status).toBe(201);
      expect(c.body).toEqual({
        id: expect.any(Number),
        projectId: kasselId,
        amountCents: 550_000_001,
        date: '2021-03-15',
        phase: 'B',
        budgetYear: 2021,
        note: 'Bescheid 4711',
        createdById: officer.id,
        createdAt: expect.any(String),
      });
      const d1 = await disburse(t, officer.auth, kasselId, { amountCents: 123_456_789, date: '2021-06-30', budgetYear: 2021 });
      const d2 = await disburse(t, officer.auth, kasselId, { amountCents: 7, date: '2022-01-10', budgetYear: 2021, note: 'Ausgaberest' });
      expect([d1.status, d2.status]).toEqual([201, 201]);
      expect(d2.body).toMatchObject({
        projectId: kasselId,
        amountCents: 7,
        date: '2022-01-10',
        budgetYear: 2021,
        note: 'Ausgaberest',
        createdById: officer.id,
      });

      const res = await t.http.get(`/api/v1/projects/${kasselId}/funding`).set('Authorization', officer.auth).expect(200);
      expect(res.body).toMatchObject({
        projectId: kasselId,
        grantCents: KASSEL_GRANT,
        committedCents: 550_000_001,
        disbursedCents: 123_456_796,
        reportedSpendCents: 0,
        remainingCents: 550_000_001 - 123_456_796,
      });
      const unreversed = (row: any) => ({ ...row, netAmountCents: row.amountCents, reversals: [] });
      expect(res.body.commitments).toEqual([unreversed(c.body)]);
      expect(res.body.disbursements).toEqual([unreversed(d1.body), unreversed(d2.body)]);
      expect(res.body.committedCents).toBe(rowSum(res.body.commitments));
      expect(res.body.disbursedCents).toBe(rowSum(res.body.disbursements));
      expect(res.body.remainingCents).toBe(res.body.committedCents - res.body.disbursedCents);

      // The stored rows, and one audit event per write with the row as `after`.
      const [stored] = await t.dataSource.query(`SELECT amount_cents, created_by_id FROM commitment WHERE id = ${Number(c.body.id)}`);
      expect({ amount: Number(stored.amount_cents), by: Number(stored.created_by_id) }).toEqual({ amount: 550_000_001, by: officer.id });
      const audit = await t.http
        .get(`/api/v1/audit?entityType=disbursement&entityId=${d2.body.id}`)
        .set('Authorization', auditor.auth)
        .expect(200);
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          action: 'funding.disbursement.create',
          entityType: 'disbursement',
          actorId: officer.id,
          before: null,
          after: d2.body,
        }),
      ]);
      // One audit row per commitment recorded, no more, no fewer.
      expect(await auditCount(t, 'funding.commitment.create')).toBe(await t.dataSource.getRepository(Commitment).count());
    });

    it('charges a commitment to the year of its date unless a budget year is given', async () => {
      const defaulted = await commit(t, officer.auth, darmstadtId, { amountCents: 1000, date: '2020-11-02', phase: 'A' }).then(
        (r) => r.body,
      );
      const explicit = await commit(t, officer.auth, darmstadtId, {
        amountCents: 1000,
        date: '2020-11-02',
        phase: 'A',
        budgetYear: 2021,
      }).then((r) => r.body);
      expect([defaulted.budgetYear, explicit.budgetYear]).toEqual([2020, 2021]);
    });

    it('accepts entries on the first and the last day of the programme', async () => {
      const first = await commit(t, officer.auth, darmstadtId, { amountCents: 1, date: '2019-01-01', budgetYear: 2019 });
      const last = await disburse(t, officer.auth, darmstadtId, { amountCents: 1, date: '2030-12-31', budgetYear: 2030 });
      expect([first.status, last.status]).toEqual([201, 201]);
    });
  });

  describe('the funding summary', () => {
    it('shows zeros and a null grant for a project whose grant is unknown and that has no entries', async () => {
      const [unknown] = await projectsWithUnknownGrant(t);
      const res = await t.http.get(`/api/v1/projects/${unknown}/funding`).set('Authorization', officer.auth).expect(200);
      expect(res.body).toEqual({
        projectId: unknown,
        grantCents: null,
        committedCents: 0,
        disbursedCents: 0,
        reversedCommitmentCents: 0,
        reversedDisbursementCents: 0,
        repaidCents: 0,
        reportedSpendCents: 0,
        remainingCents: 0,
        status: 'active',
        toBeRecoveredCents: null,
        commitments: [],
        disbursements: [],
        repayments: [],
      });
    });

    it('counts the spending of submitted and accepted reports only', async () => {
      const target = (await projectsWithUnknownGrant(t))[1];
      const amounts: Record<ReportStatus, number[]> = {
        draft: [1_000_000],
        submitted: [25_000_003, 17],
        accepted: [9_999_999_999],
        changes_requested: [5_000],
      };
      let period = 1;
      for (const [status, lines] of Object.entries(amounts) as [ReportStatus, number[]][]) {
        const report = await t.dataSource.getRepository(Report).save({
          projectId: target,
          period: `202${period++}-H1`,
          type: 'progress',
          status,
          version: 1,
          dueDate: '2025-08-31',
        });
        await t.dataSource
          .getRepository(ReportSpending)
          .insert(lines.map((amountCents) => ({ reportId: report.id, costCategory: 'services' as const, amountCents })));
      }
      const res = await t.http.get(`/api/v1/projects/${target}/funding`).set('Authorization', auditor.auth).expect(200);
      expect(res.body.reportedSpendCents).toBe(25_000_003 + 17 + 9_999_999_999);
    });
  });

  describe('who may see and record funding', () => {
    it('lets a municipality read its own project and hides the others (404, as if they did not exist)', async () => {
      await t.http.get(`/api/v1/projects/${kasselId}/funding`).set('Authorization', kassel.auth).expect(200);
      const res = await t.http.get(`/api/v1/projects/${darmstadtId}/funding`).set('Authorization', kassel.auth).expect(404);
      expect(res.body.code).toBe('PROJECT.NOT_FOUND');
      await t.http.get(`/api/v1/projects/${darmstadtId}/funding`).set('Authorization', darmstadt.auth).expect(200);
    });

    it('lets an auditor read any project', async () => {
      await t.http.get(`/api/v1/projects/${kasselId}/funding`).set('Authorization', auditor.auth).expect(200);
      await t.http.get(`/api/v1/projects/${darmstadtId}/funding`).set('Authorization', auditor.auth).expect(200);
    });

    it('needs a token to read', async () => {
      const res = await t.http.get(`/api/v1/projects/${kasselId}/funding`).expect(401);
      expect(res.body.code).toBe('AUTH.TOKEN_MISSING');
    });

    it.each([
      ['commitments', commitmentBody()],
      ['disbursements', disbursementBody()],
    ])('refuses %s from municipalities and auditors (403) and from anonymous callers (401)', async (route, body) => {
      for (const account of [kassel, auditor]) {
        await refused(
          () => t.http.post(`/api/v1/projects/${kasselId}/${route}`).set('Authorization', account.auth).send(body),
          403,
          'AUTH.ROLE_NOT_ALLOWED',
        );
      }
      await refused(() => t.http.post(`/api/v1/projects/${kasselId}/${route}`).send(body), 401, 'AUTH.TOKEN_MISSING');
    });

    it.each(['funding', 'commitments', 'disbursements'])(
      'answers 400 naming id for a malformed project id and 404 for an unknown one (%s)',
      async (route) => {
        const call = (id: string) =>
          route === 'funding'
            ? t.http.get(`/api/v1/projects/${id}/funding`).set('Authorization', officer.auth)
            : t.http
                .post(`/api/v1/projects/${id}/${route}`)
                .set('Authorization', officer.auth)
                .send(route === 'commitments' ? commitmentBody() : disbursementBody());
        for (const bad of ['abc', '0', '-1', '1.5', '1e3', '99999999999']) {
          const res = await refused(() => call(bad), 400, 'VALIDATION.INVALID');
          expect(res.body.details).toEqual([expect.objectContaining({ field: 'id' })]);
        }
        const res = await refused(() => call('999999'), 404, 'PROJECT.NOT_FOUND');
        expect(res.body.message).toContain('999999');
      },
    );
  });

  describe('the rules (422, nothing written)', () => {
    let project: number;
    beforeAll(async () => {
      project = await projectId(t, 'solingen');
      await commit(t, officer.auth, project, { amountCents: 300_000, date: '2020-05-04' }).then((r) => expect(r.status).toBe(201));
      await disburse(t, officer.auth, project, { amountCents: 100_000, date: '2020-06-01', budgetYear: 2020 }).then((r) =>
        expect(r.status).toBe(201),
      );
    });

    it('FUNDING.OVER_DISBURSED: disbursements may not exceed the commitments', async () => {
      const res = await refused(() => disburse(t, officer.auth, project, { amountCents: 200_001 }), 422, 'FUNDING.OVER_DISBURSED');
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'amountCents', committedCents: 300_000, disbursedCents: 100_000, availableCents: 200_000 }),
      ]);
      // Exactly up to the commitment is fine.
      expect((await disburse(t, officer.auth, project, { amountCents: 200_000 })).status).toBe(201);
      await refused(() => disburse(t, officer.auth, project, { amountCents: 1 }), 422, 'FUNDING.OVER_DISBURSED');
    });

    it('FUNDING.OVER_DISBURSED: nothing can be disbursed before anything is committed', async () => {
      const fresh = await projectId(t, 'ulm');
      await refused(() => disburse(t, officer.auth, fresh, { amountCents: 1 }), 422, 'FUNDING.OVER_DISBURSED');
    });

    it("FUNDING.OVER_GRANT: a project's commitments may not exceed its known grant", async () => {
      const target = await projectId(t, 'ulm');
      const grant = (await t.http.get(`/api/v1/projects/${target}/funding`).set('Authorization', officer.auth)).body.grantCents as number;
      expect(grant).toBeGreaterThan(0);
      await refused(() => commit(t, officer.auth, target, { amountCents: grant + 1 }), 422, 'FUNDING.OVER_GRANT');
      expect((await commit(t, officer.auth, target, { amountCents: grant - 10 })).status).toBe(201);
      const res = await refused(() => commit(t, officer.auth, target, { amountCents: 11 }), 422, 'FUNDING.OVER_GRANT');
      expect(res.body.details).toEqual([expect.objectContaining({ grantCents: grant, committedCents: grant - 10, availableCents: 10 })]);
      expect((await commit(t, officer.auth, target, { amountCents: 10 })).status).toBe(201);
    });

    it.each([
      ['commitments', '2018-12-31'],
      ['commitments', '2031-01-01'],
      ['disbursements', '2018-12-31'],
      ['disbursements', '2031-01-01'],
    ])('FUNDING.DATE_OUTSIDE_PROGRAMME: %s dated %s', async (route, date) => {
      const send = () =>
        route === 'commitments'
          ? commit(t, officer.auth, project, { amountCents: 1, date })
          : disburse(t, officer.auth, project, { amountCents: 1, date, budgetYear: 2019 });
      const res = await refused(send, 422, 'FUNDING.DATE_OUTSIDE_PROGRAMME');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'date', startsOn: '2019-01-01', endsOn: '2030-12-31' })]);
    });

    it('FUNDING.BEFORE_COMMITMENT: a disbursement dated before the first commitment', async () => {
      const res = await refused(
        () => disburse(t, officer.auth, kasselId, { amountCents: 1, date: '2021-03-14', budgetYear: 2021 }),
        422,
        'FUNDING.BEFORE_COMMITMENT',
      );
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'date', firstCommitmentDate: '2021-03-15' })]);
      // On the day of the commitment it is allowed.
      expect((await disburse(t, officer.auth, kasselId, { amountCents: 1, date: '2021-03-15', budgetYear: 2021 })).status).toBe(201);
    });

    it("refuses a budget year outside the programme's years, or after the payment year, naming budgetYear (400)", async () => {
      const cases = [
        () => commit(t, officer.auth, project, { budgetYear: 2018 }),
        () => commit(t, officer.auth, project, { budgetYear: 2031 }),
        () => disburse(t, officer.auth, project, { amountCents: 1, budgetYear: 2018 }),
        () => disburse(t, officer.auth, project, { amountCents: 1, date: '2022-06-30', budgetYear: 2023 }),
      ];
      for (const send of cases) {
        const res = await refused(send, 400, 'VALIDATION.INVALID');
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'budgetYear' })]);
      }
    });
  });

  describe('bad input (400 naming the field, nothing written)', () => {
    const money: [string, unknown][] = [
      ['zero', 0],
      ['negative', -100],
      ['a fraction', 1.5],
      ['a string', '100'],
      ['huge', 1e20],
      ['above the programme budget', 82_000_000_001],
      ['null', null],
      ['an object', { value: 1 }],
      ['a boolean', true],
    ];
    const dates: [string, unknown][] = [
      ['30 February', '2025-02-30'],
      ['month 13', '2025-13-01'],
      ['German order', '15.03.2021'],
      ['a timestamp', '2021-03-15T00:00:00Z'],
      ['a number', 20210315],
      ['empty', ''],
    ];

    describe.each([
      ['commitments', commitmentBody],
      ['disbursements', disbursementBody],
    ] as const)('on %s', (route, body) => {
      const post = (payload: unknown) =>
        t.http
          .post(`/api/v1/projects/${kasselId}/${route}`)
          .set('Authorization', officer.auth)
          .send(payload as object);

      async function expectField(payload: unknown, field: string) {
        const res = await refused(() => post(payload), 400, 'VALIDATION.INVALID');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
        return res;
      }

      it.each(money)('amountCents %s', (_, amountCents) => expectField(body({ amountCents }), 'amountCents'));

      it.each(dates)('date %s', (_, date) => expectField(body({ date }), 'date'));

      it('missing required fields, each named', async () => {
        const res = await refused(() => post({}), 400, 'VALIDATION.INVALID');
        const fields = new Set(res.body.details.map((d: { field: string }) => d.field));
        const required = route === 'commitments' ? ['amountCents', 'date', 'phase'] : ['amountCents', 'date', 'budgetYear'];
        expect([...fields].sort()).toEqual(required.sort());
      });

      it.each([
        ['a fraction', 2021.5],
        ['a string', '2021'],
        ['absurd', 99999],
      ])('budgetYear %s', (_, budgetYear) => expectField(body({ budgetYear }), 'budgetYear'));

      it('a note longer than 2000 characters, or not text', async () => {
        await expectField(body({ note: 'x'.repeat(2001) }), 'note');
        await expectField(body({ note: 42 }), 'note');
      });

      it.each(['createdById', 'projectId', 'id', 'createdAt', 'isAdmin'])('unknown field %s (no mass assignment)', (field) =>
        expectField(body({ [field]: 1 }), field),
      );

      if (route === 'commitments') {
        it.each(['C', 'a', '', null])('phase %p', (phase) => expectField(body({ phase }), 'phase'));
      }

      it('a 1 MB note is refused as too large (413)', async () => {
        await refused(() => post(body({ note: 'x'.repeat(1024 * 1024) })), 413, 'REQUEST.TOO_LARGE');
      });

      it.each([
        ['malformed JSON', '{"amountCents": 100,', 'REQUEST.MALFORMED'],
        ['a bare string', '"hello"', 'VALIDATION.INVALID'],
        ['an array', '[]', 'VALIDATION.INVALID'],
        ['null', 'null', 'VALIDATION.INVALID'],
        ['a number', '42', 'VALIDATION.INVALID'],
      ])('%s as the body', async (_, raw, code) => {
        const res = await refused(
          () =>
            t.http
              .post(`/api/v1/projects/${kasselId}/${route}`)
              .set('Authorization', officer.auth)
              .set('Content-Type', 'application/json')
              .send(raw),
          400,
          code,
        );
        expect(res.body).toMatchObject({ statusCode: 400, message: expect.any(String) });
      });

      it('malformed JSON is a REQUEST.MALFORMED', async () => {
        await refused(
          () =>
            t.http
              .post(`/api/v1/projects/${kasselId}/${route}`)
              .set('Authorization', officer.auth)
              .set('Content-Type', 'application/json')
              .send('{"amountCents": 1'),
          400,
          'REQUEST.MALFORMED',
        );
      });

      it('a plain-text body', async () => {
        // JSON is the only body the API reads: any other content type is a 415, nothing written.
        await refused(
          () =>
            t.http
              .post(`/api/v1/projects/${kasselId}/${route}`)
              .set('Authorization', officer.auth)
              .set('Content-Type', 'text/plain')
              .send('amountCents=1'),
          415,
          'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        );
      });
    });
  });
});
