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
