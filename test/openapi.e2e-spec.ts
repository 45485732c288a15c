import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { dumpOpenApi } from '../src/scripts/openapi-dump';

/**
 * The OpenAPI document a generated client is built from: dumped without listening (as the build does),
 * then checked by Redocly's recommended rules (@redocly/cli lint), which must report no error.
 */
interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

const REDOCLY = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
type Operation = { security?: object[]; parameters?: { name: string; in: string }[]; responses: Record<string, { content?: object }> };

describe('the OpenAPI document', () => {
  let dir: string;
  let file: string;
  let document: { servers: object[]; paths: Record<string, Record<string, Operation>> };
  let problems: Problem[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mpsc-openapi-'));
    file = join(dir, 'openapi.json');
    await dumpOpenApi(file);
    document = JSON.parse(readFileSync(file, 'utf8'));
    // redocly exits 1 when it finds errors; its JSON report is on stdout either way.
    const run = await promisify(execFile)(process.execPath, [REDOCLY, 'lint', file, '--format=json'], { maxBuffer: 32 << 20 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    problems = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))).problems;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );

  it('passes @redocly/cli lint (recommended rules) with no error', () => {
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it('keeps warnings to routes that cannot answer 4xx (public reads without input, sign-out)', () => {
    const warned = problems.filter((p) => p.severity === 'warn').map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
    expect(warned.every((w) => w.startsWith('operation-4xx-response'))).toBe(true);
    // 8 before, plus the four open-data files (public, no input).
    expect(warned.length).toBeLessThanOrEqual(12);
  });

  it('marks public routes `security: []` and every other route bearer-or-cookie, with 401 documented', () => {
    const routes = Object.fromEntries(operations().map(({ route, op }) => [route, op]));
    for (const route of [
      'GET /api/v1/programme',
      'GET /api/v1/projects/{id}',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/session',
      'GET /health',
    ]) {
      expect({ route, security: routes[route].security }).toEqual({ route, security: [] });
    }
    for (const { route, op } of operations().filter(({ op }) => op.security?.length)) {
      expect({ route, security: op.security }).toEqual({ route, security: [{ bearer: [] }, { cookie: [] }] });
      expect({ route, has401: '401' in op.responses }).toEqual({ route, has401: true });
    }
    expect(document.servers.length).toBeGreaterThan(0);
  });

  it('declares the id of users and notifications, and answers every 4xx in the error contract', () => {
    for (const [path, method] of [
      ['/api/v1/users/{id}', 'get'],
      ['/api/v1/users/{id}', 'patch'],
      ['/api/v1/notifications/{id}/read', 'post'],
    ]) {
      expect(document.paths[path][method].parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]),
      );
    }
    for (const { route, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses).filter(([status]) => status.startsWith('4'))) {
        expect({ route, status, content: response.content }).toEqual({
          route,
          status,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
        });
      }
    }
  });
});
