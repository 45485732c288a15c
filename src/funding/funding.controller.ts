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
import { CommitmentDto, CreateCommitmentDto, CreateDisbursementDto, DisbursementDto, FundingSummaryDto } from './funding.dto';
import { FundingService } from './funding.service';

@ApiTags('funding')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such project, or one the caller may not see (PROJECT.NOT_FOUND).' })
@Controller('projects/:id')
export class FundingController {
  constructor(private readonly funding: FundingService) {}

  @Get('funding')
  @ApiOperation({
    summary: "A project's funding: grant, sums and the entries they are summed from.",
    description:
      "remainingCents = committedCents − disbursedCents. reportedSpendCents sums the spending of the project's reports in status submitted or accepted. " +
      'Every sum equals the sum of the listed rows. Any role; a municipality only for its own projects.',
  })
  @ApiOkResponse({ type: FundingSummaryDto })
  summary(
    @CurrentActor() actor: Actor,
    @IdParam('id', { description: 'Numeric project id (a whole number ≥ 1).' }) id: number,
  ): Promise<FundingSummaryDto> {
    return this.funding.summary(actor, id);
  }

  @Post('commitments')
  @Roles('officer')
  @ApiOperation({ summary: 'Record a commitment (Zuwendungsbescheid) for a project (officer).' })
  @ApiCreatedResponse({ type: CommitmentDto })
  @ApiBadRequestResponse({ description: "Invalid input; `details` names each field (budgetYear outside the programme's years included)." })
  @ApiForbiddenResponse({ description: 'Only officers record funding.' })
  @ApiUnprocessableEntityResponse({
    description:
      "FUNDING.OVER_GRANT (the project's commitments would exceed its known grant), FUNDING.OVER_BUDGET (the programme's commitments would exceed its budget), FUNDING.DATE_OUTSIDE_PROGRAMME. Nothing is written.",
  })
  commit(
    @CurrentActor() actor: Actor,
    @IdParam('id', { description: 'Numeric project id (a whole number ≥ 1).' }) id: number,
    @Body() body: CreateCommitmentDto,
  ): Promise<CommitmentDto> {
    return this.funding.createCommitment(actor, id, body);
  }

  @Post('disbursements')
  @Roles('officer')
  @ApiOperation({ summary: 'Record a disbursement (Mittelabruf) for a project (officer).' })
  @ApiCreatedResponse({ type: DisbursementDto })
  @ApiBadRequestResponse({
    description: "Invalid input; `details` names each field (budgetYear outside the programme's years or after the payment year included).",
  })
  @ApiForbiddenResponse({ description: 'Only officers record funding.' })
  @ApiUnprocessableEntityResponse({
    description:
      "FUNDING.OVER_DISBURSED (the project's disbursements would exceed its commitments), FUNDING.BEFORE_COMMITMENT (dated before the first commitment), FUNDING.DATE_OUTSIDE_PROGRAMME. Nothing is written.",
  })
  disburse(
    @CurrentActor() actor: Actor,
    @IdParam('id', { description: 'Numeric project id (a whole number ≥ 1).' }) id: number,
    @Body() body: CreateDisbursementDto,
  ): Promise<DisbursementDto> {
    return this.funding.createDisbursement(actor, id, body);
  }
}
