import { TransactionService } from '../../src/database/transaction.service';
import { ReportIndicatorActual, ReportMeasureProgress } from '../../src/reports/report-cascade.entity';
import { Strategy, StrategyGoal, StrategyMeasure, StrategyMeasureTerm } from '../../src/strategy/strategy.entity';
import { insertReport, sum } from './rollups';
import type { TestApp } from './test-app';

/*
 * Strategy roll-up test helpers: cascades and the report parts along them
 * inserted straight into the tables (the cascade API and its workflow are
 * test/strategy.e2e-spec.ts's subject), and the figures the roll-up must
 * give, computed here from the plans without SQL.
 */

export type MeasureState = 'planned' | 'running' | 'done' | 'stopped';

export interface IndicatorSeed {
  baseline: number | null;
  target: number | null;
  /** The actual in the latest delivered report; undefined: no entry in it. */
  actual?: number | null;
}

export interface MeasureSeed {
  fields: string[];
  qualities: string[];
  goals: number[];
  cost: number | null;
  federal: number | null;
  status: MeasureState;
  /** What the latest delivered report states for the measure; undefined: no entry. */
  reported?: { status: MeasureState; spend: number | null };
}

export interface CascadeSeed {
  projectId: number;
  status: 'draft' | 'submitted' | 'changes_requested' | 'accepted';
  goals: IndicatorSeed[][];
  measures: MeasureSeed[];
  /** A delivered progress report carries the actuals and measure entries; an older one without them comes before it. */
  report: 'none' | 'submitted' | 'accepted';
}

/** Writes a cascade (and the project's latest progress report along it) into the tables. */
export async function insertCascade(t: TestApp, seed: CascadeSeed): Promise<void> {
  let reportId: number | null = null;
  if (seed.report !== 'none') {
    await insertReport(t, { projectId: seed.projectId, period: '2023-H2', status: 'accepted' });
    reportId = await insertReport(t, { projectId: seed.projectId, period: '2024-H1', status: seed.report });
  }
  await t.app.get(TransactionService).run(async (manager) => {
    const { identifiers } = await manager.getRepository(Strategy).insert({
      projectId: seed.projectId,
      status: seed.status,
      version: 1,
      vision: 'Vision',
      mission: null,
      valuesJson: '{"codes":[],"own":[]}',
    });
    const strategyId = identifiers[0].id as number;
    for (const [g, indicators] of seed.goals.entries()) {
      const json = indicators.map((i, n) => ({
        id: `i${n}`,
        name: `I${n}`,
        unit: 'x',
        baseline: i.baseline,
        target: i.target,
        targetDate: null,
      }));
      await manager
        .getRepository(StrategyGoal)
        .insert({ strategyId, key: `g${g}`, position: g, title: `Ziel ${g}`, indicatorsJson: JSON.stringify(json) });
      for (const [n, i] of indicators.entries()) {
        if (reportId !== null && i.actual !== undefined)
          await manager
            .getRepository(ReportIndicatorActual)
            .insert({ reportId, position: g * 10 + n, goalId: `g${g}`, indicatorId: `i${n}`, actual: i.actual });
      }
    }
    for (const [n, m] of seed.measures.entries()) {
      const inserted = await manager.getRepository(StrategyMeasure).insert({
        strategyId,
        key: `m${n}`,
        position: n,
        title: `Maßnahme ${n}`,
        description: null,
        plannedCostCents: m.cost,
        plannedFederalCents: m.federal,
        startsOn: null,
        endsOn: null,
        status: m.status,
        goalKeysJson: JSON.stringify(m.goals.map((g) => `g${g}`)),
        milestonesJson: '[]',
      });
      const measureId = inserted.identifiers[0].id as number;
      const tags = [
        ...m.fields.map((code) => ({ measureId, kind: 'fieldOfAction' as const, code })),
        ...m.qualities.map((code) => ({ measureId, kind: 'quality' as const, code })),
      ];
      if (tags.length) await manager.getRepository(StrategyMeasureTerm).insert(tags);
      if (reportId !== null && m.reported)
        await manager
          .getRepository(ReportMeasureProgress)
          .insert({ reportId, position: n, measureId: `m${n}`, status: m.reported.status, spendCents: m.reported.spend });
    }
  });
}

/** The figures of a set of (project, measure) pairs and (project, indicator) pairs, computed in plain TypeScript. */
export function expectedFigures(measures: { seed: CascadeSeed; m: MeasureSeed }[], indicators: { seed: CascadeSeed; i: IndicatorSeed }[]) {
  const delivered = (seed: CascadeSeed) => seed.report !== 'none';
  const statusOf = ({ seed, m }: { seed: CascadeSeed; m: MeasureSeed }) => (delivered(seed) && m.reported ? m.reported.status : m.status);
  const spendOf = ({ seed, m }: { seed: CascadeSeed; m: MeasureSeed }) => (delivered(seed) && m.reported ? m.reported.spend : null);
  const attainments = indicators
    .map(({ seed, i }) => {
      const actual = delivered(seed) ? (i.actual ?? null) : null;
      if (actual === null || i.target === null) return null;
      if (i.baseline !== null) return i.target !== i.baseline ? (actual - i.baseline) / (i.target - i.baseline) : null;
      return i.target !== 0 ? actual / i.target : null;
    })
    .filter((a): a is number => a !== null);
  return {
    projectCount: new Set(measures.map((x) => x.seed.projectId)).size,
    measureCount: measures.length,
    measuresDone: measures.filter((x) => statusOf(x) === 'done').length,
    measuresRunning: measures.filter((x) => statusOf(x) === 'running').length,
    measuresPlanned: measures.filter((x) => statusOf(x) === 'planned').length,
    measuresStopped: measures.filter((x) => statusOf(x) === 'stopped').length,
    plannedCostCents: sum(measures.map((x) => x.m.cost ?? 0)),
    plannedFederalCents: sum(measures.map((x) => x.m.federal ?? 0)),
    measuresCostUnknown: measures.filter((x) => x.m.cost === null).length,
    reportedSpendCents: sum(measures.map((x) => spendOf(x) ?? 0)),
    measuresSpendUnknown: measures.filter((x) => spendOf(x) === null).length,
    indicatorCount: indicators.length,
    indicatorsMeasured: attainments.length,
    indicatorsUnknown: indicators.length - attainments.length,
    attainmentAvg: attainments.length ? (attainments.reduce((s, a) => s + a, 0) * 10_000) / attainments.length : null,
  };
}
