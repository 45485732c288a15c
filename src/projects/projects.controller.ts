import { IdParam } from '../common/route-id';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import type { CachedBody, CachedReply, CachedRequest } from '../common/public-cache.interceptor';
import { PortfolioCache } from '../common/public-cache.interceptor';
import { ListProjectsQuery, ProjectDto, ProjectPageDto } from './project.dto';
import { ProjectsService } from './projects.service';

/**
 * The service answers the JSON's bytes (UTF-8, sent as they are: no string to measure and encode per request); the
 * JSON is kept in the portfolio cache as PublicCacheInterceptor keeps the other portfolio routes' (same keys, headers
 * and lifetime), without an interceptor: with the cache off (PORTFOLIO_CACHE_SECONDS=0) a read then passes through
 * no Observable pipeline at all.
 */
@ApiTags('portfolio')
@Public()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly cache: PortfolioCache,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The model projects, filtered, sorted and paginated.' })
  @ApiOkResponse({ type: ProjectPageDto })
  list(
    @Query() query: ListProjectsQuery,
    @Req() request: CachedRequest,
    @Res({ passthrough: true }) reply: CachedReply,
  ): CachedBody | Promise<Buffer> {
    return this.answer(request, reply, () => this.projects.list(query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One project, by numeric id or slug.' })
  @ApiOkResponse({ type: ProjectDto })
  @ApiNotFoundResponse({ description: 'No such project (code PROJECT.NOT_FOUND).' })
  get(
    @IdParam('id', { kind: 'id-or-slug', description: 'Numeric id or slug (e.g. "kassel").' }) id: string,
    @Req() request: CachedRequest,
    @Res({ passthrough: true }) reply: CachedReply,
  ): CachedBody | Promise<Buffer> {
    return this.answer(request, reply, () => this.projects.get(id));
  }

  /**
   * The JSON read() gives, or the cached bytes of an earlier GET of the same URL (PortfolioCache.serve, which also sets
   * the content type); kept as the bytes they are, so a hit sends them without decoding or encoding 30 KB.
   */
  private answer(request: CachedRequest, reply: CachedReply, read: () => Promise<Buffer>): CachedBody | Promise<Buffer> {
    const cached = this.cache.serve(request, reply);
    if (!cached) {
      reply.header('content-type', 'application/json; charset=utf-8');
      return read();
    }
    if (cached.body !== undefined) return cached.body;
    return read().then((body) => {
      this.cache.set(request.url, body);
      return body;
    });
  }
}
