import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { ValidationFailed } from '../common/errors/domain-error';
import { kindMismatch, rollupNotFound } from './rollup.errors';
import { Page } from '../common/pagination';
import { TransactionService } from '../database/transaction.service';
import type { JobCatalogue, RollupGroup } from '../jobs/job-catalogue';
import type { JobAcceptedDto } from '../jobs/job.dto';
import { JobsService } from '../jobs/jobs.service';
import {
  CompareRollupsQuery,
  ListRollupsQuery,
  RequestRollupDto,
  RollupComparisonDto,
  RollupSnapshotDto,
  RollupSnapshotSummaryDto,
} from './rollup.dto';
import { compareContents } from './rollup-compare';
import { DEFAULT_GROUP, GROUPINGS, RollupContent } from './rollup-content';
import { RollupSnapshot } from './rollup-snapshot.entity';

/** Requests roll-ups, keeps their snapshots, and reads and compares them. */
@Injectable()
export class RollupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Queues a roll-up. Identical requests (same kind and groupBy) merge into the
   * one still waiting; with an Idempotency-Key the caller gets the same run for
   * the same key. groupBy is stored only when it is not the default, so a plain
   * request and one asking for `round` are the same request.
   */
  async request(actor: Actor, dto: RequestRollupDto, idempotencyKey?: string): Promise<JobAcceptedDto> {
    const groupBy = dto.groupBy ?? DEFAULT_GROUP;
    if (!GROUPINGS[dto.kind].includes(groupBy)) {
      throw new ValidationFailed([
        {
          field: 'groupBy',
          message: `a ${dto.kind} roll-up groups by ${GROUPINGS[dto.kind].join(', ')}`,
        },
      ]);
    }
    const params: JobCatalogue['rollup'] = groupBy === DEFAULT_GROUP ? { kind: dto.kind } : { kind: dto.kind, groupBy };
    const { run } = await this.jobs.enqueue(
      actor,
      'rollup',
      params,
      idempotencyKey !== undefined ? { idempotencyKey } : { coalesce: true },
    );
    return this.jobs.accepted(run);
  }

  /** Stores a run's snapshot; a retried run replaces its own snapshot instead of adding one. */
  save(jobRunId: string, content: RollupContent, contentHash: string): Promise<RollupSnapshot> {
    return this.transactions.run(async (manager) => {
      const repo = manager.getRepository(RollupSnapshot);
      const values = {
        kind: content.kind,
        dataAsOf: new Date(content.asOf.dataAsOf),
        createdAt: this.clock.now(),
        content: JSON.stringify(content),
        contentHash,
      };
      const existing = await repo.findOneBy({ jobRunId });
      if (existing) await repo.update({ id: existing.id }, values);
      else await repo.insert({ jobRunId, ...values });
      return repo.findOneByOrFail({ jobRunId });
    });
  }

  async list(query: ListRollupsQuery): Promise<Page<RollupSnapshotSummaryDto>> {
    const qb = this.dataSource.getRepository(RollupSnapshot).createQueryBuilder('s');
    if (query.kind) qb.where('s.kind = :kind', { kind: query.kind });
    const [rows, total] = await qb
      .orderBy('s.data_as_of', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return {
      items: rows.map((s) => this.summary(s, JSON.parse(s.content) as RollupContent)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: number): Promise<RollupSnapshotDto> {
    const snapshot = await this.find(id);
    const content = JSON.parse(snapshot.content) as RollupContent;
    return { ...this.summary(snapshot, content), content: content as unknown as Record<string, unknown> };
  }

  async compare(query: CompareRollupsQuery): Promise<RollupComparisonDto> {
    const from = await this.find(query.from);
    const to = await this.find(query.to);
    if (from.kind !== to.kind) {
      throw kindMismatch(from, to);
    }
    const ref = (s: RollupSnapshot) => ({ id: s.id, dataAsOf: s.dataAsOf.toISOString(), contentHash: s.contentHash });
    return {
      kind: from.kind,
      from: ref(from),
      to: ref(to),
      identical: from.contentHash === to.contentHash,
      ...compareContents(JSON.parse(from.content) as RollupContent, JSON.parse(to.content) as RollupContent),
    };
  }

  private async find(id: number): Promise<RollupSnapshot> {
    const snapshot = await this.dataSource.getRepository(RollupSnapshot).findOneBy({ id });
    if (!snapshot) throw rollupNotFound(id);
    return snapshot;
  }

  private summary(snapshot: RollupSnapshot, content: RollupContent): RollupSnapshotSummaryDto {
    return {
      id: snapshot.id,
      kind: snapshot.kind,
      jobRunId: snapshot.jobRunId,
      dataAsOf: snapshot.dataAsOf.toISOString(),
      createdAt: snapshot.createdAt.toISOString(),
      contentHash: snapshot.contentHash,
      totals: content.totals as unknown as Record<string, unknown>,
      url: `/api/v1/rollups/${snapshot.id}`,
    };
  }

  /** The run's result: the snapshot's figures with the requested grouping listed first. */
  static result(snapshot: RollupSnapshot, content: RollupContent, groupBy: RollupGroup) {
    const order = [groupBy, ...GROUPINGS[content.kind].filter((g) => g !== groupBy)];
    const groups = content.groups as Record<string, unknown[]>;
    return {
      snapshotId: snapshot.id,
      snapshotUrl: `/api/v1/rollups/${snapshot.id}`,
      kind: content.kind,
      groupBy,
      dataAsOf: content.asOf.dataAsOf,
      contentHash: snapshot.contentHash,
      totals: content.totals,
      groups: order.map((by) => ({ by, ...groupNote(content, by), items: groups[by] })),
      ...(content.kind === 'progress' ? { projects: content.projects } : {}),
    };
  }
}

/** The note a grouping carries in a run result: the Länder's, and for strategy roll-ups also the vocabularies'. */
function groupNote(content: RollupContent, by: RollupGroup): { note?: string } {
  const note = (content.notes as Record<string, unknown>)[by];
  return (by === 'state' || content.kind === 'strategy') && typeof note === 'string' ? { note } : {};
}
