import { type EntityManager, In } from 'typeorm';
import type { ErrorDetail } from '../common/errors/domain-error';
import { Strategy, StrategyGoal, StrategyMeasure } from '../strategy/strategy.entity';
import type { IndicatorActualDto } from './report.dto';
import { ReportIndicatorActual, ReportMeasureProgress } from './report-cascade.entity';
import type { MeasureProgressInput, ReportContentInput } from './report-input.dto';

/*
 * The parts of a progress report that follow the project's strategy cascade
 * (src/strategy): read, written and checked against the cascade here, so the
 * report store stays about reports.
 */

export interface CascadeParts {
  measureProgress: Required<MeasureProgressInput>[];
  indicatorActuals: IndicatorActualDto[];
}

interface IndicatorJson {
  id: string;
  target: number | null;
}

/** Per project, the targets of its cascade's indicators by `goalId/indicatorId`. */
async function targetsOf(manager: EntityManager, projectIds: number[]): Promise<Map<number, Map<string, number | null>>> {
  const byProject = new Map<number, Map<string, number | null>>();
  if (projectIds.length === 0) return byProject;
  const strategies = await manager
    .getRepository(Strategy)
    .find({ where: { projectId: In(projectIds) }, select: { id: true, projectId: true } });
  const projectOf = new Map(strategies.map((s) => [s.id, s.projectId]));
  const goals = strategies.length
    ? await manager.getRepository(StrategyGoal).find({ where: { strategyId: In([...projectOf.keys()]) } })
    : [];
  for (const goal of goals) {
    const projectId = projectOf.get(goal.strategyId) as number;
    const targets = byProject.get(projectId) ?? new Map<string, number | null>();
    for (const i of JSON.parse(goal.indicatorsJson) as IndicatorJson[]) targets.set(`${goal.key}/${i.id}`, i.target);
    byProject.set(projectId, targets);
  }
  return byProject;
}

export async function cascadeParts(
  manager: EntityManager,
  reports: { id: number; projectId: number }[],
): Promise<Map<number, CascadeParts>> {
  const byReport = new Map<number, CascadeParts>(reports.map((r) => [r.id, { measureProgress: [], indicatorActuals: [] }]));
  if (reports.length === 0) return byReport;
  const where = { reportId: In(reports.map((r) => r.id)) };
  const order = { reportId: 'ASC', position: 'ASC' } as const;
  const progress = await manager.getRepository(ReportMeasureProgress).find({ where, order });
  const actuals = await manager.getRepository(ReportIndicatorActual).find({ where, order });
  const targets = actuals.length ? await targetsOf(manager, [...new Set(reports.map((r) => r.projectId))]) : new Map();
  const projectOf = new Map(reports.map((r) => [r.id, r.projectId]));
  for (const p of progress) {
    byReport.get(p.reportId)?.measureProgress.push({ measureId: p.measureId, status: p.status, spendCents: p.spendCents });
  }
  for (const a of actuals) {
    const target = targets.get(projectOf.get(a.reportId))?.get(`${a.goalId}/${a.indicatorId}`) ?? null;
    byReport.get(a.reportId)?.indicatorActuals.push({ goalId: a.goalId, indicatorId: a.indicatorId, actual: a.actual, target });
  }
  return byReport;
}

export async function replaceCascadeParts(manager: EntityManager, reportId: number, input: ReportContentInput): Promise<void> {
  if (input.measureProgress !== undefined) {
    await manager.getRepository(ReportMeasureProgress).delete({ reportId });
    const rows = input.measureProgress.map((m, position) => ({
      reportId,
      position,
      measureId: m.measureId,
      status: m.status,
      spendCents: m.spendCents ?? null,
    }));
    for (let i = 0; i < rows.length; i += 100) await manager.getRepository(ReportMeasureProgress).insert(rows.slice(i, i + 100));
  }
  if (input.indicatorActuals !== undefined) {
    await manager.getRepository(ReportIndicatorActual).delete({ reportId });
    const rows = input.indicatorActuals.map((a, position) => ({
      reportId,
      position,
      goalId: a.goalId,
      indicatorId: a.indicatorId,
      actual: a.actual ?? null,
    }));
    for (let i = 0; i < rows.length; i += 100) await manager.getRepository(ReportIndicatorActual).insert(rows.slice(i, i + 100));
  }
}

/** Measures and indicators a report names must exist in the project's cascade: each one that does not is named. */
export async function cascadeProblems(manager: EntityManager, projectId: number, input: ReportContentInput): Promise<ErrorDetail[]> {
  if (!input.measureProgress?.length && !input.indicatorActuals?.length) return [];
  const strategy = await manager.getRepository(Strategy).findOneBy({ projectId });
  const measures = strategy
    ? await manager.getRepository(StrategyMeasure).find({ where: { strategyId: strategy.id }, select: { key: true } })
    : [];
  const measureIds = new Set(measures.map((m) => m.key));
  const indicators = (await targetsOf(manager, [projectId])).get(projectId) ?? new Map();
  const problems: ErrorDetail[] = [];
  for (const [i, m] of (input.measureProgress ?? []).entries()) {
    if (!measureIds.has(m.measureId))
      problems.push({ field: `measureProgress.${i}.measureId`, message: `the project's strategy has no measure ${m.measureId}` });
  }
  for (const [i, a] of (input.indicatorActuals ?? []).entries()) {
    if (!indicators.has(`${a.goalId}/${a.indicatorId}`)) {
      problems.push({
        field: `indicatorActuals.${i}.indicatorId`,
        message: `the project's strategy has no indicator ${a.indicatorId} under goal ${a.goalId}`,
      });
    }
  }
  return problems;
}
