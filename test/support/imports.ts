import { finishedJob } from './jobs';
import type { TestApp } from './test-app';

/** A dry run's answer (POST /api/v1/imports with dryRun=true). */
export interface DryRun {
  rows: number;
  valid: number;
  alreadyPresent: number;
  errors: { row: number; column: string; code: string; message: string }[];
}

/** A supertest parser that keeps a download's bytes (templates). */
export function binary(res: NodeJS.ReadableStream, done: (e: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** An import run as GET /jobs/:id shows it once finished. */
export interface ImportRun {
  status: string;
  result: { written: number; alreadyPresent: number };
  error: string | null;
}

/** Uploads a CSV text as `kind` (dry run or commit) for the officer; `committed` waits for the run. Lazy: specs set `t` in beforeAll. */
export function importer(app: () => TestApp, auth: () => string, fileName = 'import.csv') {
  const upload = (csv: string, kind: string, dryRun: boolean) =>
    app()
      .http.post('/api/v1/imports')
      .set('Authorization', auth())
      .field('kind', kind)
      .field('dryRun', String(dryRun))
      .attach('file', Buffer.from(csv), fileName);
  const committed = async (csv: string, kind: string): Promise<ImportRun> => {
    const res = await upload(csv, kind, false).expect(202);
    return finishedJob<ImportRun>(app().http, auth(), res.body.id);
  };
  return { upload, committed };
}
