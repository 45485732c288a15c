import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { Completion } from '../../src/jobs/job-run.statements';
import { waitFor } from './wait';

/** Polls GET /api/v1/jobs/:id as a client would, until the run has finished (completed or failed). */
export function finishedJob<T extends { status: string }>(http: TestAgent, auth: string, id: string, timeoutMs = 60_000): Promise<T> {
  return waitFor(
    async () => (await http.get(`/api/v1/jobs/${id}`).set('Authorization', auth).expect(200)).body as T,
    (run) => run.status === 'completed' || run.status === 'failed',
    timeoutMs,
    `job run ${id}`,
  );
}

/** A run's artifact as bytes, with the response (headers) it came in. */
export async function downloadArtifact(http: TestAgent, auth: string, id: string): Promise<{ res: Response; bytes: Buffer }> {
  const res = await http
    .get(`/api/v1/jobs/${id}/artifact`)
    .set('Authorization', auth)
    .buffer(true)
    .parse((stream, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => callback(null, Buffer.concat(chunks)));
    });
  return { res, bytes: res.body as Buffer };
}

/** A run's completion as a no-op's handler ends it (nothing produced); `fields` set the rest. */
export function completion(fields: Pick<Completion, 'finishedAt' | 'startedAt' | 'result'> & Partial<Completion>): Completion {
  return {
    status: 'completed',
    progress: 100,
    error: null,
    contentHash: null,
    dataAsOf: null,
    artifactPath: null,
    artifactName: null,
    artifactType: null,
    artifactBytes: null,
    attempts: 1,
    ...fields,
  };
}
