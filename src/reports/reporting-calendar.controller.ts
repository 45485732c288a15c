import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdParam } from '../common/route-id';
import { ReportingCalendarDto } from './reporting-calendar.dto';
import { ReportingCalendarService } from './reporting-calendar.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportingCalendarController {
  constructor(private readonly calendar: ReportingCalendarService) {}

  @Get('projects/:id/reporting-calendar')
  @ApiOperation({ summary: "The project's reporting deadlines up to the current period: upcoming, due, overdue or delivered, with dates." })
  @ApiOkResponse({ type: ReportingCalendarDto })
  @ApiNotFoundResponse({ description: "No such project, or not one of the caller's (PROJECT.NOT_FOUND)." })
  get(@CurrentActor() actor: Actor, @IdParam() projectId: number): Promise<ReportingCalendarDto> {
    return this.calendar.calendar(actor, projectId);
  }
}
