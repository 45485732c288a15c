import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, Matches, MaxLength, Min } from 'class-validator';
import { PageMeta, PageQuery, ToInt } from '../common/pagination';

export class ListAuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'report', description: 'user, project, report, commitment, disbursement, …' })
  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/, { message: 'entityType must be lower-case letters and _' })
  entityType?: string;

  @ApiPropertyOptional({ example: '12' })
  @IsOptional()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  actorId?: number;

  @ApiPropertyOptional({ example: 'report.submit' })
  @IsOptional()
  @Matches(/^[a-z_.]{1,60}$/, { message: 'action must be lower-case letters, _ and .' })
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events at or after this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  to?: string;
}

export class AuditEventDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ nullable: true, type: Number })
  actorId!: number | null;

  @ApiProperty({ nullable: true, type: String, example: 'officer' })
  actorRole!: string | null;

  @ApiProperty({ nullable: true, type: String })
  actorEmail!: string | null;

  @ApiProperty({ example: 'report.submit' })
  action!: string;

  @ApiProperty({ example: 'report' })
  entityType!: string;

  @ApiProperty({ nullable: true, type: String })
  entityId!: string | null;

  @ApiProperty({ nullable: true, type: Object, description: 'The entity before the change.' })
  before!: unknown;

  @ApiProperty({ nullable: true, type: Object, description: 'The entity after the change.' })
  after!: unknown;

  @ApiProperty({ nullable: true, type: String, description: 'The X-Request-Id of the request that made the change.' })
  requestId!: string | null;
}

export class AuditPageDto extends PageMeta {
  @ApiProperty({ type: [AuditEventDto] })
  items!: AuditEventDto[];
}
