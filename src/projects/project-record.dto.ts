import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../common/dates';
import { NOT_BLANK } from '../common/validation';
import { PROJECT_STATUSES, type ProjectStatus } from './project.entity';

const MAX_REASON = 2000;
const MAX_GRANT_CENTS = 82_000_000_000;

export class ChangeProjectStatusDto {
  @ApiProperty({ enum: PROJECT_STATUSES, description: 'active → completed | withdrawn, and back to active.' })
  @IsIn(PROJECT_STATUSES)
  status!: ProjectStatus;

  @ApiProperty({
    format: 'date',
    description:
      "When the change takes effect, YYYY-MM-DD: not before the project's award (first commitment) or the previous change, at most STATUS_FUTURE_DAYS ahead.",
    example: '2025-09-19',
  })
  @IsCalendarDate()
  effectiveDate!: string;

  @ApiProperty({
    description: 'Why (required, 1–2000 characters).',
    maxLength: MAX_REASON,
    example: 'Projekt abgeschlossen, Abschlussbericht liegt vor',
  })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @MaxLength(MAX_REASON)
  reason!: string;
}

export class ProjectStatusChangeDto {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  projectId!: number;

  @ApiProperty({ enum: PROJECT_STATUSES })
  fromStatus!: ProjectStatus;

  @ApiProperty({ enum: PROJECT_STATUSES })
  toStatus!: ProjectStatus;

  @ApiProperty({ format: 'date' })
  effectiveDate!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: Number, nullable: true })
  createdById!: number | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class ProjectStatusHistoryDto {
  @ApiProperty({ enum: PROJECT_STATUSES, description: 'The status now.' })
  status!: ProjectStatus;

  @ApiProperty({ type: [ProjectStatusChangeDto], description: 'Every officer-set change, oldest first.' })
  items!: ProjectStatusChangeDto[];
}

export class ConfirmGrantDto {
  @ApiProperty({
    type: 'integer',
    description:
      'The grant in euro cents as the source states it: the current amount to confirm it, another to correct it; not below the net commitments.',
    minimum: 1,
    maximum: MAX_GRANT_CENTS,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_GRANT_CENTS)
  grantCents!: number;

  @ApiPropertyOptional({ description: 'Whether the amount is still uncertain (default false: confirmed).', default: false })
  @IsOptional()
  @IsBoolean()
  uncertain?: boolean;

  @ApiProperty({ description: 'Why (required).', maxLength: MAX_REASON, example: 'Zuwendungsbescheid liegt vor' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @MaxLength(MAX_REASON)
  reason!: string;

  @ApiProperty({
    description: 'Where the amount comes from (required), e.g. the notice and its date.',
    maxLength: MAX_REASON,
    example: 'Bescheid BBSR vom 12.03.2021',
  })
  @IsString()
  @Matches(NOT_BLANK, { message: 'source must not be blank' })
  @MaxLength(MAX_REASON)
  source!: string;
}

export class ProjectGrantDto {
  @ApiProperty()
  projectId!: number;

  @ApiProperty({ type: 'integer' })
  grantCents!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'The grant before this confirmation (null: unknown).' })
  previousGrantCents!: number | null;

  @ApiProperty()
  grantUncertain!: boolean;

  @ApiProperty()
  source!: string;
}
