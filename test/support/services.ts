import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait';

/**
 * Redis and PostgreSQL of a test's own, on free ports in temporary folders: a fault test can stop and restart
 * them without disturbing anything else on the machine.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Service {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and deletes its folder. */
  destroy(): Promise<void>;
  /** Freezes the running process (SIGSTOP): its port stays open and its connections stay up, but nothing answers. */
  freeze?(): void;
  /** Lets a frozen process go on (SIGCONT). */
  thaw?(): void;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** redis-server with append-only persistence (fsync always), so a restart keeps every queued job. */
export async function ownRedis(): Promise<Service> {
  const dir = mkdtempSync(join(tmpdir(), 'mpsc-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const ping = () => {
    try {
      return (
        execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' })
          .toString()
          .trim() === 'PONG'
      );
    } catch {
      return false;
    }
  };
  const service: Service = {
    url: `redis://127.0.0.1:${port}`,
    start: async () => {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
        { stdio: 'ignore' },
      );
      await waitFor(async () => ping(), Boolean, 10_000, `redis on ${port}`);
    },
    stop: async () => {
      if (!child) return;
      const running = child;
      child = null;
      running.kill('SIGTERM');
      await exited(running);
    },
    destroy: async () => {
      service.thaw?.();
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
  };
  await service.start();
  return service;
}

const PG_BIN = (() => {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return join('/usr/lib/postgresql', versions[0], 'bin');
})();

/** Runs a PostgreSQL tool as the postgres user (initdb and pg_ctl refuse to run as root). */
function asPostgres(tool: string, args: string[]): void {
  const command =
    process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]] : [join(PG_BIN, tool), args];
  execFileSync(command[0] as string, command[1] as string[], { stdio: 'pipe' });
}

/** A PostgreSQL cluster in a temporary folder (trust auth, user postgres, database test), started with pg_ctl. */
export async function ownPostgres(): Promise<Service> {
  const dir = mkdtempSync(join(tmpdir(), 'mpsc-pg-'));
  if (process.getuid?.() === 0)
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const data = join(dir, 'data');
  const port = await freePort();
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const service: Service = {
    url: `postgres://postgres@127.0.0.1:${port}/test`,
    start: async () => {
      asPostgres('pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-w',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        'start',
      ]);
    },
    stop: async () => {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch {
        // already stopped
      }
    },
    destroy: async () => {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await service.start();
  asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'test']);
  return service;
}
