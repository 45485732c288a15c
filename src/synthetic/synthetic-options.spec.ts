import { checkSyntheticOptions, parseSyntheticArgs, SyntheticPortfolioError } from './synthetic-options';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SyntheticPortfolioError);
    expect((error as SyntheticPortfolioError).code).toBe('SYNTHETIC.INVALID_OPTIONS');
    return (error as SyntheticPortfolioError).problems;
  }
  throw new Error('expected a refusal');
};

describe('synthetic portfolio arguments', () => {
  it('reads --name value and --name=value, with the seed and --force optional', () => {
    expect(parseSyntheticArgs(['--projects', '1000', '--years=3'])).toEqual({ projects: 1000, years: 3, seed: undefined, force: false });
    expect(parseSyntheticArgs(['--seed=7', '--force', '--years', '12', '--projects', '2000000'])).toEqual({
      projects: 2_000_000,
      years: 12,
      seed: 7,
      force: true,
    });
    expect(parseSyntheticArgs(['--projects', '5', '--help'])).toBe('help');
  });

  it('names every bad argument at once, and guesses at none', () => {
    expect(problemsOf(() => parseSyntheticArgs(['--projects', '0', '--years', '13', '--seed', 'abc', '--bogus']))).toEqual([
      '--projects must be a whole number from 1 to 2,000,000 (got "0")',
      '--years must be a whole number from 1 to 12 (got "13")',
      '--seed must be a whole number from 0 to 4,294,967,295 (got "abc")',
      'unknown argument "--bogus"',
    ]);
    expect(problemsOf(() => parseSyntheticArgs(['--projects', '1e3', '--years', '2.5']))).toEqual([
      '--projects must be a whole number from 1 to 2,000,000 (got "1e3")',
      '--years must be a whole number from 1 to 12 (got "2.5")',
    ]);
    expect(problemsOf(() => parseSyntheticArgs(['--projects', '2000001', '--seed', '-1']))).toEqual([
      '--projects must be a whole number from 1 to 2,000,000 (got "2000001")',
      '--seed must be a whole number from 0 to 4,294,967,295 (got "-1")',
      '--years is required',
    ]);
    expect(problemsOf(() => parseSyntheticArgs([]))).toEqual(['--projects is required', '--years is required']);
  });

  it('checks options passed from code the same way, defaulting the seed to 1', () => {
    expect(checkSyntheticOptions({ projects: 10, years: 2 })).toEqual({ projects: 10, years: 2, seed: 1, force: false });
    expect(problemsOf(() => checkSyntheticOptions({ projects: 1.5, years: 0, seed: -3 }))).toEqual([
      '--projects must be a whole number from 1 to 2,000,000 (got 1.5)',
      '--years must be a whole number from 1 to 12 (got 0)',
      '--seed must be a whole number from 0 to 4,294,967,295 (got -3)',
    ]);
  });
});
