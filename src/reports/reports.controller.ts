import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Page } from '../common/pagination';
import { IdParam } from '../common/route-id';
import { EtagInterceptor } from './etag.interceptor';
import { CreateReportInput, ReviewReportInput, UpdateReportInput } from './report-input.dto';
import { ListReportsQuery, OverdueListDto, ReportDto, ReportPageDto, ReportVersionListDto } from './report.dto';
import { ReportOverdueService } from './report-overdue.service';
import { ReportWorkflowService } from './report-workflow.service';
import { ReportsService } from './reports.service';

const IF_MATCH = { name: 'If-Match', description: 'The version (ETag) last read, e.g. 3.' };

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly workflow: ReportWorkflowService,
    private readonly overdueReports: ReportOverdueService,
  ) {}

  @Post('projects/:id/reports')
  @Roles('municipality')
  @UseInterceptors(EtagInterceptor)
  @ApiOperation({ summary: "Draft a report for one of the caller's projects (municipality)." })
  @ApiCreatedResponse({ type: ReportDto, description: 'The draft, version 1; ETag carries the version.' })
  @ApiNotFoundResponse({ description: "No such project, or not one of the caller's (PROJECT.NOT_FOUND)." })
  @ApiConflictResponse({ description: 'A report of this type for this period exists (REPORT.DUPLICATE).' })
  @ApiUnprocessableEntityResponse({ description: 'REPORT.PERIOD_IN_FUTURE, REPORT.COMMITMENT_MISSING.' })
  create(
    @CurrentActor() actor: Actor,
    @IdParam('id', { description: 'Numeric project id.' }) projectId: number,
    @Body() body: CreateReportInput,
  ): Promise<ReportDto> {
    return this.reports.create(actor, projectId, body);
  }

  @Get('reports')
  @ApiOperation({ summary: 'Reports the caller may see, filtered and paginated.' })
  @ApiOkResponse({ type: ReportPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListReportsQuery): Promise<Page<ReportDto>> {
    return this.reports.list(actor, query);
  }

  @Get('reports/overdue')
  @ApiOperation({ summary: 'Reports due within 14 days or overdue, per the reporting calendar and the commitments; most days late first.' })
  @ApiOkResponse({ type: OverdueListDto })
  overdue(@CurrentActor() actor: Actor): Promise<OverdueListDto> {
    return this.overdueReports.overdue(actor);
  }

  @Get('reports/:id')
  @UseInterceptors(EtagInterceptor)
  @ApiOperation({ summary: 'One report; ETag carries its version.' })
  @ApiOkResponse({ type: ReportDto })
  @ApiNotFoundResponse({ description: 'No such report, or one the caller may not see (REPORT.NOT_FOUND).' })
  get(@CurrentActor() actor: Actor, @IdParam('id', { description: 'Numeric report id.' }) id: number): Promise<ReportDto> {
    return this.reports.get(actor, id);
  }

  @Patch('reports/:id')
  @Roles('municipality')
  @UseInterceptors(EtagInterceptor)
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiOperation({ summary: 'Replace parts of a draft or of a report sent back for changes (municipality). Lists replace the whole list.' })
  @ApiOkResponse({ type: ReportDto })
  @ApiConflictResponse({ description: 'If-Match is not the current version (REPORT.VERSION_CONFLICT).' })
  @ApiUnprocessableEntityResponse({ description: 'Only drafts and reports with changes requested can be edited (REPORT.NOT_EDITABLE).' })
  @ApiForbiddenResponse({ description: 'Only the municipality writes reports.' })
  update(
    @CurrentActor() actor: Actor,
    @IdParam('id', { description: 'Numeric report id.' }) id: number,
    @Body() body: UpdateReportInput,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ReportDto> {
    return this.reports.update(actor, id, body, ifMatch);
  }

  @Post('reports/:id/submit')
  @HttpCode(200)
  @Roles('municipality')
  @UseInterceptors(EtagInterceptor)
  @ApiHeader({ ...IF_MATCH, required: false })
  @ApiOperation({ summary: 'Submit the report to the programme office (municipality); the content is frozen as a new submission.' })
  @ApiOkResponse({ type: ReportDto })
  @ApiUnprocessableEntityResponse({ description: 'REPORT.INCOMPLETE (details name the fields), REPORT.NOT_SUBMITTABLE' })
  submit(
    @CurrentActor() actor: Actor,
    @IdParam('id', { description: 'Numeric report id.' }) id: number,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ReportDto> {
    return this.workflow.submit(actor, id, ifMatch);
  }

  @Post('reports/:id/review')
  @HttpCode(200)
  @Roles('officer')
  @UseInterceptors(EtagInterceptor)
  @ApiHeader({ ...IF_MATCH, required: false })
  @ApiOperation({ summary: 'Accept a submitted report or request changes, with a comment (officer).' })
  @ApiOkResponse({ type: ReportDto })
  @ApiUnprocessableEntityResponse({ description: 'Only a submitted report can be reviewed (REPORT.NOT_SUBMITTED).' })
  review(
    @CurrentActor() actor: Actor,
    @IdParam('id', { description: 'Numeric report id.' }) id: number,
    @Body() body: ReviewReportInput,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ReportDto> {
    return this.workflow.review(actor, id, body, ifMatch);
  }

  @Get('reports/:id/versions')
  @ApiOperation({ summary: 'The frozen submissions, oldest first, each with what changed since the previous one.' })
  @ApiOkResponse({ type: ReportVersionListDto })
  versions(@CurrentActor() actor: Actor, @IdParam('id', { description: 'Numeric report id.' }) id: number): Promise<ReportVersionListDto> {
    return this.workflow.versions(actor, id);
  }
}
