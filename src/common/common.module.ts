import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { PortfolioCache, PublicCacheInterceptor } from './public-cache.interceptor';

@Global()
@Module({ providers: [Clock, PortfolioCache, PublicCacheInterceptor], exports: [Clock, PortfolioCache, PublicCacheInterceptor] })
export class CommonModule {}
