import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { ProjectAccessService } from '../projects/project-access.service';
import { ValidationFailed } from '../common/errors/domain-error';
import { noBody } from './export.errors';
import type { JobCatalogue } from '../jobs/job-catalogue';
import { JobAcceptedDto } from '../jobs/job.dto';
import { JobsService } from '../jobs/jobs.service';
import { FundingRound } from '../programme/funding-round.entity';
import { ProgrammeService } from '../programme/programme.service';
import { CreateExportDto } from './export.dto';

/**
 * Turns an export request into a queued run. Officers and auditors export the
 * portfolio with the filters they give; a municipality's export is always
 * limited to its own body's projects (scopeBodyId is set here from the
 * account, never from the request), so a filter can only narrow it further.
 */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly programmes: ProgrammeService,
    private readonly jobs: JobsService,
    private readonly access: ProjectAccessService,
  ) {}

  async request(actor: Actor, dto: CreateExportDto, idempotencyKey?: string): Promise<JobAcceptedDto> {
    if (dto.csvDialect !== undefined && dto.format !== 'csv') {
      throw new ValidationFailed([{ field: 'csvDialect', message: 'csvDialect applies to format csv only' }]);
    }
    if (dto.round !== undefined) await this.assertRoundExists(dto.round);
    // The scope comes from the account: no parameter widens it.
    const scopeBodyId = this.access.bodyScope(actor);
    if (scopeBodyId !== null && actor.bodyId === null) throw noBody();
    // Defaults are written out, so the stored parameters say exactly what the file contains.
    const params: JobCatalogue['export'] = {
      format: dto.format,
      round: dto.round,
      state: dto.state,
      category: dto.category,
      csvDialect: dto.format === 'csv' ? (dto.csvDialect ?? 'excel-de') : undefined,
      rows: dto.rows ?? 'projects',
      scopeBodyId,
    };
    const { run } = await this.jobs.enqueue(actor, 'export', params, { idempotencyKey, scopeBodyId });
    return this.jobs.accepted(run);
  }

  private async assertRoundExists(round: number): Promise<void> {
    const programme = await this.programmes.currentProgramme();
    const exists = await this.dataSource.getRepository(FundingRound).exists({ where: { programmeId: programme.id, number: round } });
    if (!exists) throw new ValidationFailed([{ field: 'round', message: `round ${round} does not exist` }]);
  }
}
