import { stringify } from 'csv-stringify/sync';
import { centsToEuroText, type OpenDataInput } from './open-data.model';

/** Column names of the public CSVs: stable, English, snake_case (README "Data in and out" documents each). */
export const PROJECT_COLUMNS = [
  'project_id',
  'slug',
  'name',
  'motto',
  'round',
  'round_year',
  'category',
  'states',
  'lead_body',
  'members',
  'grant_eur',
  'grant_known',
  'grant_uncertain',
  'grant_source',
  'phase',
  'status',
] as const;

export const SUMMARY_COLUMNS = [
  'dimension',
  'key',
  'label',
  'projects',
  'projects_with_unknown_grant',
  'granted_eur',
  'committed_eur',
  'disbursed_eur',
  'remaining_eur',
] as const;

const csv = (rows: unknown[][]): string => stringify(rows, { record_delimiter: 'windows', quoted_match: /^[=+\-@\t\r]/ });

/** One row per project; RFC 4180 (comma, CRLF), UTF-8; amounts in euros with a decimal point; unknown grant = empty cell. */
export function projectsCsv(input: OpenDataInput): string {
  const rows: unknown[][] = [[...PROJECT_COLUMNS]];
  for (const p of input.projects) {
    const round = input.rounds.get(p.roundId);
    rows.push([
      p.id,
      p.slug,
      p.name,
      p.motto ?? '',
      round?.number,
      round?.year,
      p.categoryCode,
      p.states.join(' '),
      p.lead?.name ?? '',
      p.members.map((m) => m.name).join('|'),
      p.grantCents === null ? '' : centsToEuroText(p.grantCents),
      p.grantCents === null ? 'false' : 'true',
      p.grantUncertain ? 'true' : 'false',
      p.source,
      p.phase,
      p.status,
    ]);
  }
  return csv(rows);
}

interface Group {
  projects: number;
  unknown: number;
  granted: number;
  committed: number;
  disbursed: number;
}

function groupsBy(input: OpenDataInput, keysOf: (p: OpenDataInput['projects'][number]) => string[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const p of input.projects) {
    const totals = input.funding.get(p.id);
    for (const key of keysOf(p)) {
      const g = groups.get(key) ?? { projects: 0, unknown: 0, granted: 0, committed: 0, disbursed: 0 };
      g.projects += 1;
      if (p.grantCents === null) g.unknown += 1;
      else g.granted += p.grantCents;
      g.committed += totals?.committedCents ?? 0;
      g.disbursed += totals?.disbursedCents ?? 0;
      groups.set(key, g);
    }
  }
  return groups;
}

/**
 * Funding by programme, Staffel, category and Land (a multi-Land project counts in each of its Länder): known grants
 * with the number of unknown ones beside them, commitments and disbursements. Aggregates only: a project's own
 * ledger stays with those allowed to read it.
 */
export function fundingSummaryCsv(input: OpenDataInput): string {
  const rows: unknown[][] = [[...SUMMARY_COLUMNS]];
  const push = (dimension: string, groups: Map<string, Group>, label: (key: string) => string) => {
    for (const [key, g] of [...groups].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
      const euros = [g.granted, g.committed, g.disbursed, g.committed - g.disbursed].map(centsToEuroText);
      rows.push([dimension, key, label(key), g.projects, g.unknown, ...euros]);
    }
  };
  push(
    'programme',
    groupsBy(input, () => [input.programme.code]),
    () => input.programme.name,
  );
  const roundOf = (p: OpenDataInput['projects'][number]) => String(input.rounds.get(p.roundId)?.number);
  push(
    'round',
    groupsBy(input, (p) => [roundOf(p)]),
    (key) => `Staffel ${key}`,
  );
  push(
    'category',
    groupsBy(input, (p) => [p.categoryCode]),
    (key) => input.categories.get(key) ?? key,
  );
  push(
    'state',
    groupsBy(input, (p) => p.states),
    (key) => input.states.get(key) ?? key,
  );
  return csv(rows);
}
