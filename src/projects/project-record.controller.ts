import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/route-id';
import {
  ChangeProjectStatusDto,
  ConfirmGrantDto,
  ProjectGrantDto,
  ProjectStatusChangeDto,
  ProjectStatusHistoryDto,
} from './project-record.dto';
import { ProjectStatusService } from './project-status.service';

@ApiTags('projects')
@ApiBearerAuth()
@ApiParam({ name: 'id', type: 'integer', description: 'Numeric project id (a whole number ≥ 1).' })
@ApiNotFoundResponse({ description: 'No such project, or one the caller may not see (PROJECT.NOT_FOUND).' })
@Controller('projects/:id')
export class ProjectRecordController {
  constructor(private readonly status: ProjectStatusService) {}

  @Post('status')
  @Roles('officer')
  @ApiOperation({
    summary: "Change a project's status (active → completed / withdrawn, and back) with an effective date and a reason (officer); audited.",
  })
  @ApiCreatedResponse({ type: ProjectStatusChangeDto })
  @ApiBadRequestResponse({ description: 'Invalid input; `details` names each field (a blank reason included).' })
  @ApiForbiddenResponse({ description: 'Only officers change a project status.' })
  @ApiUnprocessableEntityResponse({
    description:
      'PROJECT.STATUS_UNCHANGED, PROJECT.STATUS_TRANSITION (completed ↔ withdrawn directly), PROJECT.STATUS_BEFORE_AWARD, PROJECT.STATUS_BEFORE_PREVIOUS, PROJECT.STATUS_TOO_FAR_AHEAD. Nothing is written.',
  })
  change(@CurrentActor() actor: Actor, @IdParam() id: number, @Body() body: ChangeProjectStatusDto): Promise<ProjectStatusChangeDto> {
    return this.status.change(actor, id, body);
  }

  @Get('status-history')
  @ApiOperation({
    summary: "The project's status and every officer-set change, oldest first. Any role; a municipality only for its own projects.",
  })
  @ApiOkResponse({ type: ProjectStatusHistoryDto })
  history(@CurrentActor() actor: Actor, @IdParam() id: number): Promise<ProjectStatusHistoryDto> {
    return this.status.history(actor, id);
  }

  @Post('grant')
  @Roles('officer')
  @ApiOperation({
    summary:
      "Confirm or correct a project's grant with a reason and a source (officer); grantUncertain becomes false unless `uncertain` is true; audited.",
  })
  @ApiCreatedResponse({ type: ProjectGrantDto })
  @ApiBadRequestResponse({ description: 'Invalid input; `details` names each field.' })
  @ApiForbiddenResponse({ description: 'Only officers confirm grants.' })
  @ApiUnprocessableEntityResponse({ description: 'PROJECT.GRANT_BELOW_COMMITTED: less than the net commitments. Nothing is written.' })
  confirmGrant(@CurrentActor() actor: Actor, @IdParam() id: number, @Body() body: ConfirmGrantDto): Promise<ProjectGrantDto> {
    return this.status.confirmGrant(actor, id, body);
  }
}
