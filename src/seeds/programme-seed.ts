import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BodyKind } from '../bodies/body.entity';
import { foldText, slugify } from '../common/text';
import { euroStringToCents } from '../database/money';
import type { CategoryCode } from '../programme/category.entity';
import type { ProjectPhase, ProjectStatus } from '../projects/project.entity';

/** `seeds/` at the repository root: the project's own copy of the real data. */
export const SEEDS_DIR = resolve(__dirname, '..', '..', 'seeds');

export class SeedError extends Error {
  constructor(readonly problems: string[]) {
    super(`The seed data is not valid; nothing was loaded:\n  ${problems.join('\n  ')}`);
    this.name = 'SeedError';
  }
}

export interface SeedProgramme {
  code: string;
  name: string;
  budgetCents: number;
  currency: string;
  standardRateBp: number;
  reducedRateBp: number;
  kfwProgramme: string;
  startsOn: string;
  endsOn: string;
  source: string;
}

export interface SeedRound {
  number: number;
  year: number;
  motto: string | null;
  selectedCount: number;
  announcedOn: string | null;
  source: string;
}

export interface SeedBody {
  name: string;
  kind: BodyKind;
  stateCode: string;
}

export interface SeedProject {
  line: number;
  slug: string;
  name: string;
  motto: string | null;
  roundNumber: number;
  categoryCode: CategoryCode;
  leadName: string | null;
  memberNames: string[];
  stateCodes: string[];
  grantCents: number | null;
  grantUncertain: boolean;
  source: string;
  phase: ProjectPhase;
  status: ProjectStatus;
  searchText: string;
}

export interface SeedData {
  programme: SeedProgramme;
  rounds: SeedRound[];
  categories: { code: CategoryCode; name: string; sortOrder: number }[];
  states: { code: string; name: string }[];
  bodies: SeedBody[];
  projects: SeedProject[];
}

interface ProgrammeFile {
  programme: SeedProgramme;
  rounds: SeedRound[];
  categories: { code: CategoryCode; name: string; csv: string }[];
  states: { code: string; name: string }[];
  projectStatus: {
    defaultPhase: ProjectPhase;
    defaultStatus: ProjectStatus;
    overrides: { name: string; status?: ProjectStatus; phase?: ProjectPhase; source: string }[];
  };
}

const COLUMNS = ['staffel', 'year', 'name', 'lead_municipality', 'members', 'category', 'bundesland', 'funding_eur', 'theme', 'source'];

export function inferBodyKind(name: string): BodyKind {
  if (/^Amt\s/.test(name)) return 'amt';
  if (/^(VG|Verbandsgemeinde|Samtgemeinde)\s/.test(name)) return 'association_of_municipalities';
  if (/^Verband\s/.test(name)) return 'regional_association';
  if (/\b(GmbH|AöR)$/.test(name)) return 'company';
  if (/^(Land)?[Kk]reis\s|^Eifelkreis\s|-Kreis$/.test(name)) return 'district';
  return 'municipality';
}

const splitList = (value: string) =>
  value
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** Reads and checks the whole seed before anything is written: a bad row names its line and nothing loads. */
export function readSeedData(dir = SEEDS_DIR): SeedData {
  const file = JSON.parse(readFileSync(join(dir, 'programme.json'), 'utf8')) as ProgrammeFile;
  const csvText = readFileSync(join(dir, 'mpsc-projects.csv'), 'utf8');
  return buildSeedData(file, csvText);
}

export function buildSeedData(file: ProgrammeFile, csvText: string, csvName = 'mpsc-projects.csv'): SeedData {
  const problems: string[] = [];
  const stateByName = new Map(file.states.map((s) => [s.name, s.code]));
  const categoryByCsv = new Map(file.categories.map((c) => [c.csv, c.code]));
  const roundByNumber = new Map(file.rounds.map((r) => [r.number, r]));
  const overrides = new Map(file.projectStatus.overrides.map((o) => [o.name, o]));

  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csvText, {
      columns: (header: string[]) => {
        const missing = COLUMNS.filter((c) => !header.includes(c));
        const extra = header.filter((c) => !COLUMNS.includes(c));
        if (missing.length || extra.length) {
          throw new Error(`header must be ${COLUMNS.join(',')} (missing: ${missing.join(',') || '-'}; unknown: ${extra.join(',') || '-'})`);
        }
        return header;
      },
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
    });
  } catch (error) {
    throw new SeedError([`${csvName}: ${(error as Error).message}`]);
  }

  const bodies = new Map<string, SeedBody>();
  const slugs = new Map<string, number>();
  const projects: SeedProject[] = [];

  for (const { record, info } of records) {
    const line = info.lines;
    const at = (message: string) => problems.push(`${csvName} line ${line}: ${message}`);
    const name = record.name.trim();
    if (!name) at('name is empty');
    if (name.length > 300) at('name is longer than 300 characters');

    const roundNumber = Number(record.staffel);
    const round = roundByNumber.get(roundNumber);
    if (!round) at(`staffel "${record.staffel}" is not a known round`);
    else if (String(round.year) !== record.year.trim()) at(`year "${record.year}" does not match staffel ${roundNumber} (${round.year})`);

    const categoryCode = categoryByCsv.get(record.category.trim());
    if (!categoryCode) at(`category "${record.category}" is not one of ${[...categoryByCsv.keys()].join(', ')}`);

    const stateNames = splitList(record.bundesland);
    if (stateNames.length === 0) at('bundesland is empty');
    const stateCodes: string[] = [];
    for (const stateName of stateNames) {
      const code = stateByName.get(stateName);
      if (code) stateCodes.push(code);
      else at(`bundesland "${stateName}" is not a German Land`);
    }

    let grantCents: number | null = null;
    if (record.funding_eur.trim() !== '') {
      try {
        grantCents = euroStringToCents(record.funding_eur);
      } catch (error) {
        at(`funding_eur: ${(error as Error).message}`);
      }
    }

    const source = record.source.trim();
    if (!source) at('source is empty: every row needs its source');

    const slug = slugify(name);
    if (!slug) at('name gives an empty slug');
    const seenOn = slugs.get(slug);
    if (seenOn !== undefined) at(`duplicate project (same slug "${slug}" as line ${seenOn})`);
    slugs.set(slug, line);

    const leadName = record.lead_municipality.trim() || null;
    const memberNames = splitList(record.members);
    for (const bodyName of [leadName, ...memberNames]) {
      if (!bodyName || bodies.has(bodyName)) continue;
      if (bodyName.length > 200) at(`body name "${bodyName.slice(0, 40)}…" is longer than 200 characters`);
      // A body in a cooperation that spans Länder sits in the Land listed at its position.
      const index = memberNames.indexOf(bodyName);
      const stateCode =
        stateCodes.length > 1 && stateCodes.length === memberNames.length && index >= 0 ? stateCodes[index] : stateCodes[0];
      bodies.set(bodyName, { name: bodyName, kind: inferBodyKind(bodyName), stateCode });
    }

    const override = overrides.get(name);
    const motto = record.theme.trim() || null;
    projects.push({
      line,
      slug,
      name,
      motto,
      roundNumber,
      categoryCode: categoryCode as CategoryCode,
      leadName,
      memberNames,
      stateCodes,
      grantCents,
      grantUncertain: source.toLowerCase().startsWith('uncertain:'),
      source,
      phase: override?.phase ?? file.projectStatus.defaultPhase,
      status: override?.status ?? file.projectStatus.defaultStatus,
      searchText: foldText([name, motto, leadName, ...memberNames].filter(Boolean).join(' | ')),
    });
  }

  for (const name of overrides.keys()) {
    if (!projects.some((p) => p.name === name)) problems.push(`programme.json: status override for unknown project "${name}"`);
  }
  if (problems.length) throw new SeedError(problems);

  return {
    programme: file.programme,
    rounds: file.rounds,
    categories: file.categories.map((c, i) => ({ code: c.code, name: c.name, sortOrder: i + 1 })),
    states: file.states,
    bodies: [...bodies.values()],
    projects,
  };
}
