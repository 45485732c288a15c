import type { ErrorDetail } from '../common/errors/domain-error';
import type { ReportChangeDto, ReportContentDto } from './report.dto';

/*
 * Pure rules about a report's content: what must be there to submit it, and
 * what changed between two submissions. No database, no clock.
 */

const blank = (text: string | null | undefined) => text === null || text === undefined || text.trim() === '';

/** What is missing before a report can be submitted; empty when it is complete. */
export function submissionProblems(content: ReportContentDto): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (blank(content.narrative)) problems.push({ field: 'narrative', message: 'narrative is required to submit' });
  if (content.overallStatus === null) {
    problems.push({ field: 'overallStatus', message: 'overallStatus is required to submit (on_track, at_risk or off_track)' });
  } else if (content.overallStatus !== 'on_track' && blank(content.overallStatusReason)) {
    problems.push({
      field: 'overallStatusReason',
      message: `overallStatusReason is required when overallStatus is ${content.overallStatus}`,
    });
  }
  return problems;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Matches list entries by a key (a milestone's title, …). Entries sharing a
 * key are paired in order, so two milestones with one title stay apart.
 */
function diffList<T>(field: string, before: T[], after: T[], keyOf: (entry: T) => string, changes: ReportChangeDto[]): void {
  const remaining = new Map<string, T[]>();
  for (const entry of before) {
    const list = remaining.get(keyOf(entry)) ?? [];
    list.push(entry);
    remaining.set(keyOf(entry), list);
  }
  for (const entry of after) {
    const key = keyOf(entry);
    const previous = remaining.get(key)?.shift();
    if (previous === undefined) changes.push({ field, change: 'added', key, to: entry });
    else if (!same(previous, entry)) changes.push({ field, change: 'changed', key, from: previous, to: entry });
  }
  for (const [key, list] of remaining) {
    for (const entry of list) changes.push({ field, change: 'removed', key, from: entry });
  }
}

function diffValue(field: string, before: unknown, after: unknown, changes: ReportChangeDto[], withValues = true): void {
  if (same(before, after)) return;
  const change = before === null ? 'added' : after === null ? 'removed' : 'changed';
  changes.push(withValues ? { field, change, from: before, to: after } : { field, change });
}

/** Field by field, what `after` changes compared with `before` (the previous submission). */
export function contentChanges(before: ReportContentDto, after: ReportContentDto): ReportChangeDto[] {
  const changes: ReportChangeDto[] = [];
  // The narrative can be 50 000 characters: say that it changed, the content shows how.
  diffValue('narrative', before.narrative, after.narrative, changes, false);
  diffValue('overallStatus', before.overallStatus, after.overallStatus, changes);
  diffValue('overallStatusReason', before.overallStatusReason, after.overallStatusReason, changes);
  diffList('milestones', before.milestones, after.milestones, (m) => m.title, changes);
  diffList('indicators', before.indicators, after.indicators, (i) => i.name, changes);
  const amounts = (content: ReportContentDto) => new Map(content.spending.map((s) => [s.costCategory as string, s.amountCents]));
  const was = amounts(before);
  const now = amounts(after);
  for (const category of new Set([...was.keys(), ...now.keys()])) {
    const from = was.get(category) ?? null;
    const to = now.get(category) ?? null;
    if (from === to) continue;
    changes.push({ field: 'spending', change: from === null ? 'added' : to === null ? 'removed' : 'changed', key: category, from, to });
  }
  diffList('risks', before.risks, after.risks, (r) => r.description, changes);
  diffList('measureProgress', before.measureProgress ?? [], after.measureProgress ?? [], (m) => m.measureId, changes);
  diffList('indicatorActuals', before.indicatorActuals ?? [], after.indicatorActuals ?? [], (i) => `${i.goalId}/${i.indicatorId}`, changes);
  return changes;
}
