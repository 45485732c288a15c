import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageMeta, PageQuery } from '../common/pagination';
import { JOB_KINDS } from './job-catalogue';
import { JOB_STATUSES, type JobStatus } from './job-run.entity';

export class ListJobsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_KINDS })
  @IsOptional()
  @IsIn(JOB_KINDS)
  kind?: string;

  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;
}

export class ArtifactDto {
  @ApiProperty({ example: 'mpsc-funding-summary-2026-11-27.xlsx' })
  name!: string;

  @ApiProperty({ example: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
  contentType!: string;

  @ApiProperty()
  bytes!: number;

  @ApiProperty({ example: '/api/v1/jobs/5f0c…/artifact' })
  url!: string;
}

export class JobRunDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: JOB_KINDS })
  kind!: string;

  @ApiProperty({ type: Object, description: 'The parameters the run was started with.' })
  params!: unknown;

  @ApiProperty({ enum: JOB_STATUSES })
  status!: JobStatus;

  @ApiProperty({ minimum: 0, maximum: 100 })
  progress!: number;

  @ApiProperty({ description: 'Attempts started so far (retries with exponential backoff after transient errors).' })
  attempts!: number;

  @ApiPropertyOptional({ type: Object, nullable: true, description: 'What the run produced (totals, snapshot id, row counts).' })
  result?: unknown;

  @ApiPropertyOptional({ type: String, nullable: true })
  error?: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  startedAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  finishedAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the source rows were read.' })
  dataAsOf!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the result or the file.' })
  contentHash!: string | null;

  @ApiProperty({ type: ArtifactDto, nullable: true })
  artifact!: ArtifactDto | null;
}

export class JobRunPageDto extends PageMeta {
  @ApiProperty({ type: [JobRunDto] })
  items!: JobRunDto[];
}

export class JobAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: JOB_STATUSES })
  status!: JobStatus;

  @ApiProperty({ example: '/api/v1/jobs/5f0c…' })
  url!: string;
}
