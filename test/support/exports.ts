import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import type { TestApp } from './test-app';
import { downloadArtifact, finishedJob } from './jobs';

/** Export test helpers: request, wait as a client would, download the bytes, read them back with independent parsers. */

export interface ExportRun {
  id: string;
  kind: string;
  status: string;
  progress: number;
  attempts: number;
  params: Record<string, unknown>;
  result: any;
  error: string | null;
  contentHash: string | null;
  dataAsOf: string | null;
  artifact: { name: string; contentType: string; bytes: number; url: string } | null;
}

export function requestExport(t: TestApp, auth: string, body: object, idempotencyKey?: string) {
  const req = t.http.post('/api/v1/exports').set('Authorization', auth);
  if (idempotencyKey !== undefined) req.set('Idempotency-Key', idempotencyKey);
  return req.send(body);
}

export function finishedExport(t: TestApp, auth: string, id: string, timeoutMs = 60_000): Promise<ExportRun> {
  return finishedJob<ExportRun>(t.http, auth, id, timeoutMs);
}

/** The artifact as bytes, with the response (headers) it came in. */
export function download(t: TestApp, auth: string, id: string): Promise<{ res: Response; bytes: Buffer }> {
  return downloadArtifact(t.http, auth, id);
}

/** Requests an export, waits for it, downloads it; a failed run fails the test with its error. */
export async function exportFile(t: TestApp, auth: string, body: object): Promise<{ run: ExportRun; bytes: Buffer; res: Response }> {
  const accepted = await requestExport(t, auth, body);
  if (accepted.status !== 202) throw new Error(`export refused: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const run = await finishedExport(t, auth, accepted.body.id);
  if (run.status !== 'completed') throw new Error(`export ${run.id} failed: ${run.error}`);
  const { res, bytes } = await download(t, auth, run.id);
  expect(res.status).toBe(200);
  return { run, bytes, res };
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** CSV parsed back with csv-parse, in the dialect it claims to be. */
export function parseCsv(bytes: Buffer, dialect: 'excel-de' | 'rfc4180'): string[][] {
  return parse(bytes, {
    bom: dialect === 'excel-de',
    delimiter: dialect === 'excel-de' ? ';' : ',',
    record_delimiter: '\r\n',
    relax_column_count: false,
  });
}

/** "8462377,50" / "8462377.50" → cents, digit by digit (no float). */
export function decimalToCents(text: string, separator: ',' | '.'): number | null {
  if (text === '') return null;
  const match = new RegExp(`^(-?)(\\d+)\\${separator}(\\d{2})$`).exec(text);
  if (!match) throw new Error(`not a ${separator}-decimal amount: "${text}"`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
}

/** "8.462.377,50" (German, in the PDF) for an amount in cents, written independently of the code under test. */
export function germanAmount(cents: number): string {
  const euros = Math.floor(cents / 100).toLocaleString('de-DE');
  return `${euros},${String(cents % 100).padStart(2, '0')}`;
}

const exec = promisify(execFile);

/** Text of a PDF via poppler's pdftotext (Debian package poppler-utils); pages are separated by form feeds. */
export async function pdfText(bytes: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mpsc-pdf-'));
  try {
    const file = join(dir, 'export.pdf');
    writeFileSync(file, bytes);
    try {
      const { stdout } = await exec('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 64 * 1024 * 1024 });
      return stdout;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error('pdftotext is not installed: the PDF export tests read PDFs with poppler (apt-get install -y poppler-utils).', {
          cause: error,
        });
      }
      throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
