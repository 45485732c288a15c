import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/route-id';
import { ObligationDto, ObligationListDto, WaiveObligationDto } from './obligation.dto';
import { ObligationsService } from './obligations.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ObligationsController {
  constructor(private readonly obligations: ObligationsService) {}

  @Get('projects/:id/obligations')
  @ApiOperation({
    summary:
      "Every report the project owes: each period's progress report and the proofs of use, with legal and working-day due dates and state.",
    description: 'Any role; a municipality only for its own projects.',
  })
  @ApiOkResponse({ type: ObligationListDto })
  @ApiNotFoundResponse({ description: 'No such project, or one the caller may not see (PROJECT.NOT_FOUND).' })
  list(@CurrentActor() actor: Actor, @IdParam() id: number): Promise<ObligationListDto> {
    return this.obligations.list(actor, id);
  }

  @Post('obligations/:id/waive')
  @Roles('officer')
  @ApiOperation({ summary: 'Waive an open reporting obligation, with a reason (officer); audited.' })
  @ApiCreatedResponse({ type: ObligationDto })
  @ApiBadRequestResponse({ description: 'A missing or blank reason; `details` names the field.' })
  @ApiForbiddenResponse({ description: 'Only officers waive obligations.' })
  @ApiNotFoundResponse({ description: 'No such obligation (OBLIGATION.NOT_FOUND).' })
  @ApiUnprocessableEntityResponse({ description: 'OBLIGATION.NOT_OPEN: the report was submitted, accepted or waived already.' })
  waive(@CurrentActor() actor: Actor, @IdParam() id: number, @Body() body: WaiveObligationDto): Promise<ObligationDto> {
    return this.obligations.waive(actor, id, body);
  }
}
