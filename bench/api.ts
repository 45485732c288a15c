import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Header, Module, Param } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory';
import { Public } from '../src/auth/auth.decorators';
import { benchConfig, BenchOptions, lastJson, ROOT, round, Row, sqliteFile } from './support';

/**
 * API: GET /api/v1/projects?limit=50 and GET /api/v1/projects/:id of our app
 * (createApp, the real 73 projects on a fresh SQLite file, LOG_LEVEL=warn)
 * against a bare Nest route in the same app and process that returns the
 * same bytes, precomputed. Both go through the same Fastify adapter and the
 * same global guard, pipe, filter and onSend hook, so the ratio is what our
 * handlers (queries, hydration, serialisation) cost. Twice: with the portfolio
 * cache off (PORTFOLIO_CACHE_SECONDS=0: every request queries and serialises;
 * the targets of issue 13: detail ≥ 0.5×, list ≥ 0.3×) and on (the default,
 * 5 s). Load: autocannon in a second process, 50 connections, 127.0.0.1.
 */

/**
 * The bare route's bodies, filled in from our own responses before the load starts: as bytes, the cheapest thing a
 * route can send (our routes send the stored JSON as bytes too, so the floor must not pay an encoding they skip).
 */
const BARE: { list: Buffer; one: Buffer } = { list: Buffer.alloc(0), one: Buffer.alloc(0) };

@Public()
@Controller('bench-bare')
class BareController {
  @Get('projects')
  @Header('Content-Type', 'application/json; charset=utf-8')
  list(): Buffer {
    return BARE.list;
  }

  @Get('projects/:id')
  @Header('Content-Type', 'application/json; charset=utf-8')
  one(@Param('id') _id: string): Buffer {
    return BARE.one;
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

function autocannon(url: string, seconds: number, connections: number): Promise<CannonResult> {
  const args = [
    require.resolve('autocannon/autocannon.js', { paths: [ROOT] }),
    '-c',
    String(connections),
    '-d',
    String(seconds),
    '-j',
    '-n',
    url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 30) * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${stderr.slice(-500)}`));
      try {
        resolve(lastJson<CannonResult>(stdout));
      } catch (error) {
        reject(error);
      }
    });
  });
}

interface Load {
  seconds: number;
  warmup: number;
  connections: number;
}

/** CPU time of this process (the app: handlers, Fastify, SQLite) per request, in ms: less sensitive to the shared load than req/s. */
type Measured = CannonResult & { failed: number; cpuMs: number };

/** One route under load after a warm-up, from a second process (autocannon). */
async function measure(log: (line: string) => void, url: string, load: Load): Promise<Measured> {
  await autocannon(url, load.warmup, load.connections);
  const cpu = process.cpuUsage();
  const result = await autocannon(url, load.seconds, load.connections);
  const used = process.cpuUsage(cpu);
  const cpuMs = round((used.user + used.system) / 1000 / Math.max(1, result.requests.total), 3);
  const failed = result.errors + result.timeouts + result.non2xx;
  log(
    `  ${url.replace(/^https?:\/\/[^/]+/, '')}: ${Math.round(result.requests.average)} req/s, CPU ${cpuMs} ms/req, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${failed ? `, ${failed} failed` : ''}`,
  );
  return { ...result, failed, cpuMs };
}

/** The two result rows of one route: throughput against the bare route, and latency. */
function apiRows(target: Target, ours: Measured, bare: Measured, load: Load): Row[] {
  const { seconds, warmup, connections } = load;
  const ratio = ours.requests.average / bare.requests.average;
  return [
    {
      area: 'api',
      name: `${target.name} req/s`,
      value: Math.round(ours.requests.average),
      unit: 'req/s',
      baseline: Math.round(bare.requests.average),
      baselineName: 'bare Nest route, same bytes',
      ratio: round(ratio),
      target: `≥ ${target.min}× bare`,
      pass: ratio >= target.min && ours.failed === 0,
      note: `${target.bytes} B body, CPU ${ours.cpuMs} ms/req (bare ${bare.cpuMs}), ${connections} connections, ${seconds} s after ${warmup} s warm-up${ours.failed ? `, ${ours.failed} failed` : ''}`,
      extra: { ours, bare },
    },
    {
      area: 'api',
      name: `${target.name} p50 / p99`,
      value: ours.latency.p99,
      unit: 'ms p99',
      baseline: bare.latency.p99,
      baselineName: 'bare p99',
      ratio: bare.latency.p99 ? round(ours.latency.p99 / bare.latency.p99) : null,
      target: 'p99 ≤ 50 ms',
      pass: ours.latency.p99 <= 50,
      note: `p50 ${ours.latency.p50} ms (bare ${bare.latency.p50} ms)`,
    },
  ];
}

interface Target {
  name: string;
  ours: string;
  bare: string;
  bytes: number;
  /** The least throughput against the bare route. */
  min: number;
}

/** One app (cache on or off): both routes checked for the same bytes as their bare twins, then measured. */
async function benchOneApp(options: BenchOptions, cacheSeconds: number, load: Load): Promise<Row[]> {
  const { log, workDir } = options;
  const cache = cacheSeconds > 0 ? `cache ${cacheSeconds} s` : 'cache off';
  const file = sqliteFile(workDir, cacheSeconds > 0 ? 'api-cached' : 'api');
  const config = benchConfig(file, workDir, { seedOnStart: true, portfolioCacheSeconds: cacheSeconds });
  const app: NestFastifyApplication = await createApp(config, [BareModule]);
  const rows: Row[] = [];
  try {
    const list = await app.inject({ method: 'GET', url: '/api/v1/projects?limit=50' });
    if (list.statusCode !== 200) throw new Error(`GET /projects answered ${list.statusCode}`);
    const firstId = (JSON.parse(list.body) as { items: { id: number }[] }).items[0].id;
    const one = await app.inject({ method: 'GET', url: `/api/v1/projects/${firstId}` });
    BARE.list = list.rawPayload;
    BARE.one = one.rawPayload;
    for (const [ours, bare] of [
      ['/api/v1/projects?limit=50', '/api/v1/bench-bare/projects'],
      [`/api/v1/projects/${firstId}`, `/api/v1/bench-bare/projects/${firstId}`],
    ]) {
      const a = await app.inject({ method: 'GET', url: ours });
      const b = await app.inject({ method: 'GET', url: bare });
      if (a.body !== b.body || a.headers['content-type'] !== b.headers['content-type'])
        throw new Error(`the bare route does not answer the same bytes as ${ours}`);
    }
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const targets: Target[] = [
      {
        name: `GET /projects?limit=50 (${cache})`,
        ours: '/api/v1/projects?limit=50',
        bare: '/api/v1/bench-bare/projects',
        bytes: list.rawPayload.length,
        min: cacheSeconds > 0 ? 0.5 : 0.3,
      },
      {
        name: `GET /projects/:id (${cache})`,
        ours: `/api/v1/projects/${firstId}`,
        bare: `/api/v1/bench-bare/projects/${firstId}`,
        bytes: one.rawPayload.length,
        min: 0.5,
      },
    ];
    for (const target of targets) {
      const ours = await measure(log, base + target.ours, load);
      const bare = await measure(log, base + target.bare, load);
      rows.push(...apiRows(target, ours, bare, load));
    }
  } finally {
    await app.close();
  }
  return rows;
}

export async function benchApi(options: BenchOptions): Promise<Row[]> {
  const load: Load = { seconds: options.quick ? 3 : 10, warmup: options.quick ? 1 : 2, connections: 50 };
  options.log('  cache off (PORTFOLIO_CACHE_SECONDS=0):');
  const uncached = await benchOneApp(options, 0, load);
  options.log('  cache on (PORTFOLIO_CACHE_SECONDS=5, the default):');
  const cached = await benchOneApp(options, 5, load);
  return [...uncached, ...cached];
}
