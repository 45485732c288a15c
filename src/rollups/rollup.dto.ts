import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageMeta, PageQuery, ToInt } from '../common/pagination';
import { ROLLUP_GROUPS, ROLLUP_KINDS, type RollupGroup, type RollupKind } from '../jobs/job-catalogue';

/** The definitions the API documents; README "Roll-ups" says the same. */
export const ROLLUP_DEFINITIONS = [
  'A roll-up always computes every grouping (funding: round, category, Land, budget year; progress: round, category, Land; strategy: field of action, quality, guideline, round, Land) plus the total; groupBy (default round) only chooses which grouping the run result lists first.',
  'Money is integer euro cents, shares of the 820 M€ programme budget are basis points (10 000 = 100 %, rounded half up). Rounds and categories add up exactly to the total; a project spanning several Länder counts in full in each Land.',
  'Funding: committed/disbursed = sums of all commitment/disbursement rows; reportedSpendCents = spending of reports in status submitted or accepted; remainingCents = committed − disbursed; grantKnown/grantUnknown = projects whose grant a source states or not.',
  'Drawdown lag: cutoff = the as-of date minus 12 months. Per project, lag = max(0, commitments dated on or before the cutoff − all disbursements of the project), because disbursements draw the oldest commitment first. drawdownLagCents sums it, drawdownLagProjectCount counts projects with lag > 0.',
  "Progress: reportsDue = reports the reporting calendar expected with a due date on or before the as-of date; reportsOverdue = those past their due date that are neither submitted nor accepted (days late = as-of date − due date); reportsSubmitted/Accepted/ChangesRequested/Draft = report rows by status. Milestones, indicators and overallStatus come from each project's latest submitted or accepted progress report: a milestone is late when its planned date has passed and it is neither done nor cancelled; attainment = Σ actual/target over indicators with target ≠ 0 and an actual, in basis points.",
  'Health: red if the latest report is off_track, 2+ reports are overdue, one is more than 90 days overdue, 3+ milestones are late, or nothing was disbursed for 18+ months while committed money is undrawn; amber for at_risk, 1 overdue report, 1–2 late milestones or 12–17 months without a disbursement; green otherwise. Each project lists its reasons.',
  "Strategy: only ACCEPTED strategy cascades count (status accepted; a cascade being revised after acceptance counts again once accepted). totals: projectCount = cascadesAccepted, projectsWithoutCascade = the programme's other projects. Per measure: its status is the one the project's latest submitted or accepted progress report states for it, else the cascade's (measuresDone/Running/Planned/Stopped); plannedCostCents/plannedFederalCents sum the known amounts, measuresCostUnknown counts measures without a cost; reportedSpendCents = Σ measure spend in that latest report, measuresSpendUnknown = measures it states no spend for. Goal indicators: attainment = (actual − baseline) / (target − baseline) when a baseline is given and differs from the target, else actual / target when the target ≠ 0, with the actual from the latest report; indicatorsMeasured have one, indicatorsUnknown (no actual, no target or no distance to cover) are counted, never taken as 0; attainmentAvgBp = mean attainment of the measured ones in basis points (null when none). Per field of action, quality and guideline: the measures tagged with it, the projects having such a measure and the indicators of the goals those measures serve; a measure under several fields counts in each (notes.multiCountedMeasures, notes.multiCountedProjects), so the fields add up to more than the total; rounds add up to it exactly.",
  'contentHash = SHA-256 of the snapshot content without asOf (when it was read): equal figures give equal hashes.',
].join('\n\n');

export class RequestRollupDto {
  @ApiProperty({ enum: ROLLUP_KINDS })
  @IsIn(ROLLUP_KINDS)
  kind!: RollupKind;

  @ApiPropertyOptional({
    enum: ROLLUP_GROUPS,
    default: 'round',
    description:
      'Which grouping the run result lists first; budgetYear only for funding; fieldOfAction, quality and guideline only for strategy (which has no category).',
  })
  @IsOptional()
  @IsIn(ROLLUP_GROUPS)
  groupBy?: RollupGroup;
}

export class ListRollupsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLLUP_KINDS })
  @IsOptional()
  @IsIn(ROLLUP_KINDS)
  kind?: RollupKind;
}

export class CompareRollupsQuery {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Snapshot id of the earlier roll-up.' })
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  from!: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Snapshot id of the later roll-up (same kind).' })
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  to!: number;
}

export class RollupSnapshotSummaryDto {
  @ApiProperty({ type: 'integer' })
  id!: number;

  @ApiProperty({ enum: ROLLUP_KINDS })
  kind!: RollupKind;

  @ApiProperty({ format: 'uuid', description: 'The job run that computed it (GET /api/v1/jobs/:id).' })
  jobRunId!: string;

  @ApiProperty({ format: 'date-time', description: 'When the source rows were read.' })
  dataAsOf!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'SHA-256 of the content without asOf.' })
  contentHash!: string;

  @ApiProperty({ type: Object, description: 'The programme-wide figures.' })
  totals!: Record<string, unknown>;

  @ApiProperty({ example: '/api/v1/rollups/12' })
  url!: string;
}

export class RollupSnapshotPageDto extends PageMeta {
  @ApiProperty({ type: [RollupSnapshotSummaryDto] })
  items!: RollupSnapshotSummaryDto[];
}

export class RollupSnapshotDto extends RollupSnapshotSummaryDto {
  @ApiProperty({
    type: Object,
    description:
      'kind, asOf { dataAsOf, date, drawdownLagCutoff? }, programme, totals, groups { round, category, state, budgetYear? } (each group: key, label and the figures), notes; progress adds reporting and projects (health per project with reasons). Strategy: groups { fieldOfAction, quality, guideline, round, state } keyed by vocabulary code, round number and Land code, totals with cascadesAccepted and projectsWithoutCascade, notes { fieldOfAction, quality, guideline, state, multiCountedProjects, multiCountedMeasures, multiLandProjectCount }.',
  })
  content!: Record<string, unknown>;
}

export class FigureChangeDto {
  @ApiProperty({ nullable: true, type: 'integer' })
  from!: number | null;

  @ApiProperty({ nullable: true, type: 'integer' })
  to!: number | null;

  @ApiProperty({ nullable: true, type: 'integer', description: 'to − from; null when either is null.' })
  delta!: number | null;
}

export class GroupChangeDto {
  @ApiProperty({ example: 'DE-HE' })
  key!: string;

  @ApiProperty({ example: 'Hessen' })
  label!: string;

  @ApiProperty({ type: Object, description: 'Only the figures that differ: { committedCents: { from, to, delta } }.' })
  changes!: Record<string, FigureChangeDto>;
}

export class SnapshotRefDto {
  @ApiProperty({ type: 'integer' })
  id!: number;

  @ApiProperty({ format: 'date-time' })
  dataAsOf!: string;

  @ApiProperty()
  contentHash!: string;
}

export class ProjectHealthChangeDto {
  @ApiProperty({ type: 'integer' })
  projectId!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty({ nullable: true, enum: ['green', 'amber', 'red'] })
  from!: string | null;

  @ApiProperty({ nullable: true, enum: ['green', 'amber', 'red'] })
  to!: string | null;

  @ApiProperty({ type: [String] })
  reasonsFrom!: string[];

  @ApiProperty({ type: [String] })
  reasonsTo!: string[];
}

export class RollupComparisonDto {
  @ApiProperty({ enum: ROLLUP_KINDS })
  kind!: RollupKind;

  @ApiProperty({ type: SnapshotRefDto })
  from!: SnapshotRefDto;

  @ApiProperty({ type: SnapshotRefDto })
  to!: SnapshotRefDto;

  @ApiProperty({ description: 'True when the content hashes are equal: no figure differs.' })
  identical!: boolean;

  @ApiProperty({ type: Object, description: 'Programme-wide figures that differ: { field: { from, to, delta } }.' })
  totals!: Record<string, FigureChangeDto>;

  @ApiProperty({
    type: Object,
    description:
      'Per grouping (round, category, state, budgetYear; strategy: fieldOfAction, quality, guideline, round, state), the groups with at least one differing figure: { round: [GroupChange] }.',
  })
  groups!: Record<string, GroupChangeDto[]>;

  @ApiProperty({ type: [ProjectHealthChangeDto], description: 'Progress roll-ups: projects whose health or reasons differ.' })
  projects!: ProjectHealthChangeDto[];
}
