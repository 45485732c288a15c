import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, of } from 'rxjs';
import { map } from 'rxjs/operators';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

const MAX_ENTRIES = 2000;

interface Entry {
  body: string;
  expires: number;
}

/**
 * The public portfolio (programme, rounds, categories, Länder, projects)
 * changes only when the seed is applied, yet is read far more than anything
 * else. Successful answers are kept, serialised, for PORTFOLIO_CACHE_SECONDS
 * per URL; the seeder clears the cache when it changes the data. A change made
 * behind the service's back (another process, plain SQL) shows after at most
 * that many seconds. Errors are never cached.
 */
@Injectable()
export class PortfolioCache {
  private readonly entries = new Map<string, Entry>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get ttlMs(): number {
    return this.config.portfolioCacheSeconds * 1000;
  }

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > Date.now()) return entry.body;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, body: string): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { body, expires: Date.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}

interface CachedRequest {
  method: string;
  url: string;
}

interface CachedReply {
  header(name: string, value: string): unknown;
}

@Injectable()
export class PublicCacheInterceptor implements NestInterceptor {
  constructor(private readonly cache: PortfolioCache) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<CachedRequest>();
    const reply = http.getResponse<CachedReply>();
    if (request.method !== 'GET' || this.cache.ttlMs === 0) return next.handle();
    reply.header('content-type', 'application/json; charset=utf-8');
    const hit = this.cache.get(request.url);
    if (hit !== undefined) {
      reply.header('x-cache', 'hit');
      return of(hit);
    }
    reply.header('x-cache', 'miss');
    return next.handle().pipe(
      map((value: unknown) => {
        const body = JSON.stringify(value);
        this.cache.set(request.url, body);
        return body;
      }),
    );
  }
}
