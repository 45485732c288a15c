import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Page } from '../common/pagination';
import { ParseUuidPipe } from '../common/parse-uuid.pipe';
import { JobRunDto, JobRunPageDto, ListJobsQuery } from './job.dto';
import { JobsService } from './jobs.service';

interface HeaderReply {
  header(name: string, value: string | number): unknown;
}

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiOperation({ summary: 'Past and current job runs, newest first. A municipality sees only its own runs.' })
  @ApiOkResponse({ type: JobRunPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListJobsQuery): Promise<Page<JobRunDto>> {
    return this.jobs.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One run: status, progress while running, result, error, dataAsOf, contentHash, artifact.' })
  @ApiOkResponse({ type: JobRunDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUuidPipe()) id: string): Promise<JobRunDto> {
    return this.jobs.get(actor, id);
  }

  @Get(':id/artifact')
  @ApiOperation({ summary: 'The file a completed export produced, with its content type and file name.' })
  @ApiOkResponse({ description: 'The file (CSV, XLSX, PDF or JSON).', schema: { type: 'string', format: 'binary' } })
  @ApiConflictResponse({ description: 'The run has no file (yet): JOB.NO_ARTIFACT.' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf', 'application/json')
  async artifact(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUuidPipe()) id: string,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<StreamableFile> {
    const file = await this.jobs.artifact(actor, id);
    reply.header('Content-Type', file.contentType);
    reply.header('Content-Disposition', `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    if (file.bytes) reply.header('Content-Length', file.bytes);
    return new StreamableFile(file.stream);
  }
}
