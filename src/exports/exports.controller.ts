import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiHeader,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { JobAcceptedDto } from '../jobs/job.dto';
import { CreateExportDto } from './export.dto';
import { ExportsService } from './exports.service';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  @Roles('officer', 'auditor', 'municipality')
  @ApiOperation({
    summary: 'Queue a funding-summary export (CSV, XLSX, PDF or JSON); poll the returned url, then download /jobs/:id/artifact.',
    description:
      'Officers and auditors export the portfolio, narrowed by the filters given. A municipality always exports only the projects its body leads or is a member of; filters narrow that further (a filter that excludes them gives an empty file).',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key from the same account: the same run is returned (1–100 of A–Z a–z 0–9 . _ -).',
  })
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  @ApiBadRequestResponse({ description: 'Invalid parameters; `details` names each field (an unknown round included).' })
  @ApiConflictResponse({ description: 'JOB.IDEMPOTENCY_KEY_REUSED: the key was used for a different request.' })
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateExportDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<JobAcceptedDto> {
    return this.exports.request(actor, body, idempotencyKey);
  }
}
