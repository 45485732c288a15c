import type { EntityManager } from 'typeorm';
import { ReportIndicatorActual, ReportMeasureProgress } from '../reports/report-cascade.entity';
import { Strategy, StrategyGoal, StrategyMeasure, StrategyMeasureTerm, StrategyVersion } from '../strategy/strategy.entity';
import { cascadeSummary, serializeSummary } from '../rollups/strategy-summary';
import { insertReturningIds, insertRows } from './bulk-insert';
import type { StrategyPlan } from './synthetic-strategy';

/** A project's latest delivered progress report: the one whose entries along the cascade the roll-up reads. */
export interface LatestReport {
  id: number;
  version: number;
}

export interface StrategyCounts {
  cascades: number;
  cascadesAccepted: number;
  goals: number;
  measures: number;
  measureTags: number;
  measureProgress: number;
  indicatorActuals: number;
}

export const zeroStrategyCounts = (): StrategyCounts => ({
  cascades: 0,
  cascadesAccepted: 0,
  goals: 0,
  measures: 0,
  measureTags: 0,
  measureProgress: 0,
  indicatorActuals: 0,
});

/**
 * Writes the cascades of a chunk of projects: the strategy rows, their goals,
 * measures and measure tags, the frozen submission of every cascade that was
 * submitted (accepted ones marked accepted, so the public view has them), and
 * on each accepted cascade's project its latest delivered progress report's
 * entries along the cascade. `latestReports[i]` is that report of project i
 * (null when it has none: the entries are then left out). Each cascade is
 * written with its roll-up summary, computed from the plan as the roll-up
 * would compute it from these rows.
 */
export async function writeStrategies(
  manager: EntityManager,
  plans: StrategyPlan[],
  projectIds: number[],
  latestReports: (LatestReport | null)[],
  counts: StrategyCounts,
): Promise<void> {
  const strategyIds = await insertReturningIds(
    manager,
    Strategy,
    plans.map((s, i) => ({ ...strategyRow(s, projectIds[i]), rollupSummary: serializeSummary(summaryOf(s, latestReports[i])) })),
    ['projectId'],
  );
  const goals = plans.flatMap((s, i) =>
    s.content.goals.map((g, position) => ({
      strategyId: strategyIds[i],
      key: g.id,
      position,
      title: g.title,
      indicatorsJson: JSON.stringify(g.indicators),
    })),
  );
  await insertRows(manager, StrategyGoal, goals);
  await writeMeasures(manager, plans, strategyIds, counts);
  await insertRows(
    manager,
    StrategyVersion,
    plans.flatMap((s, i) => versionRows(s, strategyIds[i])),
  );
  await writeReportEntries(
    manager,
    plans,
    latestReports.map((r) => r?.id ?? null),
    counts,
  );
  counts.cascades += plans.length;
  counts.cascadesAccepted += plans.filter((s) => s.status === 'accepted').length;
  counts.goals += goals.length;
}

const strategyRow = (s: StrategyPlan, projectId: number) => ({
  projectId,
  status: s.status,
  version: s.version,
  vision: s.content.vision,
  mission: s.content.mission,
  valuesJson: JSON.stringify(s.content.values),
  approach: s.content.strategy.approach,
  resolutionDate: s.content.strategy.resolutionDate,
  documentRef: s.content.strategy.documentRef,
  submittedAt: s.submittedAt,
  reviewedAt: s.reviewedAt,
  reviewedById: null,
  reviewComment: s.status === 'changes_requested' ? 'Bitte die Indikatoren mit Zielwerten ergänzen.' : null,
  createdAt: s.submittedAt ?? new Date(Date.UTC(2020, 0, 1)),
  updatedAt: s.reviewedAt ?? s.submittedAt ?? new Date(Date.UTC(2020, 0, 1)),
});

/** The summary of the cascade as written: its rows, and the entries written into the project's latest delivered report. */
function summaryOf(s: StrategyPlan, latest: LatestReport | null) {
  return cascadeSummary({
    strategyVersion: s.version,
    reportId: latest?.id ?? null,
    reportVersion: latest?.version ?? null,
    goals: s.content.goals.map((g) => ({ key: g.id, indicators: g.indicators })),
    measures: s.content.measures.map((m) => ({
      key: m.id,
      status: m.status,
      costCents: m.plannedCostCents,
      federalCents: m.plannedFederalCents,
      goalKeys: m.goalIds,
      tags: [
        ...m.fieldsOfAction.map((code) => ({ kind: 'fieldOfAction', code })),
        ...m.qualities.map((code) => ({ kind: 'quality', code })),
        ...m.guidelines.map((code) => ({ kind: 'guideline', code })),
      ],
    })),
    progress: new Map(latest ? s.measureProgress.map((e) => [e.measureId, { status: e.status, spendCents: e.spendCents }]) : []),
    actuals: new Map(latest ? s.indicatorActuals.map((a) => [`${a.goalId}\u0000${a.indicatorId}`, a.actual]) : []),
  });
}

/** The frozen submission of a submitted cascade (none for a draft). */
const versionRows = (s: StrategyPlan, strategyId: number) =>
  s.submittedAt === null
    ? []
    : [
        {
          strategyId,
          submission: 1,
          strategyVersion: 2,
          content: JSON.stringify(s.content),
          submittedAt: s.submittedAt,
          submittedById: null,
          acceptedAt: s.status === 'accepted' ? s.reviewedAt : null,
        },
      ];

async function writeMeasures(manager: EntityManager, plans: StrategyPlan[], strategyIds: number[], counts: StrategyCounts): Promise<void> {
  const measures = plans.flatMap((s, i) => s.content.measures.map((m, position) => ({ strategyId: strategyIds[i], m, position })));
  const measureIds = await insertReturningIds(
    manager,
    StrategyMeasure,
    measures.map(({ strategyId, m, position }) => ({
      strategyId,
      key: m.id,
      position,
      title: m.title,
      description: m.description,
      plannedCostCents: m.plannedCostCents,
      plannedFederalCents: m.plannedFederalCents,
      startsOn: m.startsOn,
      endsOn: m.endsOn,
      status: m.status,
      goalKeysJson: JSON.stringify(m.goalIds),
      milestonesJson: JSON.stringify(m.milestones),
    })),
    ['strategyId', 'key'],
  );
  const tags = measures.flatMap(({ m }, n) => [
    ...m.fieldsOfAction.map((code) => ({ measureId: measureIds[n], kind: 'fieldOfAction', code })),
    ...m.qualities.map((code) => ({ measureId: measureIds[n], kind: 'quality', code })),
    ...m.guidelines.map((code) => ({ measureId: measureIds[n], kind: 'guideline', code })),
  ]);
  await insertRows(manager, StrategyMeasureTerm, tags);
  counts.measures += measures.length;
  counts.measureTags += tags.length;
}

async function writeReportEntries(
  manager: EntityManager,
  plans: StrategyPlan[],
  latestReportIds: (number | null)[],
  counts: StrategyCounts,
): Promise<void> {
  const withReport = plans.flatMap((s, i) => (latestReportIds[i] === null ? [] : [{ s, reportId: latestReportIds[i] as number }]));
  const progress = withReport.flatMap(({ s, reportId }) => s.measureProgress.map((e, position) => ({ reportId, position, ...e })));
  await insertRows(manager, ReportMeasureProgress, progress);
  const actuals = withReport.flatMap(({ s, reportId }) => s.indicatorActuals.map((e, position) => ({ reportId, position, ...e })));
  await insertRows(manager, ReportIndicatorActual, actuals);
  counts.measureProgress += progress.length;
  counts.indicatorActuals += actuals.length;
}
