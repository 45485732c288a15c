import { addDays } from '../common/dates';
import { COST_CATEGORIES, type MilestoneStatus } from '../reports/report-parts.entity';
import type { OverallStatus, ReportStatus } from '../reports/report.entity';
import { type Period, periodDueDate } from '../reports/reporting-calendar';
import type { Prng } from './prng';
import type { IndicatorPlan, MilestonePlan, ReportPlan, SpendingPlan } from './synthetic-project';

/*
 * The progress reports of a synthetic project, and the date arithmetic the generator uses.
 * The draws happen in a fixed order: the same seed gives the same reports.
 */

/** Progress reports are due one month after their half-year, the configured default (REPORT_DUE_MONTHS). */
export const SYNTHETIC_DUE_MONTHS = 1;

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
/** Indicator names and units (also the goal indicators of synthetic strategy cascades). */
export const INDICATORS: readonly (readonly [string, string])[] = [
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
export function plusDays(date: string, days: number): string {
  const day = DAY_STRINGS[dayNumber(date) + days];
  if (day === undefined) throw new Error(`synthetic dates must lie between 2015 and 2050 (${date} + ${days} days)`);
  return day;
}
export const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);

export const uniform = (rng: Prng, min: number, max: number) => min + rng.float() * (max - min);
export const yearOf = (date: string) => Number(date.slice(0, 4));
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

function reportVersion(rng: Prng, status: ReportStatus): number {
  const draft = status === 'draft';
  return draft
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
}

function reportMilestones(rng: Prng, period: Period, draft: boolean): MilestonePlan[] {
  const periodDays = daysBetween(period.start, period.end) + 1;
  return rng.sample(MILESTONES, rng.int(2, 4)).map((title, i) => {
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
}

/** Indicators moving from baseline towards target as the project goes on (`progress` 0–1). */
function reportIndicators(rng: Prng, progress: number, draft: boolean): IndicatorPlan[] {
  return rng.sample(INDICATORS, rng.int(1, 3)).map(([name, unit], i) => {
    const baseline = rng.chance(0.8) ? rng.int(0, 50) : null;
    const target = (baseline ?? 0) + rng.int(10, 500);
    const actual =
      draft && rng.chance(0.5) ? null : Math.round((baseline ?? 0) + (target - (baseline ?? 0)) * progress * uniform(rng, 0.6, 1.1));
    return { position: i, name, unit, baseline, target, actual };
  });
}

/** 1–3 cost categories sharing about a report's part of the planned grant. */
function reportSpending(rng: Prng, perReportCents: number): SpendingPlan[] {
  const spendingCount = rng.int(1, 3);
  return rng
    .sample(COST_CATEGORIES, spendingCount)
    .sort((a, b) => COST_CATEGORIES.indexOf(a) - COST_CATEGORIES.indexOf(b))
    .map((costCategory) => ({
      costCategory,
      amountCents: Math.max(1, Math.floor((perReportCents / spendingCount) * uniform(rng, 0.4, 1.2))),
    }));
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

export function report(rng: Prng, period: Period, position: number, count: number, plannedCents: number): ReportPlan {
  const status = reportStatus(rng, count - 1 - position);
  const draft = status === 'draft';
  const dueDate = dueDateOf(period);
  const version = reportVersion(rng, status);
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

  const milestones = reportMilestones(rng, period, draft);
  const indicators = reportIndicators(rng, (position + 1) / count, draft);
  const spending = reportSpending(rng, plannedCents / count);

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
