import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { Observable, of } from 'rxjs';
import { map } from 'rxjs/operators';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { onPortfolioChanged, portfolioChannel } from '../operations/shared-state';

const MAX_ENTRIES = 2000;

/** A serialised answer: text (the interceptor's routes) or the bytes a route answers as they are (the project pages). */
export type CachedBody = string | Buffer;

interface Entry {
  body: CachedBody;
  expires: number;
}

/**
 * The public portfolio (programme, rounds, categories, Länder, projects)
 * changes rarely (the seed, an officer's status change or grant confirmation,
 * funding entries), yet is read far more than anything else. Successful
 * answers are kept, serialised, for PORTFOLIO_CACHE_SECONDS per URL; whatever
 * changes the data clears the cache once its transaction is committed. A change made
 * behind the service's back (another process, plain SQL) shows after at most
 * that many seconds. Errors are never cached. With REDIS_URL, a clear() in any instance (or `npm run seed`)
 * clears the cache of every instance through Redis pub/sub.
 */
@Injectable()
export class PortfolioCache implements OnApplicationShutdown {
  private readonly entries = new Map<string, Entry>();
  private readonly unsubscribe: () => void;
  private publisher: IORedis | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.unsubscribe = config.portfolioCacheSeconds > 0 ? onPortfolioChanged(config, () => this.entries.clear()) : () => undefined;
  }

  onApplicationShutdown(): void {
    this.unsubscribe();
    this.publisher?.disconnect();
  }

  get ttlMs(): number {
    return this.config.portfolioCacheSeconds * 1000;
  }

  get(key: string): CachedBody | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > Date.now()) return entry.body;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, body: CachedBody): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { body, expires: Date.now() + this.ttlMs });
  }

  /**
   * A GET the cache answers: sets the JSON content type and x-cache, and gives the cached body on a hit ({} on a
   * miss: the caller reads and set()s it). null when the cache is off or the request is not a GET.
   */
  serve(request: CachedRequest, reply: CachedReply): { body?: CachedBody } | null {
    if (request.method !== 'GET' || this.ttlMs === 0) return null;
    reply.header('content-type', 'application/json; charset=utf-8');
    const body = this.get(request.url);
    reply.header('x-cache', body === undefined ? 'miss' : 'hit');
    return { body };
  }

  clear(): void {
    this.entries.clear();
    if (!this.config.redisUrl) return;
    this.publisher ??= new IORedis(this.config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1000 }).on('error', () => undefined);
    void this.publisher.publish(portfolioChannel(this.config), 'clear').catch(() => undefined);
  }
}

/** What the cache reads of a request and writes on its reply (Fastify's and Express's both have these). */
export interface CachedRequest {
  method: string;
  url: string;
}

export interface CachedReply {
  header(name: string, value: string): unknown;
}

@Injectable()
export class PublicCacheInterceptor implements NestInterceptor {
  constructor(private readonly cache: PortfolioCache) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<CachedRequest>();
    const cached = this.cache.serve(request, http.getResponse<CachedReply>());
    if (!cached) return next.handle();
    if (cached.body !== undefined) return of(cached.body);
    return next.handle().pipe(
      map((value: unknown) => {
        const body = JSON.stringify(value);
        this.cache.set(request.url, body);
        return body;
      }),
    );
  }
}
