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

type CsvRecord = { record: Record<string, string>; info: { lines: number } };

function parseRecords(csvText: string, csvName: string): CsvRecord[] {
  try {
    return parse(csvText, {
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
}

/** What reading the rows needs and collects: the lookups from programme.json, the bodies and slugs seen so far. */
class RowReader {
  readonly bodies = new Map<string, SeedBody>();
  private readonly slugs = new Map<string, number>();
  private readonly stateByName: Map<string, string>;
  private readonly categoryByCsv: Map<string, CategoryCode>;
  private readonly roundByNumber: Map<number, ProgrammeFile['rounds'][number]>;
  readonly overrides: Map<string, ProgrammeFile['projectStatus']['overrides'][number]>;

  constructor(private readonly file: ProgrammeFile) {
    this.stateByName = new Map(file.states.map((s) => [s.name, s.code]));
    this.categoryByCsv = new Map(file.categories.map((c) => [c.csv, c.code]));
    this.roundByNumber = new Map(file.rounds.map((r) => [r.number, r]));
    this.overrides = new Map(file.projectStatus.overrides.map((o) => [o.name, o]));
  }

  /** One CSV row as a project; each problem is reported through `at` (the row is kept, the seed will be refused). */
  project(record: Record<string, string>, line: number, at: (message: string) => void): SeedProject {
    const name = record.name.trim();
    if (!name) at('name is empty');
    if (name.length > 300) at('name is longer than 300 characters');
    const roundNumber = Number(record.staffel);
    this.checkRound(record, roundNumber, at);
    const categoryCode = this.categoryByCsv.get(record.category.trim());
    if (!categoryCode) at(`category "${record.category}" is not one of ${[...this.categoryByCsv.keys()].join(', ')}`);
    const stateCodes = this.stateCodes(record.bundesland, at);
    const grantCents = grantOf(record.funding_eur, at);
    const source = record.source.trim();
    if (!source) at('source is empty: every row needs its source');
    const slug = this.slug(name, line, at);
    const leadName = record.lead_municipality.trim() || null;
    const memberNames = splitList(record.members);
    this.addBodies(leadName, memberNames, stateCodes, at);
    const override = this.overrides.get(name);
    const motto = record.theme.trim() || null;
    return {
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
      phase: override?.phase ?? this.file.projectStatus.defaultPhase,
      status: override?.status ?? this.file.projectStatus.defaultStatus,
      searchText: foldText([name, motto, leadName, ...memberNames].filter(Boolean).join(' | ')),
    };
  }

  private checkRound(record: Record<string, string>, roundNumber: number, at: (message: string) => void): void {
    const round = this.roundByNumber.get(roundNumber);
    if (!round) at(`staffel "${record.staffel}" is not a known round`);
    else if (String(round.year) !== record.year.trim()) at(`year "${record.year}" does not match staffel ${roundNumber} (${round.year})`);
  }

  private stateCodes(bundesland: string, at: (message: string) => void): string[] {
    const stateNames = splitList(bundesland);
    if (stateNames.length === 0) at('bundesland is empty');
    const stateCodes: string[] = [];
    for (const stateName of stateNames) {
      const code = this.stateByName.get(stateName);
      if (code) stateCodes.push(code);
      else at(`bundesland "${stateName}" is not a German Land`);
    }
    return stateCodes;
  }

  private slug(name: string, line: number, at: (message: string) => void): string {
    const slug = slugify(name);
    if (!slug) at('name gives an empty slug');
    const seenOn = this.slugs.get(slug);
    if (seenOn !== undefined) at(`duplicate project (same slug "${slug}" as line ${seenOn})`);
    this.slugs.set(slug, line);
    return slug;
  }

  private addBodies(leadName: string | null, memberNames: string[], stateCodes: string[], at: (message: string) => void): void {
    for (const bodyName of [leadName, ...memberNames]) {
      if (!bodyName || this.bodies.has(bodyName)) continue;
      if (bodyName.length > 200) at(`body name "${bodyName.slice(0, 40)}…" is longer than 200 characters`);
      // A body in a cooperation that spans Länder sits in the Land listed at its position.
      const index = memberNames.indexOf(bodyName);
      const stateCode =
        stateCodes.length > 1 && stateCodes.length === memberNames.length && index >= 0 ? stateCodes[index] : stateCodes[0];
      this.bodies.set(bodyName, { name: bodyName, kind: inferBodyKind(bodyName), stateCode });
    }
  }
}

/** The grant in cents; an empty cell is an unknown grant (null), never 0. */
function grantOf(fundingEur: string, at: (message: string) => void): number | null {
  if (fundingEur.trim() === '') return null;
  try {
    return euroStringToCents(fundingEur);
  } catch (error) {
    at(`funding_eur: ${(error as Error).message}`);
    return null;
  }
}

export function buildSeedData(file: ProgrammeFile, csvText: string, csvName = 'mpsc-projects.csv'): SeedData {
  const problems: string[] = [];
  const reader = new RowReader(file);
  const projects = parseRecords(csvText, csvName).map(({ record, info }) =>
    reader.project(record, info.lines, (message) => problems.push(`${csvName} line ${info.lines}: ${message}`)),
  );
  for (const name of reader.overrides.keys()) {
    if (!projects.some((p) => p.name === name)) problems.push(`programme.json: status override for unknown project "${name}"`);
  }
  if (problems.length) throw new SeedError(problems);

  return {
    programme: file.programme,
    rounds: file.rounds,
    categories: file.categories.map((c, i) => ({ code: c.code, name: c.name, sortOrder: i + 1 })),
    states: file.states,
    bodies: [...reader.bodies.values()],
    projects,
  };
}
