import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/route-id';
import { CreateRepaymentDto, CreateReversalDto, RepaymentDto, ReversalDto } from './funding.dto';
import { LedgerService } from './ledger.service';

const REVERSAL_RULES =
  'FUNDING.REVERSAL_EXCEEDS_ORIGINAL (more than the original leaves), FUNDING.REVERSAL_OF_REVERSAL (the entry is itself a reversal or repayment), ' +
  'FUNDING.REVERSAL_BEFORE_ORIGINAL, FUNDING.DATE_OUTSIDE_PROGRAMME';

@ApiTags('funding')
@ApiBearerAuth()
@ApiParam({ name: 'id', type: 'integer', description: 'Numeric id (a whole number ≥ 1).' })
@ApiBadRequestResponse({ description: 'Invalid input; `details` names each field (a blank reason included).' })
@ApiForbiddenResponse({ description: 'Only officers correct the ledger.' })
@Controller()
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Post('commitments/:id/reversals')
  @Roles('officer')
  @ApiOperation({
    summary: 'Reverse a commitment in full or in part (Storno), with a reason; the commitment itself stays unchanged (officer).',
  })
  @ApiCreatedResponse({ type: ReversalDto })
  @ApiNotFoundResponse({ description: 'No such commitment (FUNDING.COMMITMENT_NOT_FOUND).' })
  @ApiUnprocessableEntityResponse({
    description: `${REVERSAL_RULES}, FUNDING.OVER_DISBURSED (the disbursements at that date or later would exceed the commitments). Nothing is written.`,
  })
  reverseCommitment(@CurrentActor() actor: Actor, @IdParam() id: number, @Body() body: CreateReversalDto): Promise<ReversalDto> {
    return this.ledger.reverseCommitment(actor, id, body);
  }

  @Post('disbursements/:id/reversals')
  @Roles('officer')
  @ApiOperation({ summary: 'Reverse a disbursement in full or in part (Storno), with a reason (officer).' })
  @ApiCreatedResponse({ type: ReversalDto })
  @ApiNotFoundResponse({ description: 'No such disbursement (FUNDING.DISBURSEMENT_NOT_FOUND).' })
  @ApiUnprocessableEntityResponse({ description: `${REVERSAL_RULES}. Nothing is written.` })
  reverseDisbursement(@CurrentActor() actor: Actor, @IdParam() id: number, @Body() body: CreateReversalDto): Promise<ReversalDto> {
    return this.ledger.reverseDisbursement(actor, id, body);
  }

  @Post('projects/:id/repayments')
  @Roles('officer')
  @ApiOperation({ summary: 'Record a repayment (Rückzahlung) of disbursed funds by the municipality (officer).' })
  @ApiCreatedResponse({ type: RepaymentDto })
  @ApiNotFoundResponse({ description: 'No such project (PROJECT.NOT_FOUND).' })
  @ApiUnprocessableEntityResponse({
    description:
      'FUNDING.REPAYMENT_EXCEEDS_DISBURSED (more than the net disbursements at its date or a later one), FUNDING.DATE_OUTSIDE_PROGRAMME.',
  })
  repay(@CurrentActor() actor: Actor, @IdParam() id: number, @Body() body: CreateRepaymentDto): Promise<RepaymentDto> {
    return this.ledger.repay(actor, id, body);
  }
}
