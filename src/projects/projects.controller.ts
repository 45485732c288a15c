import { IdParam } from '../common/route-id';
import { Controller, Get, UseInterceptors, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { PublicCacheInterceptor } from '../common/public-cache.interceptor';
import { Page } from '../common/pagination';
import { ListProjectsQuery, ProjectDto, ProjectPageDto } from './project.dto';
import { ProjectsService } from './projects.service';

@ApiTags('portfolio')
@Public()
@UseInterceptors(PublicCacheInterceptor)
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @ApiOperation({ summary: 'The model projects, filtered, sorted and paginated.' })
  @ApiOkResponse({ type: ProjectPageDto })
  list(@Query() query: ListProjectsQuery): Promise<Page<ProjectDto>> {
    return this.projects.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One project, by numeric id or slug.' })
  @ApiOkResponse({ type: ProjectDto })
  @ApiNotFoundResponse({ description: 'No such project (code PROJECT.NOT_FOUND).' })
  get(@IdParam('id', { kind: 'id-or-slug', description: 'Numeric id or slug (e.g. "kassel").' }) id: string): Promise<ProjectDto> {
    return this.projects.get(id);
  }
}
