import { Project } from '../src/projects/project.entity';
import { standardAccounts } from './support/accounts';
import { addCommitment, draft, freezeClock, overdue, patch, projectBySlug, review, submit } from './support/reports';
import type { TestApp } from './support/test-app';
import { CALENDAR_DAYS, createTestApp } from './support/test-app';

type Accounts = Awaited<ReturnType<typeof standardAccounts>>;
interface Entry {
  projectId: number;
  projectName: string;
  type: string;
  period: string;
  dueDate: string;
  daysLate: number;
  state: string;
  reportId: number | null;
  status: string | null;
}

const overdueEntry = (projectId: number, projectName: string, period: string, dueDate: string, daysLate: number): Entry => ({
  projectId,
  projectName,
  type: 'progress',
  period,
  dueDate,
  daysLate,
  state: 'overdue',
  reportId: null,
  status: null,
});

/** Statements the database runs while `work` runs: the query runner is where every query of either driver passes. */
async function queriesDuring(t: TestApp, work: () => Promise<unknown>): Promise<number> {
  const runner = t.dataSource.createQueryRunner();
  const prototype = Object.getPrototypeOf(runner) as { query: (...args: unknown[]) => Promise<unknown> };
  await runner.release();
  const spy = jest.spyOn(prototype, 'query');
  try {
    await work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('reports due and overdue', () => {
  let t: TestApp;
  let a: Accounts;
  let kassel: { id: number; name: string };
  let darmstadt: { id: number; name: string };
  const list = async (auth: string): Promise<Entry[]> => (await overdue(t, auth).expect(200)).body.items;
  const of = (entries: Entry[], projectId: number) => entries.filter((e) => e.projectId === projectId);

  beforeAll(async () => {
    t = await createTestApp(CALENDAR_DAYS);
    freezeClock(t, '2026-03-15T10:00:00.000Z');
    a = await standardAccounts(t);
    kassel = await projectBySlug(t, 'kassel');
    darmstadt = await projectBySlug(t, 'darmstadt');
    // Kassel went straight into implementation; Darmstadt's strategy phase was awarded on 20 September 2023.
    await addCommitment(t, kassel.id, '2021-06-01', 'B');
    await addCommitment(t, darmstadt.id, '2023-09-20', 'A');
  });
  afterAll(() => t.close());

  describe('on 15 March 2026, half-yearly reports due a month after the period', () => {
    it("lists every half-year since Kassel's B award with its due date and days late, most late first", async () => {
      const res = await overdue(t, a.officer.auth).expect(200);
      expect(res.body.asOf).toBe('2026-03-15');
      expect(of(res.body.items, kassel.id)).toEqual([
        overdueEntry(kassel.id, 'Kassel', '2021-H1', '2021-07-31', 1688),
        overdueEntry(kassel.id, 'Kassel', '2021-H2', '2022-01-31', 1504),
        overdueEntry(kassel.id, 'Kassel', '2022-H1', '2022-07-31', 1323),
        overdueEntry(kassel.id, 'Kassel', '2022-H2', '2023-01-31', 1139),
        overdueEntry(kassel.id, 'Kassel', '2023-H1', '2023-07-31', 958),
        overdueEntry(kassel.id, 'Kassel', '2023-H2', '2024-01-31', 774),
        overdueEntry(kassel.id, 'Kassel', '2024-H1', '2024-07-31', 592),
        overdueEntry(kassel.id, 'Kassel', '2024-H2', '2025-01-31', 408),
        overdueEntry(kassel.id, 'Kassel', '2025-H1', '2025-07-31', 227),
        overdueEntry(kassel.id, 'Kassel', '2025-H2', '2026-01-31', 43),
      ]);
    });

    it('shows a report falling due within 14 days as due, with 0 days late, after all overdue ones', async () => {
      const items = await list(a.officer.auth);
      expect(of(items, darmstadt.id)).toEqual([
        overdueEntry(darmstadt.id, 'Darmstadt', '2023-H2', '2024-01-31', 774),
        overdueEntry(darmstadt.id, 'Darmstadt', '2024-H1', '2024-07-31', 592),
        overdueEntry(darmstadt.id, 'Darmstadt', '2024-H2', '2025-01-31', 408),
        overdueEntry(darmstadt.id, 'Darmstadt', '2025-H1', '2025-07-31', 227),
        overdueEntry(darmstadt.id, 'Darmstadt', '2025-H2', '2026-01-31', 43),
        // Verwendungsnachweis phase A: 30 months after 20 September 2023.
        { ...overdueEntry(darmstadt.id, 'Darmstadt', 'A', '2026-03-20', 0), type: 'proof_of_use_a', state: 'due' },
      ]);
      const daysLate = items.map((e) => e.daysLate);
      expect(daysLate).toEqual([...daysLate].sort((x, y) => y - x));
      expect(items[items.length - 1]).toMatchObject({ type: 'proof_of_use_a', state: 'due' });
    });

    it('owes nothing for projects without a commitment', async () => {
      const res = await overdue(t, a.auditor.auth).expect(200);
      expect(new Set(res.body.items.map((e: Entry) => e.projectId))).toEqual(new Set([kassel.id, darmstadt.id]));
      expect(res.body.total).toBe(16);
    });

    it("a municipality sees only its own projects' entries", async () => {
      const forKassel = await overdue(t, a.kassel.auth).expect(200);
      expect(forKassel.body.total).toBe(10);
      expect(forKassel.body.items.every((e: Entry) => e.projectId === kassel.id)).toBe(true);
      const forDarmstadt = await overdue(t, a.darmstadt.auth).expect(200);
      expect(forDarmstadt.body.total).toBe(6);
      expect(forDarmstadt.body.items.every((e: Entry) => e.projectId === darmstadt.id)).toBe(true);
    });

    it('counts from the first commitment of a phase: a later one changes nothing', async () => {
      const before = await list(a.officer.auth);
      await addCommitment(t, kassel.id, '2022-05-01', 'B');
      expect(await list(a.officer.auth)).toEqual(before);
    });
  });

  describe('reports on their way', () => {
    let reportId: number;
    const entry = async () => (await list(a.kassel.auth)).find((e) => e.period === '2025-H2');

    it('a draft still counts as owed, and the entry points at it', async () => {
      reportId = (await draft(t, a.kassel.auth, kassel.id, { period: '2025-H2' }).expect(201)).body.id;
      expect(await entry()).toMatchObject({ daysLate: 43, state: 'overdue', reportId, status: 'draft' });
    });

    it('once Kassel submits, the period leaves the list', async () => {
      await submit(t, a.kassel.auth, reportId).expect(200);
      expect(await entry()).toBeUndefined();
      expect(await list(a.kassel.auth)).toHaveLength(9);
    });

    it('sent back for changes, it is owed again', async () => {
      await review(t, a.officer.auth, reportId, { decision: 'request_changes', comment: 'Ausgaben aufschlüsseln.' }).expect(200);
      expect(await entry()).toMatchObject({ daysLate: 43, reportId, status: 'changes_requested' });
    });

    it('resubmitted and accepted, it is gone for good', async () => {
      await patch(t, a.kassel.auth, reportId, 3, { spending: [{ costCategory: 'services', amountCents: 2_000_000 }] }).expect(200);
      await submit(t, a.kassel.auth, reportId).expect(200);
      await review(t, a.officer.auth, reportId, { decision: 'accept' }).expect(200);
      expect(await entry()).toBeUndefined();
    });
  });

  describe('proof-of-use deadlines', () => {
    afterAll(() => freezeClock(t, '2026-03-15T10:00:00.000Z'));
    const proof = async (auth: string, type: string) => (await list(auth)).find((e) => e.type === type);

    it('phase B: listed from 14 days before 5 years 6 months after the B award, late from the day after', async () => {
      freezeClock(t, '2026-11-16T12:00:00.000Z');
      expect(await proof(a.kassel.auth, 'proof_of_use_b')).toBeUndefined();
      freezeClock(t, '2026-11-17T12:00:00.000Z');
      expect(await proof(a.kassel.auth, 'proof_of_use_b')).toMatchObject({ period: 'B', dueDate: '2026-12-01', daysLate: 0, state: 'due' });
      freezeClock(t, '2026-12-01T23:59:59.000Z');
      expect(await proof(a.kassel.auth, 'proof_of_use_b')).toMatchObject({ daysLate: 0, state: 'due' });
      freezeClock(t, '2026-12-02T00:00:00.000Z');
      expect(await proof(a.kassel.auth, 'proof_of_use_b')).toMatchObject({ dueDate: '2026-12-01', daysLate: 1, state: 'overdue' });
    });

    it('phase A: 30 months after the A award', async () => {
      freezeClock(t, '2026-03-05T12:00:00.000Z');
      expect(await proof(a.darmstadt.auth, 'proof_of_use_a')).toBeUndefined();
      freezeClock(t, '2026-03-06T12:00:00.000Z');
      expect(await proof(a.darmstadt.auth, 'proof_of_use_a')).toMatchObject({ dueDate: '2026-03-20', daysLate: 0, state: 'due' });
      freezeClock(t, '2026-04-19T12:00:00.000Z');
      expect(await proof(a.darmstadt.auth, 'proof_of_use_a')).toMatchObject({ dueDate: '2026-03-20', daysLate: 30, state: 'overdue' });
    });

    it('a submitted proof of use is no longer owed', async () => {
      freezeClock(t, '2026-04-19T12:00:00.000Z');
      const id = (await draft(t, a.darmstadt.auth, darmstadt.id, { type: 'proof_of_use_a', period: 'A' }).expect(201)).body.id;
      expect(await proof(a.darmstadt.auth, 'proof_of_use_a')).toMatchObject({ reportId: id, status: 'draft' });
      await submit(t, a.darmstadt.auth, id).expect(200);
      expect(await proof(a.darmstadt.auth, 'proof_of_use_a')).toBeUndefined();
    });
  });

  describe('cost', () => {
    it('takes the same few queries for two projects as for twenty-two', async () => {
      const few = await queriesDuring(t, () => overdue(t, a.officer.auth).expect(200));
      const others = await t.dataSource.getRepository(Project).find({ order: { id: 'ASC' }, take: 25 });
      const extra = others.filter((p) => p.id !== kassel.id && p.id !== darmstadt.id).slice(0, 20);
      for (const project of extra) await addCommitment(t, project.id, '2022-03-01', 'B');
      let total = 0;
      const many = await queriesDuring(t, async () => {
        total = (await overdue(t, a.officer.auth).expect(200)).body.total;
      });
      expect(total).toBeGreaterThan(150);
      expect(few).toBeGreaterThanOrEqual(3);
      expect(many).toBe(few);
      expect(many).toBeLessThanOrEqual(5);
    });
  });
});

describe('reports due and overdue under a quarterly cadence, due two months after the quarter', () => {
  let t: TestApp;
  let a: Accounts;
  let kassel: number;
  beforeAll(async () => {
    t = await createTestApp({ ...CALENDAR_DAYS, reporting: { cadence: 'quarterly', dueMonthsAfterPeriod: 2 } });
    freezeClock(t, '2026-03-15T10:00:00.000Z');
    a = await standardAccounts(t);
    kassel = (await projectBySlug(t, 'kassel')).id;
    await addCommitment(t, kassel, '2025-05-10', 'B');
  });
  afterAll(() => t.close());

  it('owes every quarter since the award, each due at the end of the second month after it', async () => {
    const items: Entry[] = (await overdue(t, a.kassel.auth).expect(200)).body.items;
    expect(items).toEqual([
      overdueEntry(kassel, 'Kassel', '2025-Q2', '2025-08-31', 196),
      overdueEntry(kassel, 'Kassel', '2025-Q3', '2025-11-30', 105),
      overdueEntry(kassel, 'Kassel', '2025-Q4', '2026-02-28', 15),
    ]);
  });

  it('drafts quarterly reports and refuses half-years', async () => {
    const res = await draft(t, a.kassel.auth, kassel, { period: '2025-Q3' }).expect(201);
    expect(res.body.dueDate).toBe('2025-11-30');
    const wrong = await draft(t, a.kassel.auth, kassel, { period: '2025-H2' }).expect(400);
    expect(wrong.body.details).toEqual([{ field: 'period', message: expect.stringContaining('2025-Q3') }]);
    expect((await draft(t, a.kassel.auth, kassel, { period: '2026-Q2' }).expect(422)).body.code).toBe('REPORT.PERIOD_IN_FUTURE');
  });
});
