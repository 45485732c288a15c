import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageMeta, PageQuery, ToInt } from '../common/pagination';
import { SameQuerySameResult } from '../common/validation';
import { CATEGORY_CODES, type CategoryCode } from '../programme/category.entity';
import { PROJECT_PHASES, PROJECT_STATUSES, type ProjectPhase, type ProjectStatus } from './project.entity';

export const STATE_CODES = [
  'DE-BW',
  'DE-BY',
  'DE-BE',
  'DE-BB',
  'DE-HB',
  'DE-HH',
  'DE-HE',
  'DE-MV',
  'DE-NI',
  'DE-NW',
  'DE-RP',
  'DE-SL',
  'DE-SN',
  'DE-ST',
  'DE-SH',
  'DE-TH',
] as const;

export const PROJECT_SORTS = ['name', '-name', 'grantCents', '-grantCents', 'round', '-round'] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

/** Validated once per query string: the list is the most-read route (src/common/validation.ts). */
@SameQuerySameResult()
export class ListProjectsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Funding round number (Staffel).', example: 2 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(99)
  round?: number;

  @ApiPropertyOptional({ enum: CATEGORY_CODES })
  @IsOptional()
  @IsIn(CATEGORY_CODES)
  category?: CategoryCode;

  @ApiPropertyOptional({ enum: STATE_CODES, description: 'ISO 3166-2 code of a Land; matches projects that span it.' })
  @IsOptional()
  @IsIn(STATE_CODES)
  state?: string;

  @ApiPropertyOptional({ enum: PROJECT_STATUSES })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;

  @ApiPropertyOptional({
    description: 'Text in name, motto, lead or members; case- and umlaut-insensitive ("muenchen" finds "München").',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  // PostgreSQL refuses a NUL byte in text outright: control characters are a 400 here, not a 500 there.
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'q must not contain control characters' })
  q?: string;

  @ApiPropertyOptional({
    enum: PROJECT_SORTS,
    default: 'name',
    description: 'Field to sort by; a leading "-" sorts descending. Unknown grants sort last.',
  })
  @IsOptional()
  @IsIn(PROJECT_SORTS)
  sort: ProjectSort = 'name';
}

export class BodyRefDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ example: 'Kassel' })
  name!: string;
}

export class RoundRefDto {
  @ApiProperty({ example: 2 })
  number!: number;

  @ApiProperty({ example: 2020 })
  year!: number;
}

export class ProjectDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ example: 'kassel' })
  slug!: string;

  @ApiProperty({ example: 'Kassel' })
  name!: string;

  @ApiProperty({ nullable: true, type: String, example: 'Smart Kassel' })
  motto!: string | null;

  @ApiProperty({ type: RoundRefDto })
  round!: RoundRefDto;

  @ApiProperty({ enum: CATEGORY_CODES })
  category!: CategoryCode;

  @ApiProperty({ type: [String], example: ['DE-HE'], description: 'ISO 3166-2 codes of the Länder the project spans.' })
  states!: string[];

  @ApiProperty({ type: BodyRefDto, nullable: true, description: 'The body that receives the grant; null where no source names it.' })
  lead!: BodyRefDto | null;

  @ApiProperty({ type: [BodyRefDto], description: 'Bodies of a cooperation, as the sources list them.' })
  members!: BodyRefDto[];

  @ApiProperty({
    nullable: true,
    type: Number,
    example: 1100000000,
    description: 'Federal grant in euro cents as a source states it; null when unknown.',
  })
  grantCents!: number | null;

  @ApiProperty({ description: 'The source itself says the amount (or the row) is uncertain.' })
  grantUncertain!: boolean;

  @ApiProperty({ description: 'Where each fact about the project comes from.' })
  source!: string;

  @ApiProperty({ enum: PROJECT_PHASES, description: 'A: strategy, B: implementation.' })
  phase!: ProjectPhase;

  @ApiProperty({ enum: PROJECT_STATUSES })
  status!: ProjectStatus;
}

export class ProjectPageDto extends PageMeta {
  @ApiProperty({ type: [ProjectDto] })
  items!: ProjectDto[];
}
