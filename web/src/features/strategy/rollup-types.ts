/*
 * The content of a strategy roll-up snapshot (GET /api/v1/rollups/:id → content, kind "strategy"), as the roll-up
 * defines it (README "Roll-ups"). All money in cents; attainment in basis points (10 000 = 100 %), null when nothing
 * was measurable.
 */
export interface StrategyFigures {
  projectCount: number;
  measureCount: number;
  measuresDone: number;
  measuresRunning: number;
  measuresPlanned: number;
  measuresStopped: number;
  plannedCostCents: number;
  plannedFederalCents: number;
  reportedSpendCents: number;
  indicatorCount: number;
  indicatorsMeasured: number;
  indicatorsUnknown: number;
  attainmentAvgBp: number | null;
}

export type StrategyGroup = { key: string; label: string } & StrategyFigures;

export interface StrategyRollupContent {
  kind: 'strategy';
  asOf: { dataAsOf: string; date: string };
  totals: StrategyFigures & { cascadesAccepted: number; projectsWithoutCascade: number };
  groups: Record<'fieldOfAction' | 'quality' | 'guideline' | 'round' | 'state', StrategyGroup[]>;
  notes: { fieldOfAction: string; multiCountedProjects: number };
}
