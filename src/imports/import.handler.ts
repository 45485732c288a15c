import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import { type JobContext, type JobHandler, type JobOutcome, PermanentJobError } from '../jobs/job-catalogue';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { User } from '../users/user.entity';
import { IMPORT_KINDS } from './import-rows';
import { ImportsService } from './imports.service';

/** The 'import' run: applies a stored upload as the officer who sent it (audit rows name them), all rows or none. */
@Injectable()
export class ImportJobHandler implements JobHandler<'import'>, OnModuleInit {
  readonly kind = 'import' as const;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly imports: ImportsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async run(context: JobContext<'import'>): Promise<JobOutcome> {
    const { params } = context;
    if (
      !params ||
      !IMPORT_KINDS.includes(params.kind) ||
      typeof params.file !== 'string' ||
      !/^imports\/[0-9a-f-]{36}$/.test(params.file)
    ) {
      throw new PermanentJobError('invalid import parameters');
    }
    const user = await this.dataSource.getRepository(User).findOneBy({ id: params.userId, active: true });
    if (!user || user.role !== 'officer') throw new PermanentJobError('the officer who sent the import is no longer active');
    const actor: Actor = { userId: user.id, role: user.role, email: user.email, bodyId: null, requestId: null, ip: null };
    const result = await this.imports.commit(actor, params, context.progress);
    return { result: { kind: params.kind, fileName: params.fileName, ...result } };
  }
}
