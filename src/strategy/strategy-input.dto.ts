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
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../common/dates';
import { CASCADE_KEY, FINITE, NOT_BLANK } from '../common/validation';
import { MilestoneInput } from '../reports/report-input.dto';
import { MEASURE_STATUSES, type MeasureStatus } from './strategy.entity';

/*
 * What a municipality writes into its strategy cascade with PUT: the whole
 * cascade, every time (an absent list is an empty one, an absent text null).
 * Ids of goals, indicators and measures are the municipality's own short
 * keys (`g1`, `mobil-01`): stable across edits, so measures and reports can
 * refer to them.
 */

export const STRATEGY_LIMITS = {
  text: 20_000,
  title: 300,
  goals: 50,
  indicators: 50,
  measures: 200,
  terms: 50,
  ownValues: 30,
  documentRef: 500,
  /** One billion euros in cents, as for report spending. */
  amountCents: 100_000_000_000,
} as const;

const KEY_MESSAGE = 'id must be 1–40 letters, digits, _ or -, starting with a letter or digit';
const CODE = /^[a-z][a-z0-9_]{1,59}$/;

const Codes = (max: number = STRATEGY_LIMITS.terms): PropertyDecorator[] => [
  IsOptional(),
  IsArray(),
  ArrayMaxSize(max),
  ArrayUnique(),
  Matches(CODE, { each: true, message: 'each code must be a vocabulary code (lowercase letters, digits, _)' }),
];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

export class ValuesInput {
  @ApiPropertyOptional({
    type: [String],
    example: ['transparenz', 'gemeinwohlorientierung'],
    description: 'Codes of the values vocabulary.',
  })
  @apply(Codes())
  codes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['Mut zum Experiment'], description: "The project's own values." })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(STRATEGY_LIMITS.ownValues)
  @IsString({ each: true })
  @MaxLength(STRATEGY_LIMITS.title, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'own values must not be blank' })
  own?: string[];
}

export class GoalIndicatorInput {
  @ApiProperty({ example: 'i1' })
  @Matches(CASCADE_KEY, { message: KEY_MESSAGE })
  id!: string;

  @ApiProperty({ maxLength: STRATEGY_LIMITS.title, example: 'Anteil ÖPNV am Modal Split' })
  @IsString()
  @MaxLength(STRATEGY_LIMITS.title)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ maxLength: 50, example: '%' })
  @IsString()
  @MaxLength(50)
  unit!: string;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 18, description: 'null when unknown.' })
  @IsOptional()
  @IsNumber(FINITE)
  baseline?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 25, description: 'null when not set yet.' })
  @IsOptional()
  @IsNumber(FINITE)
  target?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2027-12-31' })
  @IsOptional()
  @IsCalendarDate()
  targetDate?: string | null;
}

export class GoalInput {
  @ApiProperty({ example: 'g1' })
  @Matches(CASCADE_KEY, { message: KEY_MESSAGE })
  id!: string;

  @ApiProperty({ maxLength: STRATEGY_LIMITS.title, example: 'Mehr Menschen nutzen den ÖPNV' })
  @IsString()
  @MaxLength(STRATEGY_LIMITS.title)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title!: string;

  @ApiPropertyOptional({ type: [GoalIndicatorInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(STRATEGY_LIMITS.indicators)
  @ArrayUnique((i: GoalIndicatorInput) => i?.id, { message: 'indicator ids must be unique within the goal' })
  @ValidateNested({ each: true })
  @Type(() => GoalIndicatorInput)
  indicators?: GoalIndicatorInput[];
}

export class StrategyPartInput {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: STRATEGY_LIMITS.text, description: 'How the goals are to be reached.' })
  @IsOptional()
  @IsString()
  @MaxLength(STRATEGY_LIMITS.text)
  approach?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'Date of the council resolution.' })
  @IsOptional()
  @IsCalendarDate()
  resolutionDate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: STRATEGY_LIMITS.documentRef, example: 'Drucksache 101.18.1234' })
  @IsOptional()
  @IsString()
  @MaxLength(STRATEGY_LIMITS.documentRef)
  documentRef?: string | null;
}

const money = (description: string) =>
  ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: STRATEGY_LIMITS.amountCents, description });

export class MeasureInput {
  @ApiProperty({ example: 'm1' })
  @Matches(CASCADE_KEY, { message: KEY_MESSAGE })
  id!: string;

  @ApiProperty({ maxLength: STRATEGY_LIMITS.title, example: 'Mobilitätsplattform' })
  @IsString()
  @MaxLength(STRATEGY_LIMITS.title)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: STRATEGY_LIMITS.text })
  @IsOptional()
  @IsString()
  @MaxLength(STRATEGY_LIMITS.text)
  description?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['zukunftsfaehige_mobilitaet'] })
  @apply(Codes())
  fieldsOfAction?: string[];

  @ApiPropertyOptional({ type: [String], example: ['klimaneutral_ressourceneffizient'] })
  @apply(Codes())
  qualities?: string[];

  @ApiPropertyOptional({ type: [String], example: ['zugang'] })
  @apply(Codes())
  guidelines?: string[];

  @ApiPropertyOptional({ type: [String], example: ['g1'], description: 'Ids of the goals this measure serves.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(STRATEGY_LIMITS.goals)
  @ArrayUnique()
  @Matches(CASCADE_KEY, { each: true, message: 'each goal id must be a goal id' })
  goalIds?: string[];

  @money('Planned cost in euro cents; null when unknown.')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(STRATEGY_LIMITS.amountCents)
  plannedCostCents?: number | null;

  @money('Planned federal share in euro cents; null when unknown.')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(STRATEGY_LIMITS.amountCents)
  plannedFederalCents?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  startsOn?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string | null;

  @ApiProperty({ enum: MEASURE_STATUSES })
  @IsIn(MEASURE_STATUSES)
  status!: MeasureStatus;

  @ApiPropertyOptional({ type: [MilestoneInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MilestoneInput)
  milestones?: MilestoneInput[];
}

export class PutStrategyInput {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: STRATEGY_LIMITS.text,
    description: 'Welche Art von Smart City wollen wir sein?',
  })
  @IsOptional()
  @IsString()
  @MaxLength(STRATEGY_LIMITS.text)
  vision?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: STRATEGY_LIMITS.text,
    description: 'Warum wollen wir eine Smart City sein?',
  })
  @IsOptional()
  @IsString()
  @MaxLength(STRATEGY_LIMITS.text)
  mission?: string | null;

  @ApiPropertyOptional({ type: ValuesInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => ValuesInput)
  values?: ValuesInput;

  @ApiPropertyOptional({ type: [GoalInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(STRATEGY_LIMITS.goals)
  @ArrayUnique((g: GoalInput) => g?.id, { message: 'goal ids must be unique' })
  @ValidateNested({ each: true })
  @Type(() => GoalInput)
  goals?: GoalInput[];

  @ApiPropertyOptional({ type: StrategyPartInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => StrategyPartInput)
  strategy?: StrategyPartInput;

  @ApiPropertyOptional({ type: [MeasureInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(STRATEGY_LIMITS.measures)
  @ArrayUnique((m: MeasureInput) => m?.id, { message: 'measure ids must be unique' })
  @ValidateNested({ each: true })
  @Type(() => MeasureInput)
  measures?: MeasureInput[];
}
