import { DomainError, RuleViolation, ValidationFailed } from '../common/errors/domain-error';

/**
 * Every error of a bulk import, with its stable code. File-level problems refuse the upload (4xx, nothing
 * written); row-level ones are listed per row in a dry run and make a commit fail as a whole (422).
 */

export const fileMissing = () =>
  new ValidationFailed([{ field: 'file', message: 'send multipart/form-data with one file in the field "file"' }]);

export const fileTooLarge = (maxBytes: number) =>
  new DomainError('payload_too_large', 'IMPORT.FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes.`, [
    { field: 'file', message: `at most ${maxBytes} bytes`, maxBytes },
  ]);

export const fileUnreadable = (why: string) =>
  new DomainError('validation', 'IMPORT.FILE_UNREADABLE', `The file cannot be read: ${why}`, [{ field: 'file', message: why }]);

export const macrosRefused = () =>
  new DomainError('validation', 'IMPORT.MACROS_REFUSED', 'Files with macros (.xlsm) are refused: save the sheet as .xlsx or CSV.', [
    { field: 'file', message: 'contains macros' },
  ]);

export const tooManyRows = (maxRows: number, rows: number) =>
  new DomainError('validation', 'IMPORT.TOO_MANY_ROWS', `The file has ${rows} rows or more; at most ${maxRows} are accepted per file.`, [
    { field: 'file', message: `at most ${maxRows} rows`, maxRows },
  ]);

export const columnsMissing = (missing: string[]) =>
  new DomainError('validation', 'IMPORT.COLUMNS_MISSING', `The header row lacks the column(s) ${missing.join(', ')}.`, [
    { field: 'file', message: `missing columns: ${missing.join(', ')}`, missing },
  ]);

export const rowsInvalid = (count: number) =>
  new RuleViolation('IMPORT.ROWS_INVALID', `${count} row(s) have errors; nothing was written. Run a dry run to see them.`);

/** Row-level problems: reported as `errors[]` of a dry run, each with the row and column. */
export const formulaRefused = () => new RuleViolation('IMPORT.FORMULA_REFUSED', 'The cell holds a formula; enter the value itself.');
export const valueInvalid = (message: string) => new RuleViolation('IMPORT.VALUE_INVALID', message);
export const projectUnknown = (text: string) =>
  new RuleViolation('IMPORT.PROJECT_UNKNOWN', `No project has the id, slug or name "${text}".`);
export const projectAmbiguous = (text: string, count: number) =>
  new RuleViolation('IMPORT.PROJECT_AMBIGUOUS', `${count} projects have the name "${text}"; give its id or slug.`);
export const duplicateRef = (firstRow: number) =>
  new RuleViolation('IMPORT.DUPLICATE_REF', `The same external reference as row ${firstRow}: each booking may appear once per file.`);
export const originalUnknown = (type: string, ref: string) =>
  new RuleViolation('IMPORT.ORIGINAL_UNKNOWN', `No ${type} has the external reference "${ref}"; give its id in original_id instead.`);
export const refInUse = (ref: string, kind: string) =>
  new RuleViolation(
    'IMPORT.REF_IN_USE',
    `The external reference "${ref}" is stored already on a ${kind}, not on an entry of this file's kind: give this booking its own.`,
  );
