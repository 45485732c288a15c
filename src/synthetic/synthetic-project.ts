import type { BodyKind } from '../bodies/body.entity';
import { addDays, addMonths } from '../common/dates';
import { foldText } from '../common/text';
import type { CategoryCode } from '../programme/category.entity';
import type { ProjectPhase, ProjectStatus } from '../projects/project.entity';
import { COST_CATEGORIES, type CostCategory, type MilestoneStatus } from '../reports/report-parts.entity';
import type { OverallStatus, ReportStatus } from '../reports/report.entity';
import { type Period, periodContaining, periodDueDate, periodsBetween } from '../reports/reporting-calendar';
import { Prng } from './prng';

/*
 * One synthetic project with everything hanging from it, as plain values: no
 * database, no clock. Each project draws from its own generator keyed by
 * (seed, project number), so a project's rows do not depend on how many
 * projects came before it or how the work is chunked.
 *
 * The shape follows the real programme: grants of a few million euros, phase A
 * (strategy) and/or phase B (implementation) commitments, drawdowns against
 * them, half-yearly progress reports from the first commitment on.
 */

export const SYNTHETIC_FIRST_YEAR = 2019;
/** Progress reports are due one month after their half-year, the configured default (REPORT_DUE_MONTHS). */
export const SYNTHETIC_DUE_MONTHS = 1;

export interface SyntheticContext {
  seed: number;
  projects: number;
  years: number;
}

export interface BodyPlan {
  name: string;
  kind: BodyKind;
  stateCode: string;
}

export interface CommitmentPlan {
  amountCents: number;
  date: string;
  phase: ProjectPhase;
  budgetYear: number;
}

export interface DisbursementPlan {
  amountCents: number;
  date: string;
  budgetYear: number;
}

export interface MilestonePlan {
  position: number;
  title: string;
  plannedDate: string;
  actualDate: string | null;
  status: MilestoneStatus;
}

export interface IndicatorPlan {
  position: number;
  name: string;
  unit: string;
  baseline: number | null;
  target: number;
  actual: number | null;
}

export interface SpendingPlan {
  costCategory: CostCategory;
  amountCents: number;
}

export interface ReportPlan {
  period: string;
  periodStart: string;
  periodEnd: string;
  status: ReportStatus;
  version: number;
  dueDate: string;
  narrative: string | null;
  overallStatus: OverallStatus | null;
  overallStatusReason: string | null;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  reviewComment: string | null;
  milestones: MilestonePlan[];
  indicators: IndicatorPlan[];
  spending: SpendingPlan[];
}

export interface ProjectPlan {
  ordinal: number;
  slug: string;
  name: string;
  motto: string | null;
  roundNumber: number;
  categoryCode: CategoryCode;
  /** What the project will be granted; the cap for its commitments even where the grant is not stated. */
  plannedCents: number;
  grantCents: number | null;
  grantUncertain: boolean;
  source: string;
  phase: ProjectPhase;
  status: ProjectStatus;
  lead: BodyPlan;
  /** As in the real seed: empty for a single body, every body (the lead first) for a cooperation. */
  members: BodyPlan[];
  stateCodes: string[];
  searchText: string;
  commitments: CommitmentPlan[];
  disbursements: DisbursementPlan[];
  reports: ReportPlan[];
}

/** The programme's life: from 2019 to the end of the last report a project of the last round can owe. */
export function syntheticProgrammeLife(years: number): { startsOn: string; endsOn: string } {
  // First commitment at the latest 12 months after the last round's start, then at most 18 half-years of reports.
  return { startsOn: `${SYNTHETIC_FIRST_YEAR}-01-01`, endsOn: `${SYNTHETIC_FIRST_YEAR + years + 8}-12-31` };
}

/** Projects are spread evenly over the rounds, in order: project 1 is in round 1, the last project in the last round. */
export function syntheticRoundOf(ctx: SyntheticContext, ordinal: number): number {
  return Math.floor(((ordinal - 1) * ctx.years) / ctx.projects) + 1;
}

export function syntheticRoundSizes(ctx: SyntheticContext): number[] {
  const sizes = new Array<number>(ctx.years).fill(0);
  // Round r holds the ordinals o with floor((o-1)·Y/N) = r-1, i.e. o-1 from ceil((r-1)·N/Y) to ceil(r·N/Y)-1.
  for (let r = 1; r <= ctx.years; r++)
    sizes[r - 1] = Math.ceil((r * ctx.projects) / ctx.years) - Math.ceil(((r - 1) * ctx.projects) / ctx.years);
  return sizes;
}

export function syntheticTag(ctx: SyntheticContext, ordinal: number): string {
  const width = Math.max(6, String(ctx.projects).length);
  return `synth-${ctx.seed}-${String(ordinal).padStart(width, '0')}`;
}

const CATEGORY_WEIGHTS: readonly (readonly [CategoryCode, number])[] = [
  ['GROSSSTADT', 22],
  ['MITTELSTADT', 30],
  ['KLEINSTADT_LANDGEMEINDE', 26],
  ['INTERKOMMUNAL_LANDKREIS', 22],
];

/** Grant range per category in whole euros, near what the real rounds granted. */
const GRANT_EUROS: Record<CategoryCode, [number, number]> = {
  GROSSSTADT: [6_000_000, 17_500_000],
  MITTELSTADT: [4_000_000, 14_000_000],
  KLEINSTADT_LANDGEMEINDE: [2_000_000, 8_000_000],
  INTERKOMMUNAL_LANDKREIS: [3_000_000, 21_000_000],
};

/** Roughly how many municipalities each Land has, as weights. */
const LAND_WEIGHTS: readonly (readonly [string, number])[] = [
  ['DE-BW', 11],
  ['DE-BY', 14],
  ['DE-BE', 1],
  ['DE-BB', 5],
  ['DE-HB', 1],
  ['DE-HH', 1],
  ['DE-HE', 8],
  ['DE-MV', 4],
  ['DE-NI', 10],
  ['DE-NW', 14],
  ['DE-RP', 7],
  ['DE-SL', 2],
  ['DE-SN', 6],
  ['DE-ST', 4],
  ['DE-SH', 5],
  ['DE-TH', 5],
];

const PREFIXES = [
  'Alt',
  'Neu',
  'Ober',
  'Nieder',
  'Groß',
  'Klein',
  'Bad ',
  'Hohen',
  'Rosen',
  'Eichen',
  'Linden',
  'Mühl',
  'Süder',
  'Wester',
  'Oster',
  'Kirch',
  'Stein',
  'Buchen',
  'Wald',
  'Brück',
  'Fürsten',
  'König',
  'Sonnen',
  'Tann',
];
const STEMS = [
  'berg',
  'burg',
  'dorf',
  'feld',
  'hausen',
  'heim',
  'bach',
  'au',
  'stadt',
  'hagen',
  'rode',
  'beck',
  'born',
  'ingen',
  'stedt',
  'walde',
  'brück',
  'münde',
  'thal',
  'wiese',
  'weiler',
  'furt',
];
const ADDITIONS = [' am Main', ' an der Aue', ' im Tal', ' am See', ' (Oberland)', ' an der Heide'];
const TITLES = ['Smart City {p}', '{p} digital', '{p} vernetzt', 'Zukunftsstadt {p}', 'Digitales {p}', '{p} 2030', '{p} gemeinsam smart'];
const MOTTOS = [
  'Gemeinwohl digital',
  'Daten für alle',
  'Stadt.Land.Digital',
  'Vernetzt in die Zukunft',
  'Mobilität neu denken',
  'Klimaschutz mit Daten',
  'Offene Plattform für die Region',
  'Bürgernah und smart',
  'Resiliente Quartiere',
  'Digitale Daseinsvorsorge',
];
const MILESTONES = [
  'Digitalstrategie beschlossen',
  'Datenplattform in Betrieb',
  'Sensorik im Stadtgebiet installiert',
  'Beteiligungsportal gestartet',
  'Ausschreibung Umsetzung veröffentlicht',
  'Pilotquartier angebunden',
  'Open-Data-Portal freigeschaltet',
  'Smart-City-Büro besetzt',
  'Mobilitäts-App veröffentlicht',
  'Evaluation abgeschlossen',
  'Wissenstransfer-Workshop durchgeführt',
  'Digitaler Zwilling Stufe 1',
  'LoRaWAN-Netz ausgebaut',
  'Bürgerlabor eröffnet',
  'Schnittstellen dokumentiert',
  'Verstetigungskonzept vorgelegt',
];
const INDICATORS: readonly (readonly [string, string])[] = [
  ['Nutzende der Stadt-App', 'Personen'],
  ['Offene Datensätze', 'Datensätze'],
  ['Sensoren im Betrieb', 'Sensoren'],
  ['Digitale Verwaltungsleistungen', 'Leistungen'],
  ['CO2-Einsparung', 't'],
  ['Teilnehmende an Beteiligungsformaten', 'Personen'],
  ['Angebundene Ladepunkte', 'Ladepunkte'],
  ['Öffentliche WLAN-Hotspots', 'Hotspots'],
  ['Geschulte Mitarbeitende', 'Personen'],
];
const NARRATIVES = [
  'Die Maßnahmen laufen planmäßig.',
  'Die Beteiligung der Bürgerschaft wurde ausgeweitet.',
  'Die Vergabe verzögerte sich um einige Wochen.',
  'Erste Ergebnisse wurden im Stadtrat vorgestellt.',
  'Die Datenplattform wurde um weitere Fachverfahren ergänzt.',
  'Personalwechsel im Projektteam wurden aufgefangen.',
  'Die Zusammenarbeit mit den Partnerkommunen ist etabliert.',
  'Lieferengpässe bei Hardware wirken sich aus.',
];
const STATUS_REASONS = [
  'Vergabeverfahren verzögert',
  'Stellen noch nicht besetzt',
  'Lieferengpässe bei Hardware',
  'Abstimmung mit Datenschutz dauert an',
  'Kostensteigerungen im Bau',
];
const REVIEW_COMMENTS = [
  'Bitte die Mittelverwendung je Kostenart erläutern.',
  'Bitte die Abweichung beim Meilensteinplan begründen.',
  'Indikatoren bitte mit Ist-Werten ergänzen.',
];

function placeName(rng: Prng): string {
  const name = rng.pick(PREFIXES) + rng.pick(STEMS);
  return rng.chance(0.15) ? name + rng.pick(ADDITIONS) : name;
}

/** Category and grant of a project, from a stream of their own so the programme budget can be summed without planning every project. */
export function syntheticProjectProfile(ctx: SyntheticContext, ordinal: number) {
  const rng = new Prng(ctx.seed, ordinal, 0);
  const categoryCode = rng.weighted(CATEGORY_WEIGHTS);
  const [min, max] = GRANT_EUROS[categoryCode];
  const euros = rng.int(min / 1000, max / 1000) * 1000 + (rng.chance(0.3) ? rng.int(0, 999) : 0);
  const plannedCents = euros * 100 + (rng.chance(0.1) ? rng.int(1, 99) : 0);
  const grantKnown = rng.chance(0.8);
  const grantUncertain = grantKnown && rng.chance(0.15);
  return { categoryCode, plannedCents, grantKnown, grantUncertain };
}

/*
 * Day arithmetic by table: a project needs ≈ 60 date shifts, and going through
 * Date objects for each was a fifth of the generator's time. Days from 2015 to
 * 2050 cover every date a synthetic programme can reach (2019 to 2039 with
 * 12 rounds, plus due dates and reviews in early 2040).
 */
const DAY_STRINGS: string[] = [];
const DAY_NUMBERS = new Map<string, number>();
function dayNumber(date: string): number {
  if (DAY_STRINGS.length === 0) {
    for (let day = '2015-01-01'; day < '2051-01-01'; day = addDays(day, 1)) {
      DAY_NUMBERS.set(day, DAY_STRINGS.length);
      DAY_STRINGS.push(day);
    }
  }
  const n = DAY_NUMBERS.get(date);
  if (n === undefined) throw new Error(`synthetic dates must lie between 2015 and 2050 (got ${date})`);
  return n;
}
function plusDays(date: string, days: number): string {
  const day = DAY_STRINGS[dayNumber(date) + days];
  if (day === undefined) throw new Error(`synthetic dates must lie between 2015 and 2050 (${date} + ${days} days)`);
  return day;
}
const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);

const uniform = (rng: Prng, min: number, max: number) => min + rng.float() * (max - min);
const yearOf = (date: string) => Number(date.slice(0, 4));
const DAY0_MS = Date.UTC(2015, 0, 1);
/** A moment in office hours (UTC) of the given day. */
const at = (date: string, rng: Prng) => {
  const hour = rng.int(7, 17);
  return new Date(DAY0_MS + dayNumber(date) * 86_400_000 + (hour * 60 + rng.int(0, 59)) * 60_000);
};
const DUE_DATES = new Map<string, string>();
const dueDateOf = (period: Period) => {
  let due = DUE_DATES.get(period.key);
  if (due === undefined) DUE_DATES.set(period.key, (due = periodDueDate(period, SYNTHETIC_DUE_MONTHS)));
  return due;
};

function bodies(rng: Prng, tag: string, category: CategoryCode) {
  const land = rng.weighted(LAND_WEIGHTS);
  const cooperation = category === 'INTERKOMMUNAL_LANDKREIS' ? !rng.chance(0.35) : rng.chance(0.04);
  if (!cooperation) {
    const place = placeName(rng);
    if (category === 'INTERKOMMUNAL_LANDKREIS') {
      const lead: BodyPlan = { name: `Landkreis ${place} (${tag})`, kind: 'district', stateCode: land };
      return { title: `Smarte Region Landkreis ${place}`, lead, members: [] as BodyPlan[] };
    }
    const lead: BodyPlan = { name: `${place} (${tag})`, kind: 'municipality', stateCode: land };
    return { title: rng.pick(TITLES).replace('{p}', place), lead, members: [] as BodyPlan[] };
  }
  const size = category === 'INTERKOMMUNAL_LANDKREIS' ? rng.int(2, 5) : 2;
  const multiLand = rng.chance(0.2);
  const places: string[] = [];
  const members: BodyPlan[] = [];
  for (let k = 1; k <= size; k++) {
    const place = placeName(rng);
    places.push(place);
    const stateCode = multiLand && k > 1 ? rng.weighted(LAND_WEIGHTS) : land;
    const kind =
      k === 1
        ? 'municipality'
        : rng.weighted<BodyKind>([
            ['municipality', 75],
            ['amt', 15],
            ['association_of_municipalities', 10],
          ]);
    const prefix = kind === 'amt' ? 'Amt ' : kind === 'association_of_municipalities' ? 'Verbandsgemeinde ' : '';
    members.push({ name: `${prefix}${place} (${k === 1 ? tag : `${tag}-${k}`})`, kind, stateCode });
  }
  const title =
    size === 2 ? `${places[0]} und ${places[1]}` : `Kooperation ${rng.pick(['Smarte Region', 'Digitale Region', 'Region'])} ${places[0]}`;
  return { title, lead: members[0], members };
}

function reportStatus(rng: Prng, fromEnd: number): ReportStatus {
  if (fromEnd === 0) return rng.chance(0.55) ? 'draft' : 'submitted';
  if (fromEnd === 1)
    return rng.weighted<ReportStatus>([
      ['accepted', 50],
      ['submitted', 30],
      ['changes_requested', 15],
      ['draft', 5],
    ]);
  return rng.weighted<ReportStatus>([
    ['accepted', 86],
    ['changes_requested', 6],
    ['submitted', 5],
    ['draft', 3],
  ]);
}

function report(rng: Prng, period: Period, position: number, count: number, plannedCents: number): ReportPlan {
  const status = reportStatus(rng, count - 1 - position);
  const draft = status === 'draft';
  const dueDate = dueDateOf(period);
  const version = draft
    ? rng.int(1, 2)
    : status === 'changes_requested'
      ? 3
      : rng.chance(0.85)
        ? status === 'submitted'
          ? 2
          : 3
        : status === 'submitted'
          ? 4
          : 5;
  const submittedOn = draft ? null : plusDays(dueDate, rng.int(-25, 10));
  const submittedAt = submittedOn ? at(submittedOn, rng) : null;
  const reviewed = status === 'accepted' || status === 'changes_requested';
  const reviewedAt = reviewed && submittedOn ? at(plusDays(submittedOn, rng.int(3, 45)), rng) : null;
  const written = !draft || rng.chance(0.5);
  const overallStatus = written
    ? rng.weighted<OverallStatus>([
        ['on_track', 70],
        ['at_risk', 22],
        ['off_track', 8],
      ])
    : null;

  const periodDays = daysBetween(period.start, period.end) + 1;
  const milestones: MilestonePlan[] = rng.sample(MILESTONES, rng.int(2, 4)).map((title, i) => {
    const plannedDate = plusDays(period.start, rng.int(0, periodDays - 1));
    const milestoneStatus = draft
      ? rng.weighted<MilestoneStatus>([
          ['planned', 50],
          ['in_progress', 40],
          ['delayed', 10],
        ])
      : rng.weighted<MilestoneStatus>([
          ['done', 60],
          ['in_progress', 20],
          ['delayed', 12],
          ['planned', 5],
          ['cancelled', 3],
        ]);
    return {
      position: i,
      title,
      plannedDate,
      actualDate: milestoneStatus === 'done' ? plusDays(plannedDate, rng.int(-10, 30)) : null,
      status: milestoneStatus,
    };
  });
  const progress = (position + 1) / count;
  const indicators: IndicatorPlan[] = rng.sample(INDICATORS, rng.int(1, 3)).map(([name, unit], i) => {
    const baseline = rng.chance(0.8) ? rng.int(0, 50) : null;
    const target = (baseline ?? 0) + rng.int(10, 500);
    const actual =
      draft && rng.chance(0.5) ? null : Math.round((baseline ?? 0) + (target - (baseline ?? 0)) * progress * uniform(rng, 0.6, 1.1));
    return { position: i, name, unit, baseline, target, actual };
  });
  const spendingCount = rng.int(1, 3);
  const spending: SpendingPlan[] = rng
    .sample(COST_CATEGORIES, spendingCount)
    .sort((a, b) => COST_CATEGORIES.indexOf(a) - COST_CATEGORIES.indexOf(b))
    .map((costCategory) => ({
      costCategory,
      amountCents: Math.max(1, Math.floor((plannedCents / count / spendingCount) * uniform(rng, 0.4, 1.2))),
    }));

  return {
    period: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    status,
    version,
    dueDate,
    narrative: written ? `Berichtszeitraum ${period.key}: ${rng.pick(NARRATIVES)} ${rng.pick(NARRATIVES)}` : null,
    overallStatus,
    overallStatusReason: overallStatus && overallStatus !== 'on_track' ? rng.pick(STATUS_REASONS) : null,
    submittedAt,
    reviewedAt,
    reviewComment:
      status === 'changes_requested' ? rng.pick(REVIEW_COMMENTS) : status === 'accepted' && rng.chance(0.3) ? 'Angenommen.' : null,
    milestones,
    indicators,
    spending,
  };
}

/** Everything about project number `ordinal` (1-based) of the synthetic programme. */
export function planSyntheticProject(ctx: SyntheticContext, ordinal: number): ProjectPlan {
  const profile = syntheticProjectProfile(ctx, ordinal);
  const rng = new Prng(ctx.seed, ordinal, 1);
  const tag = syntheticTag(ctx, ordinal);
  const roundNumber = syntheticRoundOf(ctx, ordinal);
  const roundYear = SYNTHETIC_FIRST_YEAR + roundNumber - 1;
  const { title, lead, members } = bodies(rng, tag, profile.categoryCode);
  const motto = rng.chance(0.7) ? rng.pick(MOTTOS) : null;
  const name = `${title} (${tag})`;

  // Phase A (strategy) then B (implementation), B directly, or A only (so far).
  const phases = rng.weighted<'AB' | 'B' | 'A'>([
    ['AB', 50],
    ['B', 35],
    ['A', 15],
  ]);
  const first = plusDays(`${roundYear}-07-01`, rng.int(0, 364));
  const planned = profile.plannedCents;
  const commitments: CommitmentPlan[] = [];
  if (phases !== 'B')
    commitments.push({ amountCents: Math.floor(planned * uniform(rng, 0.05, 0.12)), date: first, phase: 'A', budgetYear: yearOf(first) });
  if (phases !== 'A') {
    const date = phases === 'AB' ? addMonths(first, rng.int(9, 24)) : first;
    const left = planned - (commitments[0]?.amountCents ?? 0);
    commitments.push({ amountCents: Math.floor(left * uniform(rng, 0.85, 1)), date, phase: 'B', budgetYear: yearOf(date) });
  }

  // Half-years of reporting: ≈ 15 for a project in phase B, ≈ 7 for one that stopped after A (≈ 14 on average).
  const periodCount = phases === 'A' ? rng.int(4, 10) : rng.int(12, 18);
  const from = periodContaining(first, 'half_yearly');
  const periods = periodsBetween(from, { ...from, index: from.index + periodCount - 1 }, 'half_yearly');
  const end = periods[periods.length - 1].end;

  // Drawdowns between the first commitment and the project's end, each a share of what is committed and not yet drawn by then.
  const disbursementCount = phases === 'A' ? rng.int(2, 6) : rng.int(6, 16);
  const span = daysBetween(first, end);
  const dates = Array.from({ length: disbursementCount }, () => plusDays(first, rng.int(1, span))).sort();
  const disbursements: DisbursementPlan[] = [];
  let drawn = 0;
  for (const date of dates) {
    const committed = commitments.reduce((sum, c) => (c.date <= date ? sum + c.amountCents : sum), 0);
    const amount = Math.floor((committed - drawn) * uniform(rng, 0.08, 0.3));
    if (amount < 1) continue;
    disbursements.push({ amountCents: amount, date, budgetYear: yearOf(date) });
    drawn += amount;
  }

  const status =
    phases === 'A'
      ? rng.chance(0.3)
        ? 'withdrawn'
        : 'active'
      : rng.weighted<ProjectStatus>([
          ['active', 86],
          ['completed', 12],
          ['withdrawn', 2],
        ]);
  const reports = periods.map((period, i) => report(rng, period, i, periods.length, planned));
  const stateCodes = [...new Set([lead, ...members].map((b) => b.stateCode))];

  return {
    ordinal,
    slug: tag,
    name,
    motto,
    roundNumber,
    categoryCode: profile.categoryCode,
    plannedCents: planned,
    grantCents: profile.grantKnown ? planned : null,
    grantUncertain: profile.grantUncertain,
    source: `synthetic: generated by npm run seed:synthetic (seed ${ctx.seed}); not a real project`,
    phase: phases === 'A' ? 'A' : 'B',
    status,
    lead,
    members,
    stateCodes,
    searchText: foldText([name, motto, lead.name, ...members.map((m) => m.name)].filter(Boolean).join(' | ')),
    commitments,
    disbursements,
    reports,
  };
}
