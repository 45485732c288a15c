import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What ThrottlerStorage.increment resolves to (the package does not export the record type from its root). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
import IORedis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { serviceUnavailable } from './operations.errors';

/**
 * What several API instances behind one load balancer must share, kept in Redis when REDIS_URL is set:
 * the login rate limit, and the news that the public portfolio changed (each instance drops its cache).
 * Keys and channels carry the queue name, so deployments (and tests) sharing one Redis stay apart.
 */
export const portfolioChannel = (config: AppConfig) => `mpsc:${config.jobs.queueName}:portfolio-changed`;

/** Tells every API instance that the public portfolio changed (used by `npm run seed`, which has no cache itself). */
export async function publishPortfolioChanged(config: AppConfig): Promise<void> {
  if (!config.redisUrl) return;
  const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2000 });
  try {
    await redis.publish(portfolioChannel(config), 'seed');
  } finally {
    redis.disconnect();
  }
}

/** Hits in the window and the block, atomically: INCR (expiring with the window), then block once over the limit. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return { hits, ttl, blocked }`;

/** @nestjs/throttler storage on Redis: a limit counted across every API instance. */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly redis: IORedis;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
  ) {
    this.redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1000 });
    this.redis.on('error', () => undefined);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:${throttlerName}:${key}`;
    let answer: [number, number, number];
    try {
      answer = (await this.redis.eval(INCREMENT, 2, `${base}:hits`, `${base}:blocked`, ttl, limit, blockDuration || ttl)) as [
        number,
        number,
        number,
      ];
    } catch {
      throw serviceUnavailable('redis', 'The login limit (Redis) is not reachable; try again shortly.');
    }
    const [hits, ttlMs, blockedMs] = answer;
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(ttlMs / 1000)),
      isBlocked: blockedMs > 0,
      timeToBlockExpire: Math.max(0, Math.ceil(blockedMs / 1000)),
    };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** Subscribes to portfolio changes; returns the function that stops listening. */
export function onPortfolioChanged(config: AppConfig, clear: () => void): () => void {
  if (!config.redisUrl) return () => undefined;
  const subscriber = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  subscriber.on('error', () => undefined);
  void subscriber.subscribe(portfolioChannel(config)).catch(() => undefined);
  subscriber.on('message', () => clear());
  return () => subscriber.disconnect();
}
