import { Conflict } from '../common/errors/domain-error';

/** Every error the vocabularies raise, with its stable code. */

export const termExists = (code: string) =>
  new Conflict('VOCABULARY.DUPLICATE', `A field of action with the code ${code} exists already.`, [
    { field: 'code', message: `${code} exists already` },
  ]);
