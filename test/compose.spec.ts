import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '../src/config/app-config';

/**
 * docker-compose.yml is the production-like stack an operator starts. It must
 * wire the API and the workers with exactly the variables the service reads,
 * keep Redis from dropping queued jobs, and start things in a safe order.
 */
interface Service {
  build?: unknown;
  image?: string;
  command?: string | string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  ports?: string[];
}

const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const { api, worker, redis, postgres } = compose.services;
const commandOf = (s: Service) => [s.command ?? []].flat().join(' ');

/** Every variable loadConfig reads, found by watching it read an empty environment. */
function variablesTheServiceReads(): string[] {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get: (_target, key) => {
      if (typeof key === 'string') read.add(key);
      return undefined;
    },
  });
  loadConfig(env, '/app');
  return [...read].sort();
}

/** Compose's ${VAR:?message} and ${VAR:-default}, resolved against `given`. */
function interpolate(environment: Record<string, string>, given: Record<string, string>): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    resolved[key] = String(value).replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
      if (given[name] !== undefined && given[name] !== '') return given[name];
      if (op === '?') throw new Error(`compose would refuse to start without ${name}: ${arg}`);
      return op === '-' ? (arg ?? '') : '';
    });
  }
  return resolved;
}

const SECRET = { JWT_SECRET: 'a-secret-of-more-than-32-characters-0123456789' };

describe('docker-compose.yml', () => {
  it('has the four services: api, worker, redis and postgres', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
  });

  it('builds one image for the API and the workers, and runs the compiled code without npm', () => {
    expect(api.build).toBeDefined();
    expect(worker.image).toBe(api.image);
    expect(commandOf(api)).toBe('node dist/main.js');
    expect(commandOf(worker)).toBe('node dist/worker.js');
    expect(api.ports).toContain('3000:3000');
  });

  it('runs at least two workers', () => {
    expect(worker.deploy?.replicas).toBeGreaterThanOrEqual(2);
  });

  it('keeps Redis from evicting queued jobs and persists them', () => {
    const command = commandOf(redis);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(command).toMatch(/--appendonly yes/);
    expect(redis.image).toMatch(/^redis:7/);
  });

  it('gives every service a health check, and starts each only after what it needs is healthy', () => {
    expect([api, redis, postgres].every((s) => s.healthcheck?.test)).toBe(true);
    expect([redis.healthcheck!.test].flat().join(' ')).toMatch(/redis-cli ping/);
    expect([postgres.healthcheck!.test].flat().join(' ')).toMatch(/pg_isready/);
    expect([api.healthcheck!.test].flat().join(' ')).toMatch(/\/health/);
    expect(api.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(worker.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it('uses a PostgreSQL database matching the postgres service', () => {
    expect(postgres.image).toMatch(/^postgres:16/);
    const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = postgres.environment!;
    expect(api.environment!.DATABASE_URL).toBe(`postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/${POSTGRES_DB}`);
  });

  describe('the API and worker environment', () => {
    const reads = variablesTheServiceReads();

    it('sets only variables the service reads', () => {
      expect(reads).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'ARTIFACTS_DIR', 'NODE_ENV']));
      for (const service of [api, worker]) {
        expect(Object.keys(service.environment!).filter((name) => !reads.includes(name))).toEqual([]);
      }
    });

    it('sets every variable the service cannot start without in production', () => {
      for (const service of [api, worker]) {
        const env = interpolate(service.environment!, SECRET);
        expect(() => loadConfig(env, '/app')).not.toThrow();
        const required = reads.filter((name) => {
          const { [name]: _dropped, ...without } = env;
          try {
            loadConfig(without, '/app');
            return false;
          } catch (error) {
            return error instanceof ConfigError && error.variable === name;
          }
        });
        expect(required).toContain('JWT_SECRET');
        expect(required.filter((name) => !(name in service.environment!))).toEqual([]);
      }
    });

    it('requires JWT_SECRET from the operator instead of shipping a default', () => {
      expect(api.environment!.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?.+\}$/);
      expect(() => interpolate(api.environment!, {})).toThrow(/JWT_SECRET/);
    });

    it('points both at PostgreSQL and Redis, and at one shared artifacts volume', () => {
      for (const service of [api, worker]) {
        const config = loadConfig(interpolate(service.environment!, SECRET), '/app');
        expect(config.nodeEnv).toBe('production');
        expect(config.database.type).toBe('postgres');
        expect(config.redisUrl).toBe('redis://redis:6379');
        const mount = service.volumes!.find((v) => v.split(':')[1] === config.artifactsDir);
        expect(mount?.split(':')[0]).toBe('artifacts');
      }
    });

    it('passes ADMIN_EMAIL and ADMIN_PASSWORD through, optional', () => {
      const env = interpolate(api.environment!, { ...SECRET, ADMIN_EMAIL: 'admin@bund.example', ADMIN_PASSWORD: 'a-long-admin-password' });
      expect(loadConfig(env, '/app').admin).toEqual({ email: 'admin@bund.example', password: 'a-long-admin-password' });
      expect(loadConfig(interpolate(api.environment!, SECRET), '/app').admin).toBeNull();
    });
  });
});
