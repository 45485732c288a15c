/*
 * The content of a roll-up snapshot (GET /api/v1/rollups/:id → content). The OpenAPI document describes it only in
 * prose, so its shape is written down here as the README's Roll-ups section defines it. All figures are integers.
 */
export interface FundingFigures {
  projectCount: number;
  grantKnownCount: number;
  grantKnownCents: number;
  grantUnknownCount: number;
  committedCents: number;
  disbursedCents: number;
  reportedSpendCents: number;
  remainingCents: number;
  committedOfBudgetBp: number;
  disbursedOfBudgetBp: number;
  drawdownLagProjectCount: number;
  drawdownLagCents: number;
}

export type Group<F> = { key: string; label: string } & F;

export interface FundingContent {
  kind: 'funding';
  asOf: { dataAsOf: string; date: string; drawdownLagCutoff: string };
  totals: FundingFigures;
  groups: { round: Group<FundingFigures>[]; category: Group<FundingFigures>[]; state: Group<FundingFigures>[] };
  notes: { state: string; multiLandProjectCount: number };
}

export interface ProjectHealth {
  projectId: number;
  slug: string;
  name: string;
  health: 'green' | 'amber' | 'red';
  reasons: string[];
  reportsOverdue: number;
}

export interface ProgressContent {
  kind: 'progress';
  asOf: { dataAsOf: string; date: string };
  totals: { reportsDue: number; reportsOverdue: number; healthGreen: number; healthAmber: number; healthRed: number };
  projects: ProjectHealth[];
}
