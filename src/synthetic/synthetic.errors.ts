/** Every refusal of the synthetic generator (a command line tool: no HTTP status), with its stable code. */

export type SyntheticErrorCode = 'SYNTHETIC.INVALID_OPTIONS' | 'SYNTHETIC.REAL_PROGRAMME' | 'SYNTHETIC.SEED_EXISTS';

/** A refusal of the generator: bad options, or a database it must not write into. Nothing has been written when it is thrown. */
export class SyntheticPortfolioError extends Error {
  constructor(
    readonly code: SyntheticErrorCode,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}\n  ${problems.join('\n  ')}` : message);
    this.name = 'SyntheticPortfolioError';
  }
}

export const invalidOptions = (message: string, problems: string[]) =>
  new SyntheticPortfolioError('SYNTHETIC.INVALID_OPTIONS', message, problems);

export const realProgramme = (codes: string[]) =>
  new SyntheticPortfolioError(
    'SYNTHETIC.REAL_PROGRAMME',
    `This database holds the real programme ${codes.join(', ')}; refusing to add synthetic data beside it. ` +
      'Point DATABASE_URL at a fresh database, or pass --force to add the synthetic programme anyway. Nothing was written.',
  );

export const seedExists = (code: string, id: number, incomplete: string) =>
  new SyntheticPortfolioError(
    'SYNTHETIC.SEED_EXISTS',
    `This database already holds the programme ${code} (id ${id}); refusing to add a second one with the same seed.${incomplete} ` +
      'Choose another --seed, or use a fresh database. Nothing was written.',
  );
