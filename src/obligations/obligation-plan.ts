import type { ProjectPhase, ProjectStatus } from '../projects/project.entity';
import type { ReportType } from '../reports/report.entity';
import type { ReportingPlan } from '../reports/reporting-calendar';
import { PROOF_OF_USE, periodContaining, periodDueDate, periodsBetween, proofOfUseDueDate } from '../reports/reporting-calendar';
import type { WorkingDays } from './working-days';

/** What decides a project's obligations. */
export interface ObligationInput {
  /** First commitment per phase (the award dates). */
  firstByPhase: Partial<Record<ProjectPhase, string>>;
  status: ProjectStatus;
  /** Effective date of the change to the current status (null: never changed by an officer). */
  statusSince: string | null;
  /** The Land whose public holidays count (the lead's). */
  land: string | null;
  /** Periodic reports are owed up to the programme's end. */
  programmeEndsOn: string;
}

export interface PlannedObligation {
  type: ReportType;
  period: string;
  legalDueDate: string;
  dueDate: string;
}

/**
 * Every report a project owes, independent of today: a progress report for
 * each period from its first commitment to the programme's end (for a
 * completed or withdrawn project only the periods that ended before the
 * change took effect), and a proof of use for each awarded phase. The due
 * date moves off weekends and the Land's holidays (§ 31 (3) VwVfG).
 */
export function planObligations(input: ObligationInput, plan: ReportingPlan, days: WorkingDays): PlannedObligation[] {
  const planned: { type: ReportType; period: string; legalDueDate: string }[] = [];
  const awards = Object.values(input.firstByPhase).filter((d): d is string => !!d);
  if (awards.length > 0) {
    const first = awards.sort()[0];
    const ended = input.status !== 'active' && input.statusSince !== null ? input.statusSince : null;
    for (const period of periodsBetween(
      periodContaining(first, plan.cadence),
      periodContaining(input.programmeEndsOn, plan.cadence),
      plan.cadence,
    )) {
      if (ended !== null && period.end >= ended) break;
      if (input.status !== 'active' && input.statusSince === null) break;
      planned.push({ type: 'progress', period: period.key, legalDueDate: periodDueDate(period, plan.dueMonthsAfterPeriod) });
    }
  }
  for (const type of Object.keys(PROOF_OF_USE) as (keyof typeof PROOF_OF_USE)[]) {
    const award = input.firstByPhase[PROOF_OF_USE[type].phase];
    if (award) planned.push({ type, period: PROOF_OF_USE[type].period, legalDueDate: proofOfUseDueDate(type, award) });
  }
  return planned.map((p) => ({ ...p, dueDate: days.onOrAfter(p.legalDueDate, input.land) }));
}
