import { invalidOptions } from './synthetic.errors';

/** What the synthetic generator is asked for; checked the same way from the CLI and from code. */
export interface SyntheticOptions {
  projects: number;
  years: number;
  seed?: number;
  force?: boolean;
  onProgress?: (done: number, total: number, stage: string) => void;
}

export const SYNTHETIC_LIMITS = {
  projects: { min: 1, max: 2_000_000 },
  years: { min: 1, max: 12 },
  seed: { min: 0, max: 4_294_967_295 },
} as const;

export { SyntheticPortfolioError } from './synthetic.errors';

export const DEFAULT_SEED = 1;

function checkInt(name: keyof typeof SYNTHETIC_LIMITS, value: unknown, problems: string[]): void {
  const { min, max } = SYNTHETIC_LIMITS[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`--${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')} (got ${JSON.stringify(value)})`);
  }
}

/** The options with the seed filled in, or a SyntheticPortfolioError listing every bad one. */
export function checkSyntheticOptions(
  options: SyntheticOptions,
): Required<Pick<SyntheticOptions, 'projects' | 'years' | 'seed' | 'force'>> {
  const problems: string[] = [];
  checkInt('projects', options.projects, problems);
  checkInt('years', options.years, problems);
  const seed = options.seed ?? DEFAULT_SEED;
  checkInt('seed', seed, problems);
  if (problems.length) throw invalidOptions('The synthetic portfolio options are not valid; nothing was written:', problems);
  return { projects: options.projects, years: options.years, seed, force: options.force === true };
}

const USAGE = 'usage: npm run seed:synthetic -- --projects N --years Y [--seed S] [--force]';

/**
 * Parses `--projects 1000 --years 3 --seed 7 --force` (also `--projects=1000`).
 * Numbers must be written as plain digits: "1e3", "10k" and "3.5" are refused
 * rather than guessed at.
 */
export function parseSyntheticArgs(argv: readonly string[]): Omit<SyntheticOptions, 'onProgress'> | 'help' {
  const problems: string[] = [];
  const values: Partial<Record<'projects' | 'years' | 'seed', number>> = {};
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--force') {
      force = true;
      continue;
    }
    const match = /^--(projects|years|seed)(?:=(.*))?$/.exec(arg);
    if (!match) {
      problems.push(`unknown argument "${arg}"`);
      continue;
    }
    const name = match[1] as 'projects' | 'years' | 'seed';
    let raw = match[2];
    if (raw === undefined) {
      raw = argv[i + 1];
      if (raw === undefined || raw.startsWith('--')) {
        problems.push(`--${name} needs a value`);
        continue;
      }
      i++;
    }
    const { min, max } = SYNTHETIC_LIMITS[name];
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      problems.push(`--${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')} (got "${raw}")`);
      continue;
    }
    values[name] = Number(raw);
  }
  if (values.projects === undefined && !problems.some((p) => p.startsWith('--projects'))) problems.push('--projects is required');
  if (values.years === undefined && !problems.some((p) => p.startsWith('--years'))) problems.push('--years is required');
  if (problems.length) throw invalidOptions(`Invalid arguments (${USAGE}):`, problems);
  return { projects: values.projects as number, years: values.years as number, seed: values.seed, force };
}

export const SYNTHETIC_USAGE = `${USAGE}

Fills the database named by DATABASE_URL with a deterministic synthetic
programme "SYNTH-<seed>" (labelled synthetic) for benchmarks:
  --projects N   projects to generate, ${SYNTHETIC_LIMITS.projects.min} to ${SYNTHETIC_LIMITS.projects.max.toLocaleString('en-US')}
  --years Y      funding rounds, one a year from 2019, ${SYNTHETIC_LIMITS.years.min} to ${SYNTHETIC_LIMITS.years.max}
  --seed S       ${SYNTHETIC_LIMITS.seed.min} to ${SYNTHETIC_LIMITS.seed.max} (default ${DEFAULT_SEED}); the same seed gives the same rows
  --force        write even into a database that holds the real programme`;
