import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * The expected numbers, computed straight from seeds/mpsc-projects.csv and
 * independently of the application's seed loader: euros become cents by
 * string arithmetic and sums are BigInt, so no float ever touches them.
 */
export const SEEDS_DIR = join(__dirname, '..', '..', 'seeds');
export const CSV_PATH = join(SEEDS_DIR, 'mpsc-projects.csv');
export const PROGRAMME_PATH = join(SEEDS_DIR, 'programme.json');

export interface CsvProject {
  line: number;
  round: number;
  year: number;
  name: string;
  lead: string | null;
  members: string[];
  category: string;
  stateNames: string[];
  /** Federal grant in cents, or null where no source states one. */
  grantCents: bigint | null;
  uncertain: boolean;
}

/** "8462377.50" → 846237750n, by moving the decimal point in the text. */
export function euroTextToCents(text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new Error(`not a euro amount: ${text}`);
  return BigInt(match[1] + (match[2] ?? '').padEnd(2, '0'));
}

export function csvText(): string {
  return readFileSync(CSV_PATH, 'utf8');
}

export function programmeFile() {
  return JSON.parse(readFileSync(PROGRAMME_PATH, 'utf8'));
}

const list = (value: string) =>
  value
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

export function csvProjects(): CsvProject[] {
  const records: { record: Record<string, string>; info: { lines: number } }[] = parse(csvText(), {
    columns: true,
    info: true,
  });
  return records.map(({ record, info }) => ({
    line: info.lines,
    round: Number(record.staffel),
    year: Number(record.year),
    name: record.name,
    lead: record.lead_municipality || null,
    members: list(record.members),
    category: record.category,
    stateNames: list(record.bundesland),
    grantCents: record.funding_eur === '' ? null : euroTextToCents(record.funding_eur),
    uncertain: record.source.startsWith('uncertain:'),
  }));
}

export function sumCents(projects: CsvProject[]): bigint {
  return projects.reduce((sum, p) => sum + (p.grantCents ?? 0n), 0n);
}

/** The CSV's category names, keyed by the API's codes. */
export const CSV_CATEGORY: Record<string, string> = {
  GROSSSTADT: 'Grossstadt',
  MITTELSTADT: 'Mittelstadt',
  KLEINSTADT_LANDGEMEINDE: 'Kleinstadt/Landgemeinde',
  INTERKOMMUNAL_LANDKREIS: 'Interkommunale Kooperation/Landkreis',
};

/** ISO 3166-2:DE, the 16 Länder. */
export const LAENDER: Record<string, string> = {
  'DE-BW': 'Baden-Württemberg',
  'DE-BY': 'Bayern',
  'DE-BE': 'Berlin',
  'DE-BB': 'Brandenburg',
  'DE-HB': 'Bremen',
  'DE-HH': 'Hamburg',
  'DE-HE': 'Hessen',
  'DE-MV': 'Mecklenburg-Vorpommern',
  'DE-NI': 'Niedersachsen',
  'DE-NW': 'Nordrhein-Westfalen',
  'DE-RP': 'Rheinland-Pfalz',
  'DE-SL': 'Saarland',
  'DE-SN': 'Sachsen',
  'DE-ST': 'Sachsen-Anhalt',
  'DE-SH': 'Schleswig-Holstein',
  'DE-TH': 'Thüringen',
};
