import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Page } from '../common/pagination';
import { AuditEventDto, AuditPageDto, ListAuditQuery } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'The audit trail: who changed what, when, with before and after. Read-only; newest first.' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: ListAuditQuery): Promise<Page<AuditEventDto>> {
    return this.audit.list(query);
  }
}
