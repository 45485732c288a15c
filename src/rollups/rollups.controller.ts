import { IdParam } from '../common/route-id';
import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
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
import { JobAcceptedDto } from '../jobs/job.dto';
import {
  CompareRollupsQuery,
  ListRollupsQuery,
  RequestRollupDto,
  ROLLUP_DEFINITIONS,
  RollupComparisonDto,
  RollupSnapshotDto,
  RollupSnapshotPageDto,
  RollupSnapshotSummaryDto,
} from './rollup.dto';
import { RollupsService } from './rollups.service';

@ApiTags('rollups')
@ApiBearerAuth()
@Roles('officer', 'auditor')
@ApiForbiddenResponse({ description: 'Municipality accounts (AUTH.ROLE_NOT_ALLOWED).' })
@Controller('rollups')
export class RollupsController {
  constructor(private readonly rollups: RollupsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue a funding, progress or strategy roll-up (officer, auditor); poll the returned url (GET /api/v1/jobs/:id).',
    description: ROLLUP_DEFINITIONS,
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key from the same caller, same run. Without it, identical requests merge into the run still waiting.',
  })
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  @ApiBadRequestResponse({
    description:
      'Unknown kind or groupBy, a grouping the kind lacks (budgetYear for progress, category for strategy), malformed Idempotency-Key (VALIDATION.INVALID).',
  })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used for a different request (JOB.IDEMPOTENCY_KEY_REUSED).' })
  request(
    @CurrentActor() actor: Actor,
    @Body() body: RequestRollupDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<JobAcceptedDto> {
    return this.rollups.request(actor, body, idempotencyKey);
  }

  @Get()
  @ApiOperation({ summary: 'Stored roll-up snapshots, newest data first, with their totals (officer, auditor).' })
  @ApiOkResponse({ type: RollupSnapshotPageDto })
  list(@Query() query: ListRollupsQuery): Promise<Page<RollupSnapshotSummaryDto>> {
    return this.rollups.list(query);
  }

  @Get('compare')
  @ApiOperation({
    summary:
      'What changed between two snapshots of one kind: totals and each group, figure by figure; for progress, projects whose health changed.',
  })
  @ApiOkResponse({ type: RollupComparisonDto })
  @ApiNotFoundResponse({ description: 'No such snapshot (ROLLUP.NOT_FOUND).' })
  @ApiUnprocessableEntityResponse({ description: 'The snapshots are of different kinds (ROLLUP.KIND_MISMATCH).' })
  compare(@Query() query: CompareRollupsQuery): Promise<RollupComparisonDto> {
    return this.rollups.compare(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One roll-up snapshot with its full content (officer, auditor).', description: ROLLUP_DEFINITIONS })
  @ApiOkResponse({ type: RollupSnapshotDto })
  @ApiNotFoundResponse({ description: 'No such snapshot (ROLLUP.NOT_FOUND).' })
  get(@IdParam('id', { description: 'Numeric snapshot id (result.snapshotId of the run).' }) id: number): Promise<RollupSnapshotDto> {
    return this.rollups.get(id);
  }
}
