import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { Commitment } from '../funding/commitment.entity';
import { Disbursement } from '../funding/disbursement.entity';
import { Category } from '../programme/category.entity';
import { FundingRound } from '../programme/funding-round.entity';
import { Programme } from '../programme/programme.entity';
import { State } from '../programme/state.entity';
import { Project } from '../projects/project.entity';
import { ReportIndicator, ReportMilestone, ReportSpending } from '../reports/report-parts.entity';
import { Report } from '../reports/report.entity';
import { storeProgressFigures } from '../reports/report-progress-figures';
import { SEEDS_DIR } from '../seeds/programme-seed';
import { insertReturningIds, insertRows } from './bulk-insert';
import type { SyntheticOptions } from './synthetic-options';
import type { StrategyCounts } from './synthetic-strategy-writer';
import { type LatestReport, writeStrategies, zeroStrategyCounts } from './synthetic-strategy-writer';
import { checkSyntheticOptions } from './synthetic-options';
import { realProgramme, seedExists } from './synthetic.errors';
import type { ProjectPlan, SyntheticContext } from './synthetic-project';
import {
  planSyntheticProject,
  SYNTHETIC_FIRST_YEAR,
  syntheticProgrammeLife,
  syntheticProjectProfile,
  syntheticRoundSizes,
} from './synthetic-project';

export { SyntheticPortfolioError } from './synthetic.errors';

export interface SyntheticPortfolioResult {
  programmeId: number;
  projects: number;
  bodies: number;
  commitments: number;
  disbursements: number;
  reports: number;
  milestones: number;
  indicators: number;
  spendingLines: number;
  /** Strategy cascades (issue 14) and what hangs from them. */
  strategy: StrategyCounts;
  ms: number;
}

/** Projects generated and written per transaction: ≈ 120 000 rows, a few seconds of work. */
const CHUNK = 1000;
const EUR_MILLION_CENTS = 100_000_000;
/** Negative: KiB rather than pages. 256 MiB. */
const SQLITE_LOAD_CACHE_KIB = -262_144;

/**
 * Fills the database with a synthetic programme "SYNTH-<seed>" for benchmarks:
 * `projects` projects over `years` rounds from 2019, each with bodies,
 * commitments, disbursements and half-yearly progress reports with their
 * milestones, indicators and spending. The same options give the same rows
 * (ids aside). Refuses, before writing anything, a database holding the real
 * programme (unless `force`) or a synthetic programme of the same seed.
 *
 * Writes through `dataSource.transaction`, one per chunk of projects, not
 * TransactionService: the caller (the CLI, a test) must be the only writer.
 * `onProgress(done, total, stage)` is called with stage 'setup' (0 done),
 * 'projects' after each chunk, 'analyze' (PostgreSQL only) and 'done'.
 */
export async function generateSyntheticPortfolio(dataSource: DataSource, options: SyntheticOptions): Promise<SyntheticPortfolioResult> {
  const started = performance.now();
  const { projects, years, seed, force } = checkSyntheticOptions(options);
  const ctx: SyntheticContext = { seed, projects, years };
  const code = `SYNTH-${seed}`;
  const progress = (done: number, stage: string) => options.onProgress?.(done, projects, stage);

  await refuseUnsafeTarget(dataSource, code, force);
  progress(0, 'setup');

  const { programmeId, roundIds } = await dataSource.transaction((manager) => createProgramme(manager, ctx, code));
  const counts: Counts = {
    bodies: 0,
    commitments: 0,
    disbursements: 0,
    reports: 0,
    milestones: 0,
    indicators: 0,
    spendingLines: 0,
    strategy: zeroStrategyCounts(),
  };
  await withLargeSqliteCache(dataSource, async () => {
    for (let first = 1; first <= projects; first += CHUNK) {
      const last = Math.min(projects, first + CHUNK - 1);
      await dataSource.transaction(async (manager) => {
        const plans: ProjectPlan[] = [];
        for (let ordinal = first; ordinal <= last; ordinal++) plans.push(planSyntheticProject(ctx, ordinal));
        await writeProjects(manager, programmeId, roundIds, plans, counts);
      });
      progress(last, 'projects');
    }
  });

  if (dataSource.options.type === 'postgres') {
    // Fresh statistics, as autovacuum would gather them soon: benchmarks should not measure a planner that thinks the tables are empty.
    progress(projects, 'analyze');
    await dataSource.query(
      'ANALYZE body, project, project_member, project_state, commitment, disbursement, report, report_milestone, report_indicator, report_spending, ' +
        'strategy, strategy_goal, strategy_measure, strategy_measure_term, strategy_version, report_measure_progress, report_indicator_actual',
    );
  }
  progress(projects, 'done');
  return { programmeId, projects, ...counts, ms: Math.round(performance.now() - started) };
}

/**
 * SQLite's page cache is 2 MiB by default; once the indexes (a report's
 * status, due date, …) outgrow it, every insert reads pages back from the
 * file. A larger cache for the load, on this connection only, then back.
 */
async function withLargeSqliteCache<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'better-sqlite3') return work();
  const [{ cache_size: previous }] = (await dataSource.query('PRAGMA cache_size')) as { cache_size: number }[];
  await dataSource.query(`PRAGMA cache_size = ${SQLITE_LOAD_CACHE_KIB}`);
  try {
    return await work();
  } finally {
    await dataSource.query(`PRAGMA cache_size = ${Number(previous)}`);
  }
}

async function refuseUnsafeTarget(dataSource: DataSource, code: string, force: boolean): Promise<void> {
  const programmes = await dataSource
    .getRepository(Programme)
    .find({ select: { id: true, code: true, synthetic: true }, order: { id: 'ASC' } });
  const real = programmes.filter((p) => !p.synthetic);
  if (real.length > 0 && !force) {
    throw realProgramme(real.map((p) => p.code));
  }
  const same = programmes.find((p) => p.code === code);
  if (same) {
    // A run that stopped half-way (killed, disk full) leaves its finished chunks behind: say so, since its rows are not the whole portfolio.
    const [{ planned }] = await dataSource.query(
      `SELECT COALESCE(SUM(selected_count), 0) AS planned FROM funding_round WHERE programme_id = ${same.id}`,
    );
    const [{ written }] = await dataSource.query(`SELECT COUNT(*) AS written FROM project WHERE programme_id = ${same.id}`);
    const incomplete =
      Number(written) < Number(planned)
        ? ` It is incomplete (${Number(written)} of ${Number(planned)} projects): an earlier run stopped.`
        : '';
    throw seedExists(code, same.id, incomplete);
  }
}

interface ReferenceData {
  states: { code: string; name: string }[];
  categories: { code: string; name: string }[];
}

/** The 16 Länder and the 4 categories, from the real seed's programme.json (inserted where missing, so an empty database works). */
async function ensureReferenceData(manager: EntityManager): Promise<void> {
  const file = JSON.parse(readFileSync(join(SEEDS_DIR, 'programme.json'), 'utf8')) as ReferenceData;
  const haveStates = new Set((await manager.getRepository(State).find({ select: { code: true } })).map((s) => s.code));
  await insertRows(
    manager,
    State,
    file.states.filter((s) => !haveStates.has(s.code)).map((s) => ({ code: s.code, name: s.name })),
  );
  const haveCategories = new Set<string>((await manager.getRepository(Category).find({ select: { code: true } })).map((c) => c.code));
  await insertRows(
    manager,
    Category,
    file.categories.map((c, i) => ({ code: c.code, name: c.name, sortOrder: i + 1 })).filter((c) => !haveCategories.has(c.code)),
  );
}

async function createProgramme(
  manager: EntityManager,
  ctx: SyntheticContext,
  code: string,
): Promise<{ programmeId: number; roundIds: number[] }> {
  await ensureReferenceData(manager);
  // The budget covers every project's planned grant (so commitments never exceed it), rounded up to a million euros.
  let planned = 0;
  for (let ordinal = 1; ordinal <= ctx.projects; ordinal++) planned += syntheticProjectProfile(ctx, ordinal).plannedCents;
  const budgetCents = Math.ceil(planned / EUR_MILLION_CENTS) * EUR_MILLION_CENTS;
  const life = syntheticProgrammeLife(ctx.years);
  const command = `npm run seed:synthetic -- --projects ${ctx.projects} --years ${ctx.years} --seed ${ctx.seed}`;
  const [programmeId] = await insertReturningIds(
    manager,
    Programme,
    [
      {
        code,
        name: `SYNTHETIC – benchmark portfolio (seed ${ctx.seed}): ${ctx.projects} projects in ${ctx.years} rounds, not real data`,
        budgetCents,
        currency: 'EUR',
        standardRateBp: 6500,
        reducedRateBp: 9000,
        kfwProgramme: null,
        startsOn: life.startsOn,
        endsOn: life.endsOn,
        synthetic: true,
        source: `Synthetic data, not the programme Modellprojekte Smart Cities: generated deterministically by \`${command}\` for load tests and benchmarks.`,
      },
    ],
    ['code'],
  );

  const sizes = syntheticRoundSizes(ctx);
  const rounds = sizes.map((selectedCount, i) => ({
    programmeId,
    number: i + 1,
    year: SYNTHETIC_FIRST_YEAR + i,
    motto: `Synthetische Staffel ${i + 1}`,
    selectedCount,
    announcedOn: `${SYNTHETIC_FIRST_YEAR + i}-06-30`,
    source: `synthetic (seed ${ctx.seed})`,
  }));
  const roundIds = await insertReturningIds(manager, FundingRound, rounds, ['programmeId', 'number']);
  return { programmeId, roundIds };
}

type Counts = Omit<SyntheticPortfolioResult, 'programmeId' | 'projects' | 'ms'>;

async function writeProjects(
  manager: EntityManager,
  programmeId: number,
  roundIds: number[],
  plans: ProjectPlan[],
  counts: Counts,
): Promise<void> {
  const bodies = plans.flatMap((p) => (p.members.length ? p.members : [p.lead]));
  const bodyIds = await insertReturningIds(manager, Body, bodies, ['name']);
  const bodyId = new Map(bodies.map((b, i) => [b.name, bodyIds[i]]));

  const projectIds = await insertReturningIds(
    manager,
    Project,
    plans.map((p) => ({
      programmeId,
      slug: p.slug,
      name: p.name,
      motto: p.motto,
      roundId: roundIds[p.roundNumber - 1],
      categoryCode: p.categoryCode,
      leadBodyId: bodyId.get(p.lead.name),
      grantCents: p.grantCents,
      grantUncertain: p.grantUncertain,
      source: p.source,
      phase: p.phase,
      status: p.status,
      searchText: p.searchText,
    })),
    ['slug'],
  );

  await insertRows(
    manager,
    'project_member',
    plans.flatMap((p, i) => p.members.map((m) => ({ project_id: projectIds[i], body_id: bodyId.get(m.name) }))),
  );
  await insertRows(
    manager,
    'project_state',
    plans.flatMap((p, i) => p.stateCodes.map((code) => ({ project_id: projectIds[i], state_code: code }))),
  );

  const commitments = plans.flatMap((p, i) =>
    p.commitments.map((c) => ({ projectId: projectIds[i], ...c, note: null, createdById: null })),
  );
  await insertRows(manager, Commitment, commitments);
  const disbursements = plans.flatMap((p, i) =>
    p.disbursements.map((d) => ({ projectId: projectIds[i], ...d, note: null, createdById: null })),
  );
  await insertRows(manager, Disbursement, disbursements);

  const latestReports = await writeReports(manager, plans, projectIds, counts);
  await writeStrategies(
    manager,
    plans.map((p) => p.strategy),
    projectIds,
    latestReports,
    counts.strategy,
  );

  counts.bodies += bodies.length;
  counts.commitments += commitments.length;
  counts.disbursements += disbursements.length;
}

/** The projects' progress reports with their milestones, indicators and spending lines; answers each project's latest delivered report. */
async function writeReports(
  manager: EntityManager,
  plans: ProjectPlan[],
  projectIds: number[],
  counts: Counts,
): Promise<(LatestReport | null)[]> {
  const reports = plans.flatMap((p, i) => p.reports.map((r) => ({ projectId: projectIds[i], plan: r })));
  const reportIds = await insertReturningIds(
    manager,
    Report,
    reports.map(({ projectId, plan: r }) => ({
      projectId,
      period: r.period,
      type: 'progress',
      status: r.status,
      version: r.version,
      dueDate: r.dueDate,
      narrative: r.narrative,
      overallStatus: r.overallStatus,
      overallStatusReason: r.overallStatusReason,
      submittedAt: r.submittedAt,
      reviewedAt: r.reviewedAt,
      reviewedById: null,
      reviewComment: r.reviewComment,
      createdById: null,
      spendingCents: r.spending.reduce((sum, line) => sum + line.amountCents, 0),
    })),
    ['projectId', 'type', 'period'],
  );
  const milestones = reports.flatMap(({ plan }, i) => plan.milestones.map((m) => ({ reportId: reportIds[i], ...m })));
  await insertRows(manager, ReportMilestone, milestones);
  const indicators = reports.flatMap(({ plan }, i) => plan.indicators.map((x) => ({ reportId: reportIds[i], ...x })));
  await insertRows(manager, ReportIndicator, indicators);
  await storeProgressFigures(manager, reportIds);
  const spending = reports.flatMap(({ plan }, i) => plan.spending.map((s) => ({ reportId: reportIds[i], ...s })));
  await insertRows(manager, ReportSpending, spending);
  counts.reports += reports.length;
  counts.milestones += milestones.length;
  counts.indicators += indicators.length;
  counts.spendingLines += spending.length;
  // Periods come in order, so a project's last submitted or accepted report is its latest delivered one.
  const latest = new Map<number, LatestReport>();
  reports.forEach(({ projectId, plan }, i) => {
    if (plan.status === 'submitted' || plan.status === 'accepted') latest.set(projectId, { id: reportIds[i], version: plan.version });
  });
  return projectIds.map((id) => latest.get(id) ?? null);
}
