import type { FigureChangeDto, GroupChangeDto, ProjectHealthChangeDto } from './rollup.dto';
import type { ProjectHealthEntry, RollupContent } from './rollup-content';

type Figures = Record<string, unknown>;

/** The numeric figures that differ between two figure sets (a figure missing on one side counts as null). */
export function figureChanges(from: Figures | undefined, to: Figures | undefined): Record<string, FigureChangeDto> {
  const changes: Record<string, FigureChangeDto> = {};
  const fields = new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})]);
  for (const field of [...fields].sort()) {
    const a = from?.[field];
    const b = to?.[field];
    const isFigure = (v: unknown) => typeof v === 'number' || v === null || v === undefined;
    if (!isFigure(a) || !isFigure(b) || (typeof a !== 'number' && typeof b !== 'number')) continue;
    const x = typeof a === 'number' ? a : null;
    const y = typeof b === 'number' ? b : null;
    if (x === y) continue;
    changes[field] = { from: x, to: y, delta: x !== null && y !== null ? y - x : null };
  }
  return changes;
}

function groupChanges(from: Figures[], to: Figures[]): GroupChangeDto[] {
  const before = new Map(from.map((g) => [String(g.key), g]));
  const after = new Map(to.map((g) => [String(g.key), g]));
  // Keys in the later snapshot's order, then any that only the earlier one had.
  const keys = [...new Set([...after.keys(), ...before.keys()])];
  const changed: GroupChangeDto[] = [];
  for (const key of keys) {
    const a = before.get(key);
    const b = after.get(key);
    const changes = figureChanges(a, b);
    if (Object.keys(changes).length) changed.push({ key, label: String((b ?? a)?.label ?? key), changes });
  }
  return changed;
}

function healthChanges(from: ProjectHealthEntry[], to: ProjectHealthEntry[]): ProjectHealthChangeDto[] {
  const before = new Map(from.map((p) => [p.projectId, p]));
  const after = new Map(to.map((p) => [p.projectId, p]));
  const ids = [...new Set([...after.keys(), ...before.keys()])].sort((a, b) => a - b);
  const changed: ProjectHealthChangeDto[] = [];
  for (const id of ids) {
    const a = before.get(id);
    const b = after.get(id);
    if (a && b && a.health === b.health && a.reasons.join('\n') === b.reasons.join('\n')) continue;
    changed.push({
      projectId: id,
      name: (b ?? a)?.name ?? '',
      from: a?.health ?? null,
      to: b?.health ?? null,
      reasonsFrom: a?.reasons ?? [],
      reasonsTo: b?.reasons ?? [],
    });
  }
  return changed;
}

/** What changed from one roll-up to a later one of the same kind, figure by figure and group by group. */
export function compareContents(from: RollupContent, to: RollupContent) {
  const groupings = [...new Set([...Object.keys(to.groups), ...Object.keys(from.groups)])];
  const groups: Record<string, GroupChangeDto[]> = {};
  for (const grouping of groupings) {
    const a = (from.groups as unknown as Record<string, Figures[]>)[grouping] ?? [];
    const b = (to.groups as unknown as Record<string, Figures[]>)[grouping] ?? [];
    groups[grouping] = groupChanges(a, b);
  }
  return {
    totals: figureChanges(from.totals as unknown as Figures, to.totals as unknown as Figures),
    groups,
    projects: from.kind === 'progress' && to.kind === 'progress' ? healthChanges(from.projects, to.projects) : [],
  };
}
