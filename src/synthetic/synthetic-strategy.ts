import type { WorkflowStatus } from '../common/workflow/versioned-workflow';
import type { MeasureStatus } from '../strategy/strategy.entity';
import type { StrategyContentDto } from '../strategy/strategy.dto';
import { DECK_TERMS } from '../vocabularies/vocabulary-terms';
import { Prng } from './prng';
import type { SyntheticContext } from './synthetic-project';
import { INDICATORS, uniform } from './synthetic-report';

/*
 * The strategy cascade of a synthetic project (issue 14): about 5 goals with
 * indicators and 12 measures tagged with the deck's fields of action,
 * qualities and guidelines; accepted for most projects, a draft, a submission
 * or sent back for some. Drawn from a stream of its own (seed, project, 2),
 * so adding cascades left every other synthetic row as it was.
 */

export interface MeasureEntryPlan {
  measureId: string;
  status: MeasureStatus;
  spendCents: number | null;
}

export interface IndicatorActualPlan {
  goalId: string;
  indicatorId: string;
  actual: number | null;
}

export interface StrategyPlan {
  status: WorkflowStatus;
  /** The row's version as the workflow leaves it: 1 draft, 2 submitted, 3 reviewed. */
  version: number;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  content: StrategyContentDto;
  /** What the project's latest delivered progress report states along the cascade (accepted cascades only). */
  measureProgress: MeasureEntryPlan[];
  indicatorActuals: IndicatorActualPlan[];
}

const GOALS = [
  'Mobilität klimafreundlich gestalten',
  'Verwaltung digital und nahbar machen',
  'Daten offen und souverän nutzen',
  'Quartiere resilient entwickeln',
  'Beteiligung digital ermöglichen',
  'Energie sparen und erneuerbar erzeugen',
  'Digitale Teilhabe für alle sichern',
  'Regionale Wertschöpfung stärken',
];
/** The first six report indicators serve as goal indicators. */
const GOAL_INDICATORS = INDICATORS.slice(0, 6);
const MEASURES = [
  'Urbane Datenplattform',
  'Mobilitäts-App',
  'Sensornetz LoRaWAN',
  'Digitaler Zwilling',
  'Beteiligungsportal',
  'Smarte Straßenbeleuchtung',
  'Open-Data-Portal',
  'Digitale Bürgerdienste',
  'Starkregen-Frühwarnsystem',
  'Smart-City-Labor',
  'Parkraummanagement',
  'Informationssicherheitskonzept',
  'Energiemonitoring kommunaler Gebäude',
  'Digitale Bildungsangebote',
];
const codes = (kind: keyof typeof DECK_TERMS) => DECK_TERMS[kind].map(([code]) => code);
const FIELDS = codes('fieldOfAction');
const QUALITIES = codes('quality');
const GUIDELINES = codes('guideline');
const VALUES = codes('value');

const STATUSES: readonly (readonly [WorkflowStatus, number])[] = [
  ['accepted', 80],
  ['draft', 10],
  ['submitted', 6],
  ['changes_requested', 4],
];

function goals(rng: Prng, roundYear: number): StrategyContentDto['goals'] {
  return rng.sample(GOALS, rng.int(4, 6)).map((title, g) => ({
    id: `g${g + 1}`,
    title,
    indicators: rng.sample(GOAL_INDICATORS, rng.int(1, 2)).map(([name, unit], i) => {
      const baseline = rng.chance(0.75) ? rng.int(0, 100) : null;
      const target = rng.chance(0.95) ? (baseline ?? 0) + rng.int(10, 500) : null;
      return { id: `i${i + 1}`, name, unit, baseline, target, targetDate: `${roundYear + 5}-12-31` };
    }),
  }));
}

function measures(rng: Prng, plannedCents: number, goalCount: number, roundYear: number): StrategyContentDto['measures'] {
  const titles = rng.sample(MEASURES, rng.int(10, 14));
  const weights = titles.map(() => uniform(rng, 0.5, 1.5));
  const total = weights.reduce((s, w) => s + w, 0);
  return titles.map((title, n) => {
    // Costs share the planned grant, federal shares 65–90 % of them: together never above the grant.
    const cost = rng.chance(0.95) ? Math.floor((plannedCents * weights[n]) / total) : null;
    const start = `${roundYear + rng.int(0, 2)}-${String(rng.int(1, 12)).padStart(2, '0')}-01`;
    return {
      id: `m${n + 1}`,
      title,
      description: null,
      fieldsOfAction: rng.sample(FIELDS, rng.chance(0.3) ? 2 : 1),
      qualities: rng.sample(QUALITIES, rng.int(1, 2)),
      guidelines: rng.sample(GUIDELINES, rng.int(0, 2)),
      goalIds: rng.sample([...Array(goalCount).keys()], rng.int(1, 2)).map((g) => `g${g + 1}`),
      plannedCostCents: cost,
      plannedFederalCents: cost === null ? null : Math.floor(cost * uniform(rng, 0.65, 0.9)),
      startsOn: start,
      endsOn: `${Number(start.slice(0, 4)) + rng.int(1, 4)}-12-31`,
      status: rng.weighted<MeasureStatus>([
        ['running', 55],
        ['planned', 25],
        ['done', 15],
        ['stopped', 5],
      ]),
      milestones: [],
    };
  });
}

/** The entries of the latest delivered report: most measures and indicators, some left out or without a value. */
function reportEntries(rng: Prng, content: StrategyContentDto): Pick<StrategyPlan, 'measureProgress' | 'indicatorActuals'> {
  const measureProgress = content.measures
    .filter(() => rng.chance(0.9))
    .map((m) => ({
      measureId: m.id,
      status: m.status === 'running' && rng.chance(0.2) ? ('done' as const) : m.status,
      spendCents: m.plannedCostCents !== null && rng.chance(0.85) ? Math.floor(m.plannedCostCents * uniform(rng, 0.02, 0.2)) : null,
    }));
  const indicatorActuals = content.goals.flatMap((g) =>
    g.indicators
      .filter(() => rng.chance(0.85))
      .map((i) => ({
        goalId: g.id,
        indicatorId: i.id,
        actual: rng.chance(0.9) ? Math.round((i.baseline ?? 0) + ((i.target ?? 100) - (i.baseline ?? 0)) * uniform(rng, 0, 1.1)) : null,
      })),
  );
  return { measureProgress, indicatorActuals };
}

export function planSyntheticStrategy(ctx: SyntheticContext, ordinal: number, roundYear: number, plannedCents: number): StrategyPlan {
  const rng = new Prng(ctx.seed, ordinal, 2);
  const status = rng.weighted(STATUSES);
  const goalList = goals(rng, roundYear);
  const content: StrategyContentDto = {
    vision: 'Eine lebenswerte, vernetzte Kommune, in der Daten dem Gemeinwohl dienen.',
    mission: rng.chance(0.8) ? 'Digitale Werkzeuge machen den Alltag einfacher und die Stadt nachhaltiger.' : null,
    values: { codes: rng.sample(VALUES, rng.int(2, 5)), own: [] },
    goals: goalList,
    strategy: {
      approach: 'Schrittweise, mit Beteiligung der Stadtgesellschaft.',
      resolutionDate: `${roundYear + 1}-${String(rng.int(1, 12)).padStart(2, '0')}-15`,
      documentRef: null,
    },
    measures: measures(rng, plannedCents, goalList.length, roundYear),
  };
  const entries = status === 'accepted' ? reportEntries(rng, content) : { measureProgress: [], indicatorActuals: [] };
  const submittedAt = status === 'draft' ? null : new Date(Date.UTC(roundYear + 1, rng.int(0, 11), rng.int(1, 28), rng.int(7, 17)));
  const reviewed = status === 'accepted' || status === 'changes_requested';
  const reviewedAt = reviewed && submittedAt ? new Date(submittedAt.getTime() + rng.int(3, 45) * 86_400_000) : null;
  const version = status === 'draft' ? 1 : status === 'submitted' ? 2 : 3;
  return { status, version, submittedAt, reviewedAt, content, ...entries };
}
