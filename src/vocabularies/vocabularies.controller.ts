import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators';
import { CreateFieldOfActionInput, TermDto, VocabulariesDto } from './vocabulary.dto';
import { VocabulariesService } from './vocabularies.service';

@ApiTags('strategy')
@Controller('vocabularies')
export class VocabulariesController {
  constructor(private readonly vocabularies: VocabulariesService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The vocabularies of the strategy cascade: qualities, guidelines, values, fields of action.' })
  @ApiOkResponse({ type: VocabulariesDto })
  all(): Promise<VocabulariesDto> {
    return this.vocabularies.all();
  }

  @Post('fields-of-action')
  @Roles('officer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a field of action (officer). Fields are never deleted.' })
  @ApiCreatedResponse({ type: TermDto })
  @ApiConflictResponse({ description: 'The code exists already (VOCABULARY.DUPLICATE).' })
  add(@CurrentActor() actor: Actor, @Body() body: CreateFieldOfActionInput): Promise<TermDto> {
    return this.vocabularies.addFieldOfAction(actor, body);
  }
}
