import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ValidationFailed } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { csvTemplate, xlsxTemplate } from './import-templates';
import { IMPORT_KINDS, type ImportKind } from './import-rows';
import { readUpload } from './import-upload';
import { ImportsService } from './imports.service';

interface Reply {
  code(status: number): Reply;
  header(name: string, value: string): Reply;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TEMPLATE = /^(commitments|disbursements|reversals|repayments)\.(csv|xlsx)$/;

@ApiTags('imports')
@ApiBearerAuth()
@Roles('officer')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Bulk import (CSV or XLSX): dryRun=true (default) lists every row error; dryRun=false queues the commit.' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary' },
        kind: { type: 'string', enum: [...IMPORT_KINDS] },
        dryRun: { type: 'string', enum: ['true', 'false'], default: 'true' },
      },
    },
  })
  @ApiOkResponse({ description: 'Dry run: `{ rows, valid, alreadyPresent, errors: [{ row, column, code, message }] }`; nothing written.' })
  @ApiResponse({
    status: 202,
    description: 'Commit queued: `{ id, status, url }`; the run result counts rows written and already present.',
  })
  @ApiResponse({ status: 413, description: 'The file is larger than IMPORT_MAX_BYTES (IMPORT.FILE_TOO_LARGE).' })
  @ApiResponse({ status: 422, description: 'Commit refused: rows have errors (IMPORT.ROWS_INVALID); nothing written.' })
  async upload(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: Reply): Promise<unknown> {
    const upload = await readUpload(request, this.config.imports.maxBytes);
    if (upload.dryRun) return this.imports.dryRun(actor, upload.kind, upload.bytes);
    reply.code(202);
    return this.imports.submit(actor, upload.kind, upload.bytes, upload.fileName);
  }

  @Get('templates/:file')
  @ApiOperation({
    summary: 'An empty import template with example rows: commitments, disbursements, reversals or repayments, as .csv or .xlsx.',
  })
  @ApiOkResponse({ description: 'The template.', schema: { type: 'string', format: 'binary' } })
  @ApiProduces('text/csv', XLSX)
  async template(@Param('file') file: string, @Res({ passthrough: true }) reply: Reply): Promise<Buffer> {
    const match = TEMPLATE.exec(file);
    if (!match) throw new ValidationFailed([{ field: 'file', message: `file must be one of ${IMPORT_KINDS.join(', ')}, .csv or .xlsx` }]);
    const [, kind, format] = match as unknown as [string, ImportKind, 'csv' | 'xlsx'];
    reply.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
    reply.header('Content-Disposition', `attachment; filename="import-${kind}.${format}"`);
    return format === 'csv' ? csvTemplate(kind) : xlsxTemplate(kind);
  }
}
