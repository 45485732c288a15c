import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageMeta, PageQuery } from '../common/pagination';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification.entity';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only notifications not yet marked read.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind!: NotificationKind;

  @ApiProperty()
  projectId!: number;

  @ApiProperty({ example: 'progress' })
  reportType!: string;

  @ApiProperty({ example: '2026-H1' })
  period!: string;

  @ApiProperty({ format: 'date' })
  dueDate!: string;

  @ApiProperty({ example: 'Kassel: progress report 2026-H1 is due on 2026-07-31.' })
  message!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  readAt!: string | null;
}

export class NotificationPageDto extends PageMeta {
  @ApiProperty({ type: [NotificationDto] })
  items!: NotificationDto[];

  @ApiProperty({ description: 'Unread notifications of the caller, across pages.' })
  unread!: number;
}
