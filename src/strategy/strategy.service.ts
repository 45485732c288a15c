import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, seesEverything } from '../auth/actor';
import { Clock } from '../common/clock';
import { ValidationFailed } from '../common/errors/domain-error';
import {
  advanceVersion,
  checkVersion,
  EDITABLE_STATUSES,
  parseIfMatch,
  parseOptionalIfMatch,
  reviewedStatus,
} from '../common/workflow/versioned-workflow';
import { TransactionService } from '../database/transaction.service';
import { ProjectAccessService } from '../projects/project-access.service';
import { projectNotFound } from '../projects/project.errors';
import { Project } from '../projects/project.entity';
import { ReviewReportInput } from '../reports/report-input.dto';
import { refreshStrategySummary } from '../rollups/strategy-rollup-data';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { inputProblems, plannedFederalTotal, submissionProblems } from './strategy-checks';
import { StrategyContentDto, StrategyDto } from './strategy.dto';
import { Strategy, StrategyVersion } from './strategy.entity';
import {
  incomplete,
  notEditable,
  notSubmittable,
  notSubmitted,
  overGrant,
  STRATEGY_VERSION_ERRORS as ERRORS,
  strategyNotFound,
} from './strategy.errors';
import { PutStrategyInput } from './strategy-input.dto';
import { contentOf, emptyStrategy, StrategyStore } from './strategy.store';

/** An accepted cascade may be revised: saving it starts a new draft, while the public keeps seeing the accepted one. */
const WRITABLE = [...EDITABLE_STATUSES, 'accepted'] as const;

/**
 * A project's strategy cascade and its review: the municipality drafts and
 * submits, the programme office accepts or requests changes (the workflow of
 * reports, src/common/workflow). The public sees the last accepted submission.
 */
@Injectable()
export class StrategyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly access: ProjectAccessService,
    private readonly vocabularies: VocabulariesService,
    private readonly store: StrategyStore,
    private readonly clock: Clock,
  ) {}

  /** The current cascade for the project's municipality, officers and auditors; the last accepted one for everyone else. */
  async get(actor: Actor | null, projectId: number): Promise<StrategyDto> {
    const manager = this.dataSource.manager;
    const project = await manager.getRepository(Project).findOneBy({ id: projectId });
    if (!project) throw projectNotFound(projectId);
    const row = await manager.getRepository(Strategy).findOneBy({ projectId });
    if (actor && (await this.access.canSee(actor, projectId, manager)))
      return row ? this.store.dto(manager, row) : emptyStrategy(projectId);
    const accepted = row
      ? await manager
          .getRepository(StrategyVersion)
          .findOne({ where: { strategyId: row.id, acceptedAt: Not(IsNull()) }, order: { submission: 'DESC' } })
      : null;
    if (!row || !accepted) throw strategyNotFound(projectId);
    const content = JSON.parse(accepted.content) as StrategyContentDto;
    return {
      ...emptyStrategy(projectId),
      ...content,
      status: 'accepted',
      version: accepted.strategyVersion,
      submittedAt: accepted.submittedAt.toISOString(),
      reviewedAt: (accepted.acceptedAt as Date).toISOString(),
    };
  }

  /** Replaces the whole cascade, if If-Match is the version last read (0 before the first save). */
  async put(actor: Actor, projectId: number, input: PutStrategyInput, ifMatch: string | string[] | undefined): Promise<StrategyDto> {
    return this.transactions.run(async (manager) => {
      const project = await this.access.visibleProject(actor, projectId, manager);
      const expected = parseIfMatch(ifMatch, ERRORS);
      const problems = inputProblems(input, await this.vocabularies.all(manager));
      if (problems.length) throw new ValidationFailed(problems);
      const federal = plannedFederalTotal(input);
      if (project.grantCents !== null && federal > project.grantCents) throw overGrant(federal, project.grantCents);

      const strategies = manager.getRepository(Strategy);
      let row = await strategies.findOneBy({ projectId });
      const before = row ? await this.store.dto(manager, row) : null;
      if (!row) {
        if (expected !== 0) throw ERRORS.versionConflict(expected, 0);
        const { identifiers } = await strategies.insert({ projectId, status: 'draft', version: 1, ...this.store.columns(input) });
        row = await strategies.findOneByOrFail({ id: identifiers[0].id as number });
      } else {
        if (!(WRITABLE as readonly string[]).includes(row.status)) throw notEditable(row.status);
        if (row.version !== expected) throw ERRORS.versionConflict(expected, row.version);
        const revision = row.status === 'accepted' ? { status: 'draft' as const, reviewComment: null } : {};
        row = await advanceVersion(manager, Strategy, row, WRITABLE, { ...this.store.columns(input), ...revision }, ERRORS);
      }
      await this.store.replaceParts(manager, row.id, input);
      await refreshStrategySummary(manager, projectId);
      const after = await this.store.dto(manager, row);
      await this.audit.record(manager, actor, { action: 'strategy.update', entityType: 'strategy', entityId: projectId, before, after });
      return after;
    });
  }

  async submit(actor: Actor, projectId: number, ifMatch?: string | string[]): Promise<StrategyDto> {
    return this.transactions.run(async (manager) => {
      const row = await this.existing(manager, actor, projectId);
      const expected = parseOptionalIfMatch(ifMatch, ERRORS);
      if (!EDITABLE_STATUSES.includes(row.status)) throw notSubmittable(row.status);
      checkVersion(row.version, expected, ERRORS);
      const before = await this.store.dto(manager, row);
      const problems = submissionProblems(before);
      if (problems.length) throw incomplete(problems);
      const submittedAt = this.clock.now();
      const updated = await advanceVersion(manager, Strategy, row, EDITABLE_STATUSES, { status: 'submitted', submittedAt }, ERRORS);
      await refreshStrategySummary(manager, projectId);
      const after = await this.store.dto(manager, updated);
      const versions = manager.getRepository(StrategyVersion);
      const submission = (await versions.countBy({ strategyId: row.id })) + 1;
      await versions.insert({
        strategyId: row.id,
        submission,
        strategyVersion: after.version,
        content: JSON.stringify(contentOf(after)),
        submittedAt,
        submittedById: actor.userId,
        acceptedAt: null,
      });
      await this.audit.record(manager, actor, {
        action: 'strategy.submit',
        entityType: 'strategy',
        entityId: projectId,
        before,
        after: { ...after, submission },
      });
      return after;
    });
  }

  async review(actor: Actor, projectId: number, input: ReviewReportInput, ifMatch?: string | string[]): Promise<StrategyDto> {
    return this.transactions.run(async (manager) => {
      const row = await this.existing(manager, actor, projectId);
      const expected = parseOptionalIfMatch(ifMatch, ERRORS);
      if (row.status !== 'submitted') throw notSubmitted(row.status);
      checkVersion(row.version, expected, ERRORS);
      const before = await this.store.dto(manager, row);
      const reviewedAt = this.clock.now();
      const updated = await advanceVersion(
        manager,
        Strategy,
        row,
        ['submitted'],
        { status: reviewedStatus(input.decision), reviewedAt, reviewedById: actor.userId, reviewComment: input.comment ?? null },
        ERRORS,
      );
      if (input.decision === 'accept') {
        const versions = manager.getRepository(StrategyVersion);
        const latest = await versions.findOneOrFail({ where: { strategyId: row.id }, order: { submission: 'DESC' } });
        await versions.update({ id: latest.id }, { acceptedAt: reviewedAt });
      }
      await refreshStrategySummary(manager, projectId);
      const after = await this.store.dto(manager, updated);
      await this.audit.record(manager, actor, {
        action: 'strategy.review',
        entityType: 'strategy',
        entityId: projectId,
        before,
        after: { ...after, decision: input.decision },
      });
      return after;
    });
  }

  /** The project's saved cascade, if the actor may see the project; a project without one has nothing to submit or review. */
  private async existing(manager: EntityManager, actor: Actor, projectId: number): Promise<Strategy> {
    await this.access.visibleProject(actor, projectId, manager);
    const row = await manager.getRepository(Strategy).findOneBy({ projectId });
    if (row) return row;
    throw seesEverything(actor) ? notSubmitted('none') : incomplete(submissionProblems(emptyStrategy(projectId)));
  }
}
