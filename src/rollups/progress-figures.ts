import type { Health } from './project-health';
import type { ProgressFigures } from './rollup-content';
import { groupSums, type RollupProject } from './rollup-per-project';

/** One project's progress figures, as progressRollup reads them. */
export interface ProjectProgressFigures {
  due: number;
  overdue: number;
  overdueDays: number;
  overdueMax: number;
  submitted: number;
  accepted: number;
  changesRequested: number;
  draft: number;
  milestones: number;
  milestonesDone: number;
  milestonesLate: number;
  indicatorsMeasured: number;
  /** Σ actual/target of the latest delivered report's indicators (a fraction; basis points only for the group). */
  attainment: number;
  overallStatus: string | null;
  health?: Health;
}

type Sums = Omit<ProjectProgressFigures, 'overallStatus' | 'health'> & {
  projects: number;
  onTrack: number;
  atRisk: number;
  offTrack: number;
  noStatus: number;
  green: number;
  amber: number;
  red: number;
};

const zeroSums = (): Sums => ({
  projects: 0,
  due: 0,
  overdue: 0,
  overdueDays: 0,
  overdueMax: 0,
  submitted: 0,
  accepted: 0,
  changesRequested: 0,
  draft: 0,
  milestones: 0,
  milestonesDone: 0,
  milestonesLate: 0,
  indicatorsMeasured: 0,
  attainment: 0,
  onTrack: 0,
  atRisk: 0,
  offTrack: 0,
  noStatus: 0,
  green: 0,
  amber: 0,
  red: 0,
});

function add(into: Sums, p: ProjectProgressFigures): void {
  into.projects++;
  into.due += p.due;
  into.overdue += p.overdue;
  into.overdueDays += p.overdueDays;
  into.submitted += p.submitted;
  into.accepted += p.accepted;
  into.changesRequested += p.changesRequested;
  into.draft += p.draft;
  into.milestones += p.milestones;
  into.milestonesDone += p.milestonesDone;
  into.milestonesLate += p.milestonesLate;
  into.indicatorsMeasured += p.indicatorsMeasured;
  into.attainment += p.attainment;
  into.overdueMax = Math.max(into.overdueMax, p.overdueMax);
  if (p.overallStatus === 'on_track') into.onTrack++;
  else if (p.overallStatus === 'at_risk') into.atRisk++;
  else if (p.overallStatus === 'off_track') into.offTrack++;
  else if (p.overallStatus === null) into.noStatus++;
  if (p.health) into[p.health]++;
}

/** A group's figures from its sums (zeros for a group without projects). */
export function progressFigures(sums: Sums | undefined): ProgressFigures {
  const s = sums ?? zeroSums();
  return {
    projectCount: s.projects,
    reportsDue: s.due,
    reportsSubmitted: s.submitted,
    reportsAccepted: s.accepted,
    reportsChangesRequested: s.changesRequested,
    reportsDraft: s.draft,
    reportsOverdue: s.overdue,
    overdueDaysTotal: s.overdueDays,
    overdueDaysMax: s.overdueMax,
    milestonesTotal: s.milestones,
    milestonesDone: s.milestonesDone,
    milestonesLate: s.milestonesLate,
    indicatorsMeasured: s.indicatorsMeasured,
    indicatorAttainmentSumBp: Math.round(s.attainment * 10_000),
    indicatorAttainmentAvgBp: s.indicatorsMeasured ? Math.round((s.attainment * 10_000) / s.indicatorsMeasured) : null,
    statusOnTrack: s.onTrack,
    statusAtRisk: s.atRisk,
    statusOffTrack: s.offTrack,
    statusNone: s.noStatus,
    healthGreen: s.green,
    healthAmber: s.amber,
    healthRed: s.red,
  };
}

/** Total, rounds, categories and Länder summed from the projects' figures (figures[i] belongs to projects[i]). */
export function progressGroups(
  projects: readonly RollupProject[],
  figures: readonly ProjectProgressFigures[],
): Map<string, Map<string, ProgressFigures>> {
  const sums = groupSums(projects, (_, i) => figures[i], zeroSums, add);
  return new Map([...sums].map(([grouping, keys]) => [grouping, new Map([...keys].map(([key, s]) => [key, progressFigures(s)]))]));
}
