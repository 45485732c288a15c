import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../common/dates';
import { REVIEW_DECISIONS, type ReviewDecision } from '../common/workflow/versioned-workflow';
import { CASCADE_KEY, FINITE, NOT_BLANK } from '../common/validation';
import { MEASURE_STATUSES, type MeasureStatus } from '../strategy/strategy.entity';
import {
  COST_CATEGORIES,
  type CostCategory,
  MILESTONE_STATUSES,
  type MilestoneStatus,
  RISK_LEVELS,
  type RiskLevel,
} from './report-parts.entity';
import { OVERALL_STATUSES, type OverallStatus, REPORT_TYPES, type ReportType } from './report.entity';

/*
 * What a municipality may write into a report. Everything else on a report
 * (status, version, project, dates of submission and review) is the
 * workflow's, and sending it is refused as an unknown field.
 */

export const LIMITS = {
  narrative: 50_000,
  overallStatusReason: 2000,
  milestones: 200,
  indicators: 200,
  risks: 100,
  title: 300,
  indicatorName: 300,
  unit: 50,
  riskText: 2000,
  reviewComment: 5000,
  /** One billion euros in cents: far above any MPSC grant, far below float trouble. */
  amountCents: 100_000_000_000,
} as const;

/** Present means validated; absent (undefined) means "leave as is". Unlike @IsOptional, null is not let through. */
const IfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export class MilestoneInput {
  @ApiProperty({ maxLength: LIMITS.title, example: 'Urban data platform live' })
  @IsString()
  @MaxLength(LIMITS.title)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title!: string;

  @ApiProperty({ format: 'date', example: '2025-06-30' })
  @IsCalendarDate()
  plannedDate!: string;

  @ApiPropertyOptional({
    format: 'date',
    type: String,
    nullable: true,
    example: '2025-07-14',
    description: 'When it was reached; null while open.',
  })
  @IsOptional()
  @IsCalendarDate()
  actualDate?: string | null;

  @ApiProperty({ enum: MILESTONE_STATUSES })
  @IsIn(MILESTONE_STATUSES)
  status!: MilestoneStatus;
}

export class IndicatorInput {
  @ApiProperty({ maxLength: LIMITS.indicatorName, example: 'Sensors connected' })
  @IsString()
  @MaxLength(LIMITS.indicatorName)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ maxLength: LIMITS.unit, example: 'count' })
  @IsString()
  @MaxLength(LIMITS.unit)
  unit!: string;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 0, description: 'Value at the start; null when unknown.' })
  @IsOptional()
  @IsNumber(FINITE)
  baseline?: number | null;

  @ApiProperty({ example: 400 })
  @IsNumber(FINITE)
  target!: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 120,
    description: "Value reached in the report's period; null when not measured yet.",
  })
  @IsOptional()
  @IsNumber(FINITE)
  actual?: number | null;
}

export class SpendingInput {
  @ApiProperty({ enum: COST_CATEGORIES })
  @IsIn(COST_CATEGORIES)
  costCategory!: CostCategory;

  @ApiProperty({ minimum: 1, maximum: LIMITS.amountCents, example: 12_500_000, description: 'Spent in the period, in euro cents.' })
  @IsInt()
  @Min(1)
  @Max(LIMITS.amountCents)
  amountCents!: number;
}

export class RiskInput {
  @ApiProperty({ maxLength: LIMITS.riskText, example: 'Supplier delays for sensors' })
  @IsString()
  @MaxLength(LIMITS.riskText)
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  description!: string;

  @ApiProperty({ enum: RISK_LEVELS })
  @IsIn(RISK_LEVELS)
  likelihood!: RiskLevel;

  @ApiProperty({ enum: RISK_LEVELS })
  @IsIn(RISK_LEVELS)
  impact!: RiskLevel;

  @ApiPropertyOptional({ maxLength: LIMITS.riskText, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.riskText)
  mitigation?: string | null;
}

/** A measure of the project's strategy cascade, as this report finds it. */
export class MeasureProgressInput {
  @ApiProperty({ example: 'm1', description: "The measure's id in the project's cascade." })
  @Matches(CASCADE_KEY, { message: 'measureId must be the id of a measure of the project' })
  measureId!: string;

  @ApiProperty({ enum: MEASURE_STATUSES })
  @IsIn(MEASURE_STATUSES)
  status!: MeasureStatus;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: LIMITS.amountCents,
    description: 'Spent on it in the period, in cents.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(LIMITS.amountCents)
  spendCents?: number | null;
}

/** The value a goal indicator of the cascade reached. */
export class IndicatorActualInput {
  @ApiProperty({ example: 'g1' })
  @Matches(CASCADE_KEY, { message: 'goalId must be the id of a goal of the project' })
  goalId!: string;

  @ApiProperty({ example: 'i1' })
  @Matches(CASCADE_KEY, { message: 'indicatorId must be the id of an indicator of the goal' })
  indicatorId!: string;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 52, description: 'null when not measured.' })
  @IsOptional()
  @IsNumber(FINITE)
  actual?: number | null;
}

/** The content of a report. In a PATCH, each given part replaces the stored one (a list replaces the whole list); null clears a text. */
export class ReportContentInput {
  @ApiPropertyOptional({ maxLength: LIMITS.narrative, type: String, nullable: true, description: 'Required to submit.' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.narrative)
  narrative?: string | null;

  @ApiPropertyOptional({ enum: OVERALL_STATUSES, nullable: true, description: 'Required to submit.' })
  @IsOptional()
  @IsIn(OVERALL_STATUSES)
  overallStatus?: OverallStatus | null;

  @ApiPropertyOptional({
    maxLength: LIMITS.overallStatusReason,
    type: String,
    nullable: true,
    description: 'Required to submit when overallStatus is not on_track.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.overallStatusReason)
  overallStatusReason?: string | null;

  @ApiPropertyOptional({ type: [MilestoneInput], maxItems: LIMITS.milestones })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(LIMITS.milestones)
  @ValidateNested({ each: true })
  @Type(() => MilestoneInput)
  milestones?: MilestoneInput[];

  @ApiPropertyOptional({ type: [IndicatorInput], maxItems: LIMITS.indicators })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(LIMITS.indicators)
  @ValidateNested({ each: true })
  @Type(() => IndicatorInput)
  indicators?: IndicatorInput[];

  @ApiPropertyOptional({ type: [SpendingInput], maxItems: COST_CATEGORIES.length, description: 'At most one line per cost category.' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(COST_CATEGORIES.length)
  @ArrayUnique((line: SpendingInput) => line.costCategory, { message: 'spending may have only one line per costCategory' })
  @ValidateNested({ each: true })
  @Type(() => SpendingInput)
  spending?: SpendingInput[];

  @ApiPropertyOptional({ type: [RiskInput], maxItems: LIMITS.risks })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(LIMITS.risks)
  @ValidateNested({ each: true })
  @Type(() => RiskInput)
  risks?: RiskInput[];

  @ApiPropertyOptional({ type: [MeasureProgressInput], maxItems: 200, description: "Per measure of the project's strategy cascade." })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique((m: MeasureProgressInput) => m?.measureId, { message: 'each measure may be reported once' })
  @ValidateNested({ each: true })
  @Type(() => MeasureProgressInput)
  measureProgress?: MeasureProgressInput[];

  @ApiPropertyOptional({ type: [IndicatorActualInput], maxItems: 500, description: 'Per goal indicator of the cascade.' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique((i: IndicatorActualInput) => `${i?.goalId}/${i?.indicatorId}`, { message: 'each indicator may be reported once' })
  @ValidateNested({ each: true })
  @Type(() => IndicatorActualInput)
  indicatorActuals?: IndicatorActualInput[];
}

export class CreateReportInput extends ReportContentInput {
  @ApiProperty({
    maxLength: 20,
    example: '2025-H1',
    description: 'Progress reports: a period of the configured cadence ("2025-H1", "2025-Q3" or "2025"). Proof of use: "A" or "B".',
  })
  @IsString()
  @MaxLength(20)
  period!: string;

  @ApiPropertyOptional({ enum: REPORT_TYPES, default: 'progress' })
  @IsOptional()
  @IsIn(REPORT_TYPES)
  type?: ReportType;
}

export class UpdateReportInput extends ReportContentInput {}

export class ReviewReportInput {
  @ApiProperty({ enum: REVIEW_DECISIONS })
  @IsIn(REVIEW_DECISIONS)
  decision!: ReviewDecision;

  @ApiPropertyOptional({
    maxLength: LIMITS.reviewComment,
    type: String,
    nullable: true,
    description: 'Required when requesting changes: what to change.',
  })
  @ValidateIf((o: ReviewReportInput) => o.decision === 'request_changes' || (o.comment !== undefined && o.comment !== null))
  @IsString({ message: 'comment is required when requesting changes' })
  @MaxLength(LIMITS.reviewComment)
  @Matches(NOT_BLANK, { message: 'comment must not be blank' })
  comment?: string | null;
}
