import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CSV_DIALECTS, type CsvDialect, EXPORT_FORMATS, EXPORT_ROWS, type ExportFormat, type ExportRows } from '../jobs/job-catalogue';
import { CATEGORY_CODES, type CategoryCode } from '../programme/category.entity';
import { STATE_CODES } from '../projects/project.dto';

export class CreateExportDto {
  @ApiProperty({
    enum: EXPORT_FORMATS,
    description:
      'csv (one table), xlsx (sheets Projekte, Runden, Kategorien, Länder), pdf (title page, charts, tables), json (streamed document).',
  })
  @IsIn(EXPORT_FORMATS)
  format!: ExportFormat;

  @ApiPropertyOptional({ description: 'Only projects of this funding round (Staffel); the round must exist.', example: 2 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  round?: number;

  @ApiPropertyOptional({ enum: STATE_CODES, description: 'Only projects that span this Land (ISO 3166-2).' })
  @IsOptional()
  @IsIn(STATE_CODES)
  state?: string;

  @ApiPropertyOptional({ enum: CATEGORY_CODES })
  @IsOptional()
  @IsIn(CATEGORY_CODES)
  category?: CategoryCode;

  @ApiPropertyOptional({
    enum: CSV_DIALECTS,
    default: 'excel-de',
    description:
      'CSV only. excel-de: UTF-8 with BOM, ";" separator, decimal comma, CRLF, formula-looking text prefixed with \'. rfc4180: no BOM, ",", decimal point, CRLF, values verbatim.',
  })
  @IsOptional()
  @IsIn(CSV_DIALECTS)
  csvDialect?: CsvDialect;

  @ApiPropertyOptional({
    enum: EXPORT_ROWS,
    default: 'projects',
    description: 'projects: one row per project with its sums. transactions: one row per commitment or disbursement.',
  })
  @IsOptional()
  @IsIn(EXPORT_ROWS)
  rows?: ExportRows;
}
