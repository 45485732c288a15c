import { ApiProperty } from '@nestjs/swagger';
import { REPORT_STATUSES, REPORT_TYPES, type ReportStatus, type ReportType } from './report.entity';

export const DEADLINE_STATES = ['upcoming', 'due', 'overdue', 'submitted', 'accepted', 'waived'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

export class ReportingDeadlineDto {
  @ApiProperty({ enum: REPORT_TYPES })
  type!: ReportType;

  @ApiProperty({ example: '2025-H2' })
  period!: string;

  @ApiProperty({
    format: 'date',
    example: '2026-02-02',
    description:
      "The date the report is due on: legalDueDate, or the next working day when that is a weekend or a public holiday of the lead's Land.",
  })
  dueDate!: string;

  @ApiProperty({
    enum: DEADLINE_STATES,
    description:
      'upcoming: due later than 14 days from today; due: within 14 days (or today); overdue: past its due date and not delivered; submitted/accepted: delivered; waived: not needed (see waivedReason). The state of the reporting obligation.',
  })
  state!: DeadlineState;

  @ApiProperty({ example: 0, description: 'Days past the due date while not delivered; 0 otherwise.' })
  daysLate!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'The report, once started.' })
  reportId!: number | null;

  @ApiProperty({ enum: REPORT_STATUSES, nullable: true })
  status!: ReportStatus | null;

  @ApiProperty({ description: 'The reporting obligation this deadline is (GET /projects/:id/obligations).' })
  obligationId!: number;

  @ApiProperty({
    format: 'date',
    example: '2026-01-31',
    description: 'The due date the calendar gives, before moving off weekends and holidays.',
  })
  legalDueDate!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Why the report is not needed, when waived.' })
  waivedReason!: string | null;
}

export class ReportingCalendarDto {
  @ApiProperty()
  projectId!: number;

  @ApiProperty({ format: 'date', description: 'The day the calendar was computed for.' })
  asOf!: string;

  @ApiProperty({
    type: [ReportingDeadlineDto],
    description: 'Every report the project owes up to the current period and its proofs of use, soonest due first.',
  })
  items!: ReportingDeadlineDto[];
}
