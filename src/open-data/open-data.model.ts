import type { FundingTotals } from '../funding/funding.service';

/** Everything the open-data files are made of, read once from one snapshot. */
export interface OpenDataInput {
  programme: { code: string; name: string; currency: string; startsOn: string; endsOn: string; kfwProgramme: string | null };
  rounds: Map<number, { number: number; year: number; announcedOn: string | null }>;
  categories: Map<string, string>;
  states: Map<string, string>;
  projects: OpenProject[];
  funding: Map<number, FundingTotals>;
}

export interface OpenBody {
  name: string;
  stateCode: string | null;
}

export interface OpenProject {
  id: number;
  slug: string;
  name: string;
  motto: string | null;
  roundId: number;
  categoryCode: string;
  lead: OpenBody | null;
  members: OpenBody[];
  states: string[];
  grantCents: number | null;
  grantUncertain: boolean;
  source: string;
  phase: string;
  status: string;
}

/** The files published, by their name in the URL. */
export const OPEN_DATA_FILES = ['360giving.json', 'projects.csv', 'funding-summary.csv', 'catalog.jsonld'] as const;
export type OpenDataFile = (typeof OPEN_DATA_FILES)[number];

export const OPEN_DATA_TYPES: Record<OpenDataFile, string> = {
  '360giving.json': 'application/json; charset=utf-8',
  'projects.csv': 'text/csv; charset=utf-8',
  'funding-summary.csv': 'text/csv; charset=utf-8',
  'catalog.jsonld': 'application/ld+json; charset=utf-8',
};

/** "8462377.50" from 846237750 cents: a decimal point, no separators, exact. */
export function centsToEuroText(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A cents amount as a JSON number of euros; exact for every amount below 2^53 cents / 100 with two decimals printed by JSON. */
export const centsToEuroNumber = (cents: number): number => Number(centsToEuroText(cents));
