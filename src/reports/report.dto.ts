import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { PageMeta, PageQuery, ToInt } from '../common/pagination';
import { IndicatorActualInput, IndicatorInput, MeasureProgressInput, MilestoneInput, RiskInput, SpendingInput } from './report-input.dto';
import { OVERALL_STATUSES, type OverallStatus, REPORT_STATUSES, REPORT_TYPES, type ReportStatus, type ReportType } from './report.entity';

export const REPORT_SORTS = ['dueDate', '-dueDate', 'period', '-period', 'id', '-id'] as const;
export type ReportSort = (typeof REPORT_SORTS)[number];

export class ListReportsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only the reports of this project.' })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  projectId?: number;

  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsOptional()
  @IsIn(REPORT_STATUSES)
  status?: ReportStatus;

  @ApiPropertyOptional({ example: '2025-H1', description: 'Exact period ("2025-H1", "2025-Q3", "2025", "A", "B").' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Z-]{1,20}$/, { message: 'period must look like 2025-H1, 2025-Q3, 2025, A or B' })
  period?: string;

  @ApiPropertyOptional({ enum: REPORT_TYPES })
  @IsOptional()
  @IsIn(REPORT_TYPES)
  type?: ReportType;

  @ApiPropertyOptional({ enum: REPORT_SORTS, default: 'dueDate', description: 'Field to sort by; a leading "-" sorts descending.' })
  @IsOptional()
  @IsIn(REPORT_SORTS)
  sort: ReportSort = 'dueDate';
}

/** What a municipality reports: the part of a report that is frozen at each submission. */
export class IndicatorActualDto extends IndicatorActualInput {
  @ApiProperty({ type: Number, nullable: true, description: "The indicator's target in the cascade as it is now; null when unknown." })
  target!: number | null;
}

export class ReportContentDto {
  @ApiProperty({ type: String, nullable: true })
  narrative!: string | null;

  @ApiProperty({ enum: OVERALL_STATUSES, nullable: true })
  overallStatus!: OverallStatus | null;

  @ApiProperty({ type: String, nullable: true })
  overallStatusReason!: string | null;

  @ApiProperty({ type: [MilestoneInput] })
  milestones!: Required<MilestoneInput>[];

  @ApiProperty({ type: [IndicatorInput] })
  indicators!: Required<IndicatorInput>[];

  @ApiProperty({
    type: [SpendingInput],
    description: 'One line per cost category, in the order personnel, material, services, investment, other.',
  })
  spending!: SpendingInput[];

  @ApiProperty({ type: [RiskInput] })
  risks!: Required<RiskInput>[];

  @ApiProperty({ type: [MeasureProgressInput], description: "Status and spend per measure of the project's strategy cascade." })
  measureProgress!: Required<MeasureProgressInput>[];

  @ApiProperty({ type: [IndicatorActualDto], description: 'Actual values per goal indicator, with the target beside them.' })
  indicatorActuals!: IndicatorActualDto[];
}

export class ReportDto extends ReportContentDto {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  projectId!: number;

  @ApiProperty({ example: '2025-H1', description: 'Period of a progress report; "A" or "B" for proof of use.' })
  period!: string;

  @ApiProperty({ enum: REPORT_TYPES })
  type!: ReportType;

  @ApiProperty({ enum: REPORT_STATUSES })
  status!: ReportStatus;

  @ApiProperty({ example: 3, description: 'Also sent as the ETag header; send it back as If-Match to change the report.' })
  version!: number;

  @ApiProperty({ format: 'date', example: '2025-07-31' })
  dueDate!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Latest submission.' })
  submittedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Latest review.' })
  reviewedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Comment of the latest review.' })
  reviewComment!: string | null;
}

export class ReportPageDto extends PageMeta {
  @ApiProperty({ type: [ReportDto] })
  items!: ReportDto[];
}

export const CHANGE_KINDS = ['added', 'removed', 'changed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export class ReportChangeDto {
  @ApiProperty({
    example: 'milestones',
    description: 'narrative, overallStatus, overallStatusReason, milestones, indicators, spending or risks.',
  })
  field!: string;

  @ApiProperty({ enum: CHANGE_KINDS })
  change!: ChangeKind;

  @ApiPropertyOptional({
    example: 'Urban data platform live',
    description: 'Which entry of a list: milestone title, indicator name, cost category or risk description.',
  })
  key?: string;

  @ApiPropertyOptional({ description: 'The previous value (absent for additions and for the narrative).' })
  from?: unknown;

  @ApiPropertyOptional({ description: 'The new value (absent for removals and for the narrative).' })
  to?: unknown;
}

export class ReportVersionDto {
  @ApiProperty({ example: 1, description: '1 for the first submission, 2 for the resubmission after changes were requested, …' })
  submission!: number;

  @ApiProperty({ description: "The report's version (ETag) as submitted." })
  reportVersion!: number;

  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;

  @ApiProperty({ type: Number, nullable: true })
  submittedById!: number | null;

  @ApiProperty({ type: ReportContentDto })
  content!: ReportContentDto;

  @ApiProperty({ type: [ReportChangeDto], description: 'What differs from the previous submission; empty for the first.' })
  changes!: ReportChangeDto[];
}

export class ReportVersionListDto {
  @ApiProperty({ type: [ReportVersionDto] })
  items!: ReportVersionDto[];

  @ApiProperty()
  total!: number;
}

export const DUE_STATES = ['due', 'overdue'] as const;
export type DueState = (typeof DUE_STATES)[number];

export class OverdueReportDto {
  @ApiProperty()
  projectId!: number;

  @ApiProperty({ example: 'Kassel' })
  projectName!: string;

  @ApiProperty({ enum: REPORT_TYPES })
  type!: ReportType;

  @ApiProperty({ example: '2025-H2' })
  period!: string;

  @ApiProperty({ format: 'date', example: '2026-01-31' })
  dueDate!: string;

  @ApiProperty({ example: 43, description: 'Days past the due date; 0 while not yet late.' })
  daysLate!: number;

  @ApiProperty({ enum: DUE_STATES, description: 'due: within the next 14 days (or today); overdue: past its due date.' })
  state!: DueState;

  @ApiProperty({ type: Number, nullable: true, description: 'The report, if one was started (draft or changes requested).' })
  reportId!: number | null;

  @ApiProperty({ enum: REPORT_STATUSES, nullable: true })
  status!: ReportStatus | null;
}

export class OverdueListDto {
  @ApiProperty({ type: [OverdueReportDto], description: 'Most days late first.' })
  items!: OverdueReportDto[];

  @ApiProperty()
  total!: number;

  @ApiProperty({ format: 'date', description: 'The day the list was computed for.' })
  asOf!: string;
}
