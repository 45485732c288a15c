import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseDatabaseUrl } from './app-config';

/** What an operator sees when the service starts: sensible defaults, and one clear line naming a bad variable. */
const SECRET = 'a-secret-that-is-at-least-32-characters-long';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, '/srv/mpsc');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('configuration from the environment', () => {
  describe('with nothing set', () => {
    const config = loadConfig({}, '/srv/mpsc');

    it('serves on port 3000 from an SQLite file under data/, without Redis', () => {
      expect(config.port).toBe(3000);
      expect(config.database).toEqual({ type: 'sqlite', path: '/srv/mpsc/data/mpsc.sqlite' });
      expect(config.redisUrl).toBeNull();
      expect(config.artifactsDir).toBe('/srv/mpsc/data/artifacts');
      expect(config.webRoot).toBe('/srv/mpsc/web/dist');
    });

    it('runs as development, logs at info and seeds the real portfolio on start', () => {
      expect(config.nodeEnv).toBe('development');
      expect(config.logLevel).toBe('info');
      expect(config.seedOnStart).toBe(true);
    });

    it('creates no admin account and generates a random JWT secret, different on every start', () => {
      expect(config.admin).toBeNull();
      expect(config.jwt).toMatchObject({ generated: true, expiresInSeconds: 3600 });
      expect(config.jwt.secret.length).toBeGreaterThanOrEqual(32);
      expect(loadConfig({}, '/srv/mpsc').jwt.secret).not.toBe(config.jwt.secret);
    });

    it('reports half-yearly, due one month after the period, and allows 10 logins a minute', () => {
      expect(config.reporting).toEqual({ cadence: 'half_yearly', dueMonthsAfterPeriod: 1 });
      expect(config.loginRateLimit).toEqual({ attempts: 10, windowSeconds: 60 });
    });

    it('is silent under NODE_ENV=test', () => {
      expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
    });
  });

  describe('with values set', () => {
    it('reads every documented variable', () => {
      const config = loadConfig(
        {
          PORT: '8080',
          DATABASE_URL: 'postgres://mpsc:pw@db:5432/mpsc',
          REDIS_URL: 'redis://redis:6379',
          NODE_ENV: 'production',
          JWT_SECRET: SECRET,
          JWT_EXPIRES_IN_SECONDS: '900',
          ADMIN_EMAIL: 'Admin@Bund.Example',
          ADMIN_PASSWORD: 'correct horse battery',
          ARTIFACTS_DIR: '/data/artifacts',
          LOG_LEVEL: 'warn',
          SEED_ON_START: 'false',
          REPORT_CADENCE: 'quarterly',
          REPORT_DUE_MONTHS: '2',
          LOGIN_RATE_LIMIT: '5',
          LOGIN_RATE_WINDOW_SECONDS: '300',
        },
        '/srv/mpsc',
      );
      expect(config).toMatchObject({
        port: 8080,
        database: { type: 'postgres', url: 'postgres://mpsc:pw@db:5432/mpsc' },
        redisUrl: 'redis://redis:6379',
        nodeEnv: 'production',
        jwt: { secret: SECRET, generated: false, expiresInSeconds: 900 },
        admin: { email: 'admin@bund.example', password: 'correct horse battery' },
        artifactsDir: '/data/artifacts',
        logLevel: 'warn',
        seedOnStart: false,
        reporting: { cadence: 'quarterly', dueMonthsAfterPeriod: 2 },
        loginRateLimit: { attempts: 5, windowSeconds: 300 },
      });
    });

    it('understands the SQLite forms: relative, absolute, sqlite:///absolute and :memory:', () => {
      expect(parseDatabaseUrl('sqlite:db/x.sqlite', '/srv')).toEqual({ type: 'sqlite', path: '/srv/db/x.sqlite' });
      expect(parseDatabaseUrl('sqlite:/var/lib/x.sqlite', '/srv')).toEqual({ type: 'sqlite', path: '/var/lib/x.sqlite' });
      expect(parseDatabaseUrl('sqlite:///var/lib/x.sqlite', '/srv')).toEqual({ type: 'sqlite', path: '/var/lib/x.sqlite' });
      expect(parseDatabaseUrl('sqlite::memory:', '/srv')).toEqual({ type: 'sqlite', path: ':memory:' });
    });

    it('takes a PostgreSQL schema from ?schema= and keeps it out of the connection URL', () => {
      expect(parseDatabaseUrl('postgresql://u@h:5432/db?schema=tenant_1')).toEqual({
        type: 'postgres',
        url: 'postgresql://u@h:5432/db',
        schema: 'tenant_1',
      });
    });
  });

  describe('refuses a bad value with a ConfigError that names the variable', () => {
    const cases: [string, Record<string, string>][] = [
      ['PORT', { PORT: 'abc' }],
      ['PORT', { PORT: '0' }],
      ['PORT', { PORT: '65536' }],
      ['PORT', { PORT: '3000.5' }],
      ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
      ['DATABASE_URL', { DATABASE_URL: 'sqlite:' }],
      ['DATABASE_URL', { DATABASE_URL: 'postgres://host-only' }],
      ['DATABASE_URL', { DATABASE_URL: 'postgres://u@h/db?schema=Robert%27)%3B' }],
      ['REDIS_URL', { REDIS_URL: 'http://x' }],
      ['REDIS_URL', { REDIS_URL: 'not a url' }],
      ['NODE_ENV', { NODE_ENV: 'staging' }],
      ['JWT_SECRET', { NODE_ENV: 'production' }],
      ['JWT_SECRET', { JWT_SECRET: 'too-short' }],
      ['JWT_SECRET', { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) }],
      ['JWT_EXPIRES_IN_SECONDS', { JWT_EXPIRES_IN_SECONDS: '59' }],
      ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'admin@bund.example' }],
      ['ADMIN_EMAIL', { ADMIN_PASSWORD: 'long-enough-password' }],
      ['ADMIN_EMAIL', { ADMIN_EMAIL: 'not-an-address', ADMIN_PASSWORD: 'long-enough-password' }],
      ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'admin@bund.example', ADMIN_PASSWORD: 'short' }],
      ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
      ['SEED_ON_START', { SEED_ON_START: 'maybe' }],
      ['REPORT_CADENCE', { REPORT_CADENCE: 'monthly' }],
      ['REPORT_DUE_MONTHS', { REPORT_DUE_MONTHS: '13' }],
      ['LOGIN_RATE_LIMIT', { LOGIN_RATE_LIMIT: '0' }],
      ['LOGIN_RATE_WINDOW_SECONDS', { LOGIN_RATE_WINDOW_SECONDS: 'soon' }],
    ];

    it.each(cases)('%s in %j', (variable, env) => {
      const error = configError(env);
      expect(error.variable).toBe(variable);
      expect(error.message).toContain(variable);
      expect(error.message).not.toContain('\n');
    });

    it('does not echo a secret back in the message', () => {
      expect(configError({ JWT_SECRET: 'hunter2-is-my-secret' }).message).not.toContain('hunter2');
      expect(configError({ ADMIN_EMAIL: 'a@b.example', ADMIN_PASSWORD: 'hunter2' }).message).not.toContain('hunter2');
    });

    it('WEB_ROOT naming a file rather than a folder', () => {
      const error = configError({ WEB_ROOT: __filename });
      expect(error.variable).toBe('WEB_ROOT');
      expect(loadConfig({ WEB_ROOT: __dirname }, '/srv/mpsc').webRoot).toBe(__dirname);
      expect(loadConfig({ WEB_ROOT: 'build/web' }, '/srv/mpsc').webRoot).toBe('/srv/mpsc/build/web');
    });

    it('accepts a production start once JWT_SECRET is long enough', () => {
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).jwt).toMatchObject({ secret: SECRET, generated: false });
    });
  });

  describe('.env.example', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');

    it('documents every variable the service reads, with the default it really has', () => {
      const read = new Set<string>();
      loadConfig(new Proxy({}, { get: (_t, key) => (typeof key === 'string' && read.add(key), undefined) }), '/srv/mpsc');
      const documented = new Map([...example.matchAll(/^# ([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
      expect([...read].filter((name) => !documented.has(name))).toEqual([]);
      // Every documented default, set explicitly, gives the same configuration as leaving it unset.
      const defaults = Object.fromEntries([...documented].filter(([, value]) => value !== ''));
      const { jwt: _a, ...explicit } = loadConfig(defaults, '/srv/mpsc');
      const { jwt: _b, ...implicit } = loadConfig({}, '/srv/mpsc');
      expect(explicit).toEqual({ ...implicit, redisUrl: defaults.REDIS_URL });
    });
  });
});
