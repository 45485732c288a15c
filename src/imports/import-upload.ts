import type { FastifyRequest } from 'fastify';
import { ValidationFailed } from '../common/errors/domain-error';
import { IMPORT_KINDS, type ImportKind } from './import-rows';
import { fileMissing, fileTooLarge } from './imports.errors';

export interface Upload {
  bytes: Buffer;
  fileName: string;
  kind: ImportKind;
  dryRun: boolean;
}

/** Reads the multipart form (`file`, `kind`, `dryRun`, in any order); the file is cut off at maxBytes (413). */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!request.isMultipart()) throw fileMissing();
  const fields: Record<string, string> = {};
  let file: { bytes: Buffer; fileName: string } | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 1000 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file') file = { bytes, fileName: part.filename || 'upload' };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(maxBytes);
    if (code.startsWith('FST_')) throw new ValidationFailed([{ field: 'file', message: (error as Error).message }]);
    throw error;
  }
  if (!file) throw fileMissing();
  const problems = [];
  if (!(IMPORT_KINDS as readonly string[]).includes(fields.kind))
    problems.push({ field: 'kind', message: `kind must be one of ${IMPORT_KINDS.join(', ')}` });
  const dryRun = fields.dryRun ?? 'true';
  if (dryRun !== 'true' && dryRun !== 'false') problems.push({ field: 'dryRun', message: 'dryRun must be true or false' });
  if (problems.length) throw new ValidationFailed(problems);
  return { ...file, kind: fields.kind as ImportKind, dryRun: dryRun === 'true' };
}
