import { ApiProperty } from '@nestjs/swagger';
import { WORKFLOW_STATUSES, type WorkflowStatus } from '../common/workflow/versioned-workflow';
import { MilestoneInput } from '../reports/report-input.dto';
import { MEASURE_STATUSES, type MeasureStatus } from './strategy.entity';

export class ValuesDto {
  @ApiProperty({ type: [String], example: ['transparenz'] })
  codes!: string[];

  @ApiProperty({ type: [String], example: ['Mut zum Experiment'] })
  own!: string[];
}

export class GoalIndicatorDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ type: Number, nullable: true }) baseline!: number | null;
  @ApiProperty({ type: Number, nullable: true }) target!: number | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) targetDate!: string | null;
}

export class GoalDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [GoalIndicatorDto] }) indicators!: GoalIndicatorDto[];
}

export class StrategyPartDto {
  @ApiProperty({ type: String, nullable: true }) approach!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) resolutionDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) documentRef!: string | null;
}

export class MeasureDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: [String] }) fieldsOfAction!: string[];
  @ApiProperty({ type: [String] }) qualities!: string[];
  @ApiProperty({ type: [String] }) guidelines!: string[];
  @ApiProperty({ type: [String] }) goalIds!: string[];
  @ApiProperty({ type: Number, nullable: true }) plannedCostCents!: number | null;
  @ApiProperty({ type: Number, nullable: true }) plannedFederalCents!: number | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) startsOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endsOn!: string | null;
  @ApiProperty({ enum: MEASURE_STATUSES }) status!: MeasureStatus;
  @ApiProperty({ type: [MilestoneInput] }) milestones!: MilestoneInput[];
}

/** The cascade itself: what a submission freezes and what the public sees once accepted. */
export class StrategyContentDto {
  @ApiProperty({ type: String, nullable: true }) vision!: string | null;
  @ApiProperty({ type: String, nullable: true }) mission!: string | null;
  @ApiProperty({ type: ValuesDto }) values!: ValuesDto;
  @ApiProperty({ type: [GoalDto] }) goals!: GoalDto[];
  @ApiProperty({ type: StrategyPartDto }) strategy!: StrategyPartDto;
  @ApiProperty({ type: [MeasureDto] }) measures!: MeasureDto[];
}

export class StrategyDto extends StrategyContentDto {
  @ApiProperty() projectId!: number;

  @ApiProperty({ enum: WORKFLOW_STATUSES }) status!: WorkflowStatus;

  @ApiProperty({ description: 'Sent as ETag; 0 before the first save.' }) version!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt!: string | null;

  @ApiProperty({ type: String, nullable: true }) reviewComment!: string | null;
}
