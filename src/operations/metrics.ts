import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { JOB_DRIVER, type JobDriver } from '../jobs/job-driver';
import { CODE_BY_STATUS } from '../common/errors/request.errors';

/**
 * Prometheus metrics at GET /metrics. Requests are counted as they are answered (per process); job figures are read
 * from the job_run table at scrape time, so they cover every worker process, not only this one.
 */
/** Job figures from the job_run table (every worker's runs), and the PostgreSQL pool; returns the reader to call before a scrape. */
/** The gauges the job figures fill, registered in the given registry. */
function jobGaugeSet(registers: Registry[]) {
  const runs = new Gauge({
    name: 'mpsc_job_runs',
    help: 'Job runs in the database, by kind and status (queued, running, completed, failed, expired).',
    labelNames: ['kind', 'status'],
    registers,
  });
  const runSeconds = new Gauge({
    name: 'mpsc_job_run_duration_seconds_sum',
    help: 'Total run time of finished job runs, by kind (rollup, export, …) and outcome.',
    labelNames: ['kind', 'outcome'],
    registers,
  });
  const runCount = new Gauge({
    name: 'mpsc_job_run_duration_seconds_count',
    help: 'Finished job runs with a run time, by kind and outcome.',
    labelNames: ['kind', 'outcome'],
    registers,
  });
  const depth = new Gauge({
    name: 'mpsc_job_queue_depth',
    help: 'Runs waiting (queued) or being processed (running), across all workers.',
    labelNames: ['state'],
    registers,
  });
  const pool = new Gauge({
    name: 'mpsc_db_pool_connections',
    help: 'PostgreSQL connection pool of this process: total, idle, waiting clients.',
    labelNames: ['state'],
    registers,
  });
  const queueUp = new Gauge({ name: 'mpsc_queue_up', help: '1 when the job queue answers (always 1 in-process).', registers });
  const scrapeOk = new Gauge({
    name: 'mpsc_jobs_scrape_ok',
    help: '1 when the job figures could be read from the database at this scrape.',
    registers,
  });
  return { runs, runSeconds, runCount, depth, pool, queueUp, scrapeOk };
}

function jobGauges(registry: Registry, dataSource: DataSource, driver: JobDriver): () => Promise<void> {
  const { runs, runSeconds, runCount, depth, pool, queueUp, scrapeOk } = jobGaugeSet([registry]);
  const sqlite = dataSource.options.type === 'better-sqlite3';
  const seconds = sqlite ? '(julianday(finished_at) - julianday(started_at)) * 86400' : 'EXTRACT(EPOCH FROM finished_at - started_at)';
  // Read before the registry is serialised (collect() callbacks run side by side, so one cannot fill the others).
  return async () => {
    queueUp.set((await driver.ping()) === false ? 0 : 1);
    try {
      for (const gauge of [runs, runSeconds, runCount, depth]) gauge.reset();
      const counts: { kind: string; status: string; n: number }[] = await dataSource.query(
        'SELECT kind, status, COUNT(*) AS n FROM job_run GROUP BY kind, status',
      );
      for (const row of counts) runs.set({ kind: row.kind, status: row.status }, Number(row.n));
      for (const state of ['queued', 'running'])
        depth.set(
          { state },
          counts.filter((c) => c.status === state).reduce((sum, c) => sum + Number(c.n), 0),
        );
      const timed: { kind: string; status: string; total: number; n: number }[] = await dataSource.query(
        `SELECT kind, status, SUM(${seconds}) AS total, COUNT(*) AS n FROM job_run WHERE started_at IS NOT NULL AND finished_at IS NOT NULL GROUP BY kind, status`,
      );
      for (const row of timed) {
        const outcome = row.status === 'expired' ? 'completed' : row.status;
        runSeconds.inc({ kind: row.kind, outcome }, Number(row.total));
        runCount.inc({ kind: row.kind, outcome }, Number(row.n));
      }
      const pg = (dataSource.driver as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
      if (!sqlite && pg) {
        pool.set({ state: 'total' }, pg.totalCount);
        pool.set({ state: 'idle' }, pg.idleCount);
        pool.set({ state: 'waiting' }, pg.waitingCount);
      }
      scrapeOk.set(1);
    } catch {
      scrapeOk.set(0);
    }
  };
}

interface Metrics {
  scrape: () => Promise<string>;
  contentType: string;
  observe: (route: string, method: string, status: number, seconds: number) => void;
}

function buildRegistry(dataSource: DataSource, driver: JobDriver): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mpsc_' });
  const labels = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'mpsc_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status.',
    labelNames: labels,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'mpsc_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern and status.',
    labelNames: labels,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const refresh = jobGauges(registry, dataSource, driver);
  return {
    contentType: registry.contentType,
    scrape: async () => {
      await refresh();
      return registry.metrics();
    },
    observe: (route, method, status, seconds) => {
      const l = { method, route, status: String(status) };
      requests.inc(l);
      durations.observe(l, seconds);
    },
  };
}

function tokenMatches(header: unknown, token: string): boolean {
  const given = Buffer.from(typeof header === 'string' ? header : '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * METRICS_TOKEN: /metrics on the API port for `Authorization: Bearer <token>` only (401 in the contract otherwise).
 * METRICS_PORT: /metrics on a port of its own (for a network only the monitoring reaches); the token, if also set,
 * is required there too. Neither: no metrics route (404).
 */
export function installMetrics(app: NestFastifyApplication, config: AppConfig): void {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  if (!config.metrics.token && config.metrics.port === null) return;
  const { contentType, scrape, observe } = buildRegistry(app.get<DataSource>(getDataSourceToken()), app.get<JobDriver>(JOB_DRIVER));
  fastify.addHook('onResponse', async (request, reply) => {
    observe(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode, reply.elapsedTime / 1000);
  });
  const token = config.metrics.token;
  if (config.metrics.port === null) {
    fastify.get('/metrics', async (request, reply) => {
      if (!token || !tokenMatches(request.headers.authorization, token)) {
        const message = 'A valid metrics token is required.';
        return reply.code(401).send({ statusCode: 401, code: CODE_BY_STATUS[401], message, details: [] });
      }
      return reply.type(contentType).send(await scrape());
    });
    return;
  }
  const server: Server = createServer((req, res) => {
    const allowed = req.url === '/metrics' && req.method === 'GET' && (!token || tokenMatches(req.headers.authorization, token));
    if (!allowed) {
      res.writeHead(req.url === '/metrics' ? 401 : 404, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          statusCode: req.url === '/metrics' ? 401 : 404,
          code: CODE_BY_STATUS[req.url === '/metrics' ? 401 : 404],
          message: 'Not here.',
          details: [],
        }),
      );
      return;
    }
    scrape().then(
      (text) => res.writeHead(200, { 'content-type': contentType }).end(text),
      // A failed scrape (a registry or driver error) is answered, never left hanging or unhandled (that ends the process).
      () => res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('scrape failed\n'),
    );
  });
  server.listen(config.metrics.port, config.metrics.host);
  fastify.addHook('onClose', async () => new Promise<void>((resolve) => server.close(() => resolve())));
}
