import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { NOT_BLANK } from '../common/validation';
import { REPORT_TYPES, type ReportType } from '../reports/report.entity';
import { OBLIGATION_STATES, type ObligationState } from './reporting-obligation.entity';

export class ObligationDto {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  projectId!: number;

  @ApiProperty({ enum: REPORT_TYPES })
  type!: ReportType;

  @ApiProperty({ example: '2025-H1', description: 'The period (`A` / `B` for the proofs of use).' })
  period!: string;

  @ApiProperty({ format: 'date', description: 'The due date the calendar gives.' })
  legalDueDate!: string;

  @ApiProperty({
    format: 'date',
    description:
      "The date the report is due on: legalDueDate, or the next working day when that is a weekend or a public holiday of the lead's Land.",
  })
  dueDate!: string;

  @ApiProperty({ enum: OBLIGATION_STATES })
  state!: ObligationState;

  @ApiProperty({ type: String, nullable: true })
  waivedReason!: string | null;
}

export class ObligationListDto {
  @ApiProperty({ type: [ObligationDto], description: 'Every report the project owes or owed, by due date.' })
  items!: ObligationDto[];
}

export class WaiveObligationDto {
  @ApiProperty({ description: 'Why the report is not needed (required, 1–2000 characters).', maxLength: 2000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason!: string;
}
