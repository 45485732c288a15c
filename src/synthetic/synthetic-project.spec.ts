import { CATEGORY_CODES } from '../programme/category.entity';
import { COST_CATEGORIES } from '../reports/report-parts.entity';
import { submissionProblems } from '../reports/report-content';
import type { ReportContentDto } from '../reports/report.dto';
import { REPORT_STATUSES } from '../reports/report.entity';
import { parsePeriod, periodContaining, periodDueDate } from '../reports/reporting-calendar';
import type { ProjectPlan, SyntheticContext } from './synthetic-project';
import { planSyntheticProject, syntheticProgrammeLife, syntheticRoundOf, syntheticRoundSizes } from './synthetic-project';

/*
 * The planner alone, without a database: thousands of projects in a second,
 * so the rules every synthetic project keeps are checked on many of them.
 */

const ctx: SyntheticContext = { seed: 20260101, projects: 2000, years: 4 };
const plans: ProjectPlan[] = Array.from({ length: ctx.projects }, (_, i) => planSyntheticProject(ctx, i + 1));
const life = syntheticProgrammeLife(ctx.years);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Every project (or report) that breaks a rule, named, so a failure says which and why. */
function violations<T>(items: T[], rule: (item: T) => string | null): string[] {
  const found: string[] = [];
  for (const item of items) {
    const problem = rule(item);
    if (problem) found.push(problem);
  }
  return found.slice(0, 10);
}

const firstCommitment = (p: ProjectPlan) => p.commitments.map((c) => c.date).sort()[0];
const reportsOf = (list: ProjectPlan[]) => list.flatMap((p) => p.reports.map((r) => ({ slug: p.slug, ...r })));

describe('a synthetic project', () => {
  it('is the same every time it is planned, and named after its seed and number', () => {
    expect(planSyntheticProject(ctx, 17)).toEqual(planSyntheticProject(ctx, 17));
    expect(plans[0].slug).toBe('synth-20260101-000001');
    expect(planSyntheticProject({ ...ctx, projects: 1_500_000 }, 42).slug).toBe('synth-20260101-0000042');
    expect(plans[41].name).toContain('(synth-20260101-000042)');
    expect(planSyntheticProject({ ...ctx, seed: 1 }, 17)).not.toEqual(planSyntheticProject(ctx, 17));
  });

  it('never commits more than its grant, and draws only what is committed by the day it draws', () => {
    expect(
      violations(plans, (p) => {
        const committed = sum(p.commitments.map((c) => c.amountCents));
        if (committed > p.plannedCents || (p.grantCents !== null && committed > p.grantCents))
          return `${p.slug}: commits ${committed} of a grant of ${p.grantCents}`;
        const amounts = [...p.commitments, ...p.disbursements].map((x) => x.amountCents);
        if (!amounts.every((a) => Number.isSafeInteger(a) && a > 0)) return `${p.slug}: an amount is not a positive whole number of cents`;
        let drawn = 0;
        for (const d of p.disbursements) {
          drawn += d.amountCents;
          if (d.date <= firstCommitment(p)) return `${p.slug}: draws on ${d.date}, before its first commitment`;
          if (d.budgetYear !== Number(d.date.slice(0, 4))) return `${p.slug}: budget year ${d.budgetYear} of a drawdown on ${d.date}`;
          const committedBy = sum(p.commitments.filter((c) => c.date <= d.date).map((c) => c.amountCents));
          if (drawn > committedBy) return `${p.slug}: has drawn ${drawn} by ${d.date}, with ${committedBy} committed`;
        }
        return null;
      }),
    ).toEqual([]);
  });

  it('is funded within the programme life, in its round, phase A before phase B', () => {
    expect(
      violations(plans, (p) => {
        const outside = [...p.commitments, ...p.disbursements].find((x) => x.date < life.startsOn || x.date > life.endsOn);
        if (outside) return `${p.slug}: ${outside.date} is outside ${life.startsOn}..${life.endsOn}`;
        const [a, b] = [p.commitments.find((c) => c.phase === 'A'), p.commitments.find((c) => c.phase === 'B')];
        if (a && b && b.date <= a.date) return `${p.slug}: phase B committed on ${b.date}, not after A on ${a.date}`;
        if (p.phase !== (b ? 'B' : 'A')) return `${p.slug}: phase ${p.phase} with commitments ${p.commitments.map((c) => c.phase)}`;
        const roundYear = 2019 + p.roundNumber - 1;
        const first = firstCommitment(p);
        if (first < `${roundYear}-07-01` || first > `${roundYear + 1}-06-30`)
          return `${p.slug}: first commitment ${first} is not in round ${p.roundNumber}'s year`;
        return null;
      }),
    ).toEqual([]);
  });

  it('reports every half-year from its first commitment on, within the programme life, due a month after', () => {
    expect(
      violations(plans, (p) => {
        const start = periodContaining(firstCommitment(p), 'half_yearly');
        for (const [i, r] of p.reports.entries()) {
          const period = parsePeriod(r.period, 'half_yearly');
          if (period?.index !== start.index + i)
            return `${p.slug}: report ${i} is for ${r.period}, expected the period after ${start.key} + ${i}`;
          if (r.periodStart < life.startsOn || r.periodEnd > life.endsOn) return `${p.slug}: ${r.period} is outside the programme life`;
          if (r.dueDate !== periodDueDate(period, 1)) return `${p.slug}: ${r.period} due ${r.dueDate}`;
        }
        return null;
      }),
    ).toEqual([]);
  });

  it('has complete content wherever it was submitted, and parts that a report may hold', () => {
    const between = (n: number, min: number, max: number) => n >= min && n <= max;
    expect(
      violations(reportsOf(plans), (r) => {
        const where = `${r.slug} ${r.period}`;
        if (!REPORT_STATUSES.includes(r.status)) return `${where}: status ${r.status}`;
        if (r.status !== 'draft') {
          const problems = submissionProblems({ ...r, risks: [] } as unknown as ReportContentDto);
          if (problems.length || !r.submittedAt) return `${where}: ${r.status} but incomplete: ${JSON.stringify(problems)}`;
        }
        if ((r.status === 'accepted' || r.status === 'changes_requested') && !(r.reviewedAt! > r.submittedAt!))
          return `${where}: reviewed before it was submitted`;
        if (!between(r.milestones.length, 2, 4) || !between(r.indicators.length, 1, 3) || !between(r.spending.length, 1, 3))
          return `${where}: part counts`;
        if (new Set(r.milestones.map((m) => m.title)).size !== r.milestones.length) return `${where}: repeated milestone title`;
        if (r.milestones.some((m) => m.plannedDate < r.periodStart || m.plannedDate > r.periodEnd))
          return `${where}: milestone planned outside the period`;
        // One line per cost category, as the API accepts them.
        if (new Set(r.spending.map((x) => x.costCategory)).size !== r.spending.length)
          return `${where}: two spending lines of one category`;
        if (r.spending.some((x) => !COST_CATEGORIES.includes(x.costCategory) || !Number.isSafeInteger(x.amountCents) || x.amountCents < 1))
          return `${where}: bad spending line`;
        return null;
      }),
    ).toEqual([]);
  });

  it('comes in the promised proportions on average', () => {
    const reports = plans.flatMap((p) => p.reports);
    expect(mean(plans.map((p) => p.commitments.length))).toBeGreaterThan(1.3);
    expect(mean(plans.map((p) => p.commitments.length))).toBeLessThan(1.7);
    expect(mean(plans.map((p) => p.disbursements.length))).toBeGreaterThan(9);
    expect(mean(plans.map((p) => p.disbursements.length))).toBeLessThan(11);
    expect(mean(plans.map((p) => p.reports.length))).toBeGreaterThan(13);
    expect(mean(plans.map((p) => p.reports.length))).toBeLessThan(15);
    expect(mean(reports.map((r) => r.milestones.length))).toBeCloseTo(3, 1);
    expect(mean(reports.map((r) => r.indicators.length))).toBeCloseTo(2, 1);
    expect(mean(reports.map((r) => r.spending.length))).toBeCloseTo(2, 1);
    const known = plans.filter((p) => p.grantCents !== null).length / plans.length;
    expect(known).toBeGreaterThan(0.77);
    expect(known).toBeLessThan(0.83);
    for (const status of REPORT_STATUSES) expect(reports.some((r) => r.status === status)).toBe(true);
    for (const code of CATEGORY_CODES) expect(plans.some((p) => p.categoryCode === code)).toBe(true);
  });

  it('is led by one body; cooperations have 2 to 5 members, some across Länder', () => {
    const cooperations = plans.filter((p) => p.members.length > 0);
    expect(cooperations.length).toBeGreaterThan(plans.length * 0.1);
    for (const p of cooperations) {
      expect(p.members.length).toBeGreaterThanOrEqual(2);
      expect(p.members.length).toBeLessThanOrEqual(5);
      expect(p.members[0]).toEqual(p.lead);
    }
    expect(plans.filter((p) => p.stateCodes.length > 1).length).toBeGreaterThan(20);
    const names = plans.flatMap((p) => (p.members.length ? p.members : [p.lead]).map((b) => b.name));
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(plans.flatMap((p) => p.stateCodes)).size).toBe(16);
  });
});

describe('synthetic rounds', () => {
  it.each([
    [300, 3],
    [1, 12],
    [7, 12],
    [10_001, 7],
  ])('split %i projects over %i rounds in order, none lost', (projects, years) => {
    const c = { seed: 1, projects, years };
    const sizes = syntheticRoundSizes(c);
    expect(sum(sizes)).toBe(projects);
    expect(syntheticRoundOf(c, 1)).toBe(1);
    if (projects >= years) expect(syntheticRoundOf(c, projects)).toBe(years);
    let ordinal = 1;
    sizes.forEach((size, r) => {
      for (let k = 0; k < size; k++, ordinal++) expect(syntheticRoundOf(c, ordinal)).toBe(r + 1);
    });
  });

  it('give a programme life from 2019 to the last report of the last round', () => {
    expect(syntheticProgrammeLife(3)).toEqual({ startsOn: '2019-01-01', endsOn: '2030-12-31' });
    const last = planSyntheticProject({ seed: 3, projects: 50, years: 12 }, 50);
    expect(last.reports[last.reports.length - 1].periodEnd <= syntheticProgrammeLife(12).endsOn).toBe(true);
    expect(last.roundNumber).toBe(12);
    expect(last.commitments[0].date >= '2030-07-01').toBe(true);
  });
});
