import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdParam } from '../common/route-id';
import { ListNotificationsQuery, NotificationDto, NotificationPageDto } from './notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's own notifications (report due / overdue reminders), soonest due first." })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListNotificationsQuery): Promise<NotificationPageDto> {
    return this.notifications.list(actor, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: "Marks one of the caller's notifications read." })
  @ApiOkResponse({ type: NotificationDto })
  read(@CurrentActor() actor: Actor, @IdParam() id: number): Promise<NotificationDto> {
    return this.notifications.markRead(actor, id);
  }
}
