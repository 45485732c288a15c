import { ObligationsService } from '../obligations/obligations.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { recordReviewNotice } from '../notifications/review-notices';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { checkVersion, reviewedStatus } from '../common/workflow/versioned-workflow';
import { TransactionService } from '../database/transaction.service';
import { refreshStrategySummary } from '../rollups/strategy-rollup-data';
import { contentChanges, submissionProblems } from './report-content';
import { incomplete, notSubmittable, notSubmitted, parseOptionalIfMatch, REPORT_VERSION_ERRORS } from './report.errors';
import { ReviewReportInput } from './report-input.dto';
import { ReportContentDto, ReportDto, ReportVersionDto, ReportVersionListDto } from './report.dto';
import { ReportVersion } from './report-version.entity';
import { contentOf, EDITABLE_STATUSES, ReportStore } from './report.store';

/**
 * The life of a report after drafting: the municipality submits (each
 * submission frozen as a ReportVersion), the programme office accepts it or
 * sends it back for changes, and the municipality resubmits.
 */
@Injectable()
export class ReportWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly store: ReportStore,
    private readonly clock: Clock,
    private readonly obligations: ObligationsService,
  ) {}

  async submit(actor: Actor, id: number, ifMatch?: string | string[]): Promise<ReportDto> {
    return this.transactions.run(async (manager) => {
      const report = await this.store.visible(manager, actor, id);
      const expected = parseOptionalIfMatch(ifMatch);
      if (!EDITABLE_STATUSES.includes(report.status)) throw notSubmittable(report.status);
      checkVersion(report.version, expected, REPORT_VERSION_ERRORS);
      const before = await this.store.dto(manager, report);
      const problems = submissionProblems(contentOf(before));
      if (problems.length) throw incomplete(problems);

      const submittedAt = this.clock.now();
      const updated = await this.store.advance(manager, report, EDITABLE_STATUSES, { status: 'submitted', submittedAt });
      const after = await this.store.dto(manager, updated);
      const versions = manager.getRepository(ReportVersion);
      const submission = (await versions.countBy({ reportId: id })) + 1;
      await versions.insert({
        reportId: id,
        submission,
        reportVersion: after.version,
        content: JSON.stringify(contentOf(after)),
        submittedAt,
        submittedById: actor.userId,
      });
      // The project's latest delivered progress report may now be this one: its strategy summary follows.
      if (report.type === 'progress') await refreshStrategySummary(manager, report.projectId);
      await this.audit.record(manager, actor, {
        action: 'report.submit',
        entityType: 'report',
        entityId: id,
        before,
        after: { ...after, submission },
      });
      await this.obligations.syncProject(manager, report.projectId);
      return after;
    });
  }

  async review(actor: Actor, id: number, input: ReviewReportInput, ifMatch?: string | string[]): Promise<ReportDto> {
    return this.transactions.run(async (manager) => {
      const report = await this.store.visible(manager, actor, id);
      const expected = parseOptionalIfMatch(ifMatch);
      if (report.status !== 'submitted') throw notSubmitted(report.status);
      checkVersion(report.version, expected, REPORT_VERSION_ERRORS);
      const before = await this.store.dto(manager, report);
      const updated = await this.store.advance(manager, report, ['submitted'], {
        status: reviewedStatus(input.decision),
        reviewedAt: this.clock.now(),
        reviewedById: actor.userId,
        reviewComment: input.comment ?? null,
      });
      const after = await this.store.dto(manager, updated);
      await recordReviewNotice(manager, updated, input.decision === 'accept', input.comment ?? null, this.clock.now());
      // Sent back, the report is no longer delivered; accepted, its version moved on: the strategy summary follows.
      if (report.type === 'progress') await refreshStrategySummary(manager, report.projectId);
      await this.audit.record(manager, actor, {
        action: 'report.review',
        entityType: 'report',
        entityId: id,
        before,
        after: { ...after, decision: input.decision },
      });
      await this.obligations.syncProject(manager, report.projectId);
      return after;
    });
  }

  /** The frozen submissions, oldest first, each with what changed since the one before. */
  async versions(actor: Actor, id: number): Promise<ReportVersionListDto> {
    const manager = this.dataSource.manager;
    await this.store.visible(manager, actor, id);
    const rows = await manager.getRepository(ReportVersion).find({ where: { reportId: id }, order: { submission: 'ASC' } });
    let previous: ReportContentDto | null = null;
    const items = rows.map((row): ReportVersionDto => {
      const content = JSON.parse(row.content) as ReportContentDto;
      const changes = previous ? contentChanges(previous, content) : [];
      previous = content;
      return {
        submission: row.submission,
        reportVersion: row.reportVersion,
        submittedAt: row.submittedAt.toISOString(),
        submittedById: row.submittedById,
        content,
        changes,
      };
    });
    return { items, total: items.length };
  }
}
