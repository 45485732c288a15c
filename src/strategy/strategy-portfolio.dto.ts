import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PageMeta, PageQuery, ToInt } from '../common/pagination';
import { STATE_CODES } from '../projects/project.dto';
import { MEASURE_STATUSES, type MeasureStatus } from './strategy.entity';
import { MeasureDto } from './strategy.dto';

const CODE = /^[a-z][a-z0-9_]{1,59}$/;
const CODE_MESSAGE = (field: string) => `${field} must be a vocabulary code (lowercase letters, digits, _)`;

/** The filters of the officer's drill-down: measures of accepted cascades across projects. */
export class ListStrategyMeasuresQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'zukunftsfaehige_mobilitaet', description: 'Code of a field of action the measure addresses.' })
  @IsOptional()
  @Matches(CODE, { message: CODE_MESSAGE('fieldOfAction') })
  fieldOfAction?: string;

  @ApiPropertyOptional({ example: 'klimaneutral_ressourceneffizient', description: 'Code of a Smart City quality the measure addresses.' })
  @IsOptional()
  @Matches(CODE, { message: CODE_MESSAGE('quality') })
  quality?: string;

  @ApiPropertyOptional({ example: 'zugang', description: 'Code of a data-strategy guideline the measure addresses.' })
  @IsOptional()
  @Matches(CODE, { message: CODE_MESSAGE('guideline') })
  guideline?: string;

  @ApiPropertyOptional({ description: 'Funding round number (Staffel) of the project.', example: 2 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(99)
  round?: number;

  @ApiPropertyOptional({ enum: STATE_CODES, description: 'ISO 3166-2 code of a Land the project spans.' })
  @IsOptional()
  @IsIn(STATE_CODES)
  state?: string;

  @ApiPropertyOptional({ enum: MEASURE_STATUSES, description: "The measure's status." })
  @IsOptional()
  @IsIn(MEASURE_STATUSES)
  status?: MeasureStatus;
}

export class MeasureProjectDto {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 'kassel' }) slug!: string;
  @ApiProperty({ example: 'Kassel' }) name!: string;
  @ApiProperty({ example: 2 }) round!: number;
}

/** A measure of an accepted cascade, with the project it belongs to (the measure's fields as in the cascade). */
export class PortfolioMeasureDto extends PickType(MeasureDto, [
  'id',
  'title',
  'status',
  'fieldsOfAction',
  'qualities',
  'guidelines',
  'plannedCostCents',
  'plannedFederalCents',
  'startsOn',
  'endsOn',
] as const) {
  @ApiProperty({ type: MeasureProjectDto }) project!: MeasureProjectDto;
}

/** Sums over every measure that matches the filters (all pages); unknown amounts are counted, never added as 0. */
export class MeasureSumsDto {
  @ApiProperty({ description: 'Sum of the known planned costs.' }) plannedCostCents!: number;
  @ApiProperty({ description: 'Measures whose planned cost is unknown.' }) plannedCostUnknown!: number;
  @ApiProperty({ description: 'Sum of the known planned federal shares.' }) plannedFederalCents!: number;
  @ApiProperty({ description: 'Measures whose planned federal share is unknown.' }) plannedFederalUnknown!: number;
  @ApiProperty({ description: 'Projects the matching measures belong to.' }) projectCount!: number;
}

export class PortfolioMeasurePageDto extends PageMeta {
  @ApiProperty({ type: [PortfolioMeasureDto] }) items!: PortfolioMeasureDto[];
  @ApiProperty({ type: MeasureSumsDto }) sums!: MeasureSumsDto;
}
