import type { Group } from './rollup-content';

/*
 * What a strategy roll-up snapshot holds (issue 14, item 5): the accepted
 * strategy cascades of the programme's projects, along the fields of action,
 * qualities and guidelines of their measures, and per round and Land. Only
 * cascades whose status is `accepted` count.
 */

/** One strategy figure set: the programme, a field of action, quality, guideline, round or Land. */
export interface StrategyFigures {
  /** Projects with an accepted cascade in the group (for a field, quality or guideline: with a measure tagged with it). */
  projectCount: number;
  measureCount: number;
  /** Measures by status: the one the latest delivered progress report states for the measure, else the cascade's. */
  measuresDone: number;
  measuresRunning: number;
  measuresPlanned: number;
  measuresStopped: number;
  /** Σ planned cost and planned federal share of the measures whose amount is known. */
  plannedCostCents: number;
  plannedFederalCents: number;
  /** Measures whose planned cost is not stated (never counted as 0 €). */
  measuresCostUnknown: number;
  /** Σ measure spend stated in each project's latest delivered (submitted or accepted) progress report. */
  reportedSpendCents: number;
  /** Measures that report states no spend for (no entry, or spend null). */
  measuresSpendUnknown: number;
  /** Goal indicators in the group (for a field, quality or guideline: of the goals its measures serve). */
  indicatorCount: number;
  /** Indicators with an actual in the latest delivered report and an attainment defined (see ROLLUP_DEFINITIONS). */
  indicatorsMeasured: number;
  /** indicatorCount − indicatorsMeasured: counted, never taken as 0 % attainment. */
  indicatorsUnknown: number;
  /** Mean attainment over the measured indicators in basis points (10 000 = target reached); null when none is measured. */
  attainmentAvgBp: number | null;
}

export interface StrategyRollupContent {
  kind: 'strategy';
  asOf: { dataAsOf: string; date: string };
  programme: { code: string; name: string; budgetCents: number };
  totals: StrategyFigures & {
    /** Projects of the programme whose cascade is accepted (= totals.projectCount). */
    cascadesAccepted: number;
    /** Projects of the programme without an accepted cascade (none yet, or a draft, submission or revision). */
    projectsWithoutCascade: number;
  };
  groups: {
    fieldOfAction: Group<StrategyFigures>[];
    quality: Group<StrategyFigures>[];
    guideline: Group<StrategyFigures>[];
    round: Group<StrategyFigures>[];
    state: Group<StrategyFigures>[];
  };
  notes: {
    fieldOfAction: string;
    quality: string;
    guideline: string;
    state: string;
    /** Projects with measures under more than one field of action (each such project counts in every one of them). */
    multiCountedProjects: number;
    /** Measures under more than one field of action. */
    multiCountedMeasures: number;
    multiLandProjectCount: number;
  };
}
