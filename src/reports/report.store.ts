import { Injectable } from '@nestjs/common';
import { EntityManager, In, type QueryDeepPartialEntity, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor';
import { advanceVersion } from '../common/workflow/versioned-workflow';
import { ProjectAccessService } from '../projects/project-access.service';
import { cascadeParts, replaceCascadeParts } from './report-cascade.store';
import { REPORT_VERSION_ERRORS, reportNotFound } from './report.errors';
import { ReportContentInput } from './report-input.dto';
import { COST_CATEGORIES, ReportIndicator, ReportMilestone, ReportRisk, ReportSpending } from './report-parts.entity';
import { storeProgressFigures } from './report-progress-figures';
import { ReportContentDto, ReportDto } from './report.dto';
import { Report, type ReportStatus } from './report.entity';

/** A report can be changed and submitted while in these states. */
export { EDITABLE_STATUSES } from '../common/workflow/versioned-workflow';

type Parts = Pick<ReportContentDto, 'milestones' | 'indicators' | 'spending' | 'risks'>;

const emptyParts = (): Parts => ({ milestones: [], indicators: [], spending: [], risks: [] });

const categoryOrder = (category: string) => COST_CATEGORIES.indexOf(category as (typeof COST_CATEGORIES)[number]);

/**
 * Reading and writing a report with its parts (milestones, indicators,
 * spending, risks live in their own tables). Shared by the use-case services;
 * every method takes the caller's EntityManager so it runs in its transaction.
 */
@Injectable()
export class ReportStore {
  constructor(private readonly access: ProjectAccessService) {}

  /** A report query narrowed to what the actor may see (a municipality: its own projects' reports). */
  scoped(manager: EntityManager, actor: Actor): SelectQueryBuilder<Report> {
    return this.access.narrow(manager.getRepository(Report).createQueryBuilder('r').innerJoin('r.project', 'p'), actor);
  }

  /** The report, if the actor may see it; otherwise REPORT.NOT_FOUND, exactly as if it did not exist. */
  async visible(manager: EntityManager, actor: Actor, id: number): Promise<Report> {
    const report = await this.scoped(manager, actor).andWhere('r.id = :id', { id }).getOne();
    if (!report) throw reportNotFound(id);
    return report;
  }

  /** The parts of several reports: four queries, however many reports. */
  async parts(manager: EntityManager, reportIds: number[]): Promise<Map<number, Parts>> {
    const byReport = new Map<number, Parts>(reportIds.map((id) => [id, emptyParts()]));
    if (reportIds.length === 0) return byReport;
    const where = { reportId: In(reportIds) };
    const ordered = { reportId: 'ASC', position: 'ASC', id: 'ASC' } as const;
    // One after the other: inside a transaction they share one connection, which runs one query at a time.
    const milestones = await manager.getRepository(ReportMilestone).find({ where, order: ordered });
    const indicators = await manager.getRepository(ReportIndicator).find({ where, order: ordered });
    const spending = await manager.getRepository(ReportSpending).find({ where, order: { reportId: 'ASC', id: 'ASC' } });
    const risks = await manager.getRepository(ReportRisk).find({ where, order: ordered });
    const of = (reportId: number) => byReport.get(reportId) as Parts;
    for (const m of milestones) {
      of(m.reportId).milestones.push({ title: m.title, plannedDate: m.plannedDate, actualDate: m.actualDate, status: m.status });
    }
    for (const i of indicators) {
      of(i.reportId).indicators.push({ name: i.name, unit: i.unit, baseline: i.baseline, target: i.target, actual: i.actual });
    }
    for (const s of spending) of(s.reportId).spending.push({ costCategory: s.costCategory, amountCents: s.amountCents });
    for (const r of risks) {
      of(r.reportId).risks.push({ description: r.description, likelihood: r.likelihood, impact: r.impact, mitigation: r.mitigation });
    }
    for (const parts of byReport.values()) parts.spending.sort((a, b) => categoryOrder(a.costCategory) - categoryOrder(b.costCategory));
    return byReport;
  }

  async dto(manager: EntityManager, report: Report): Promise<ReportDto> {
    return (await this.dtos(manager, [report]))[0];
  }

  async dtos(manager: EntityManager, reports: Report[]): Promise<ReportDto[]> {
    const parts = await this.parts(
      manager,
      reports.map((r) => r.id),
    );
    const cascade = await cascadeParts(manager, reports);
    return reports.map((r) => ({
      ...toReportDto(r, parts.get(r.id) ?? emptyParts()),
      ...(cascade.get(r.id) ?? { measureProgress: [], indicatorActuals: [] }),
    }));
  }

  /**
   * Moves the report on by one version, atomically: the UPDATE applies only
   * while the report still has the version and a status the caller read, so
   * of two concurrent writers exactly one wins and the other gets
   * REPORT.VERSION_CONFLICT (on PostgreSQL the loser waits for the winner's row
   * lock, then finds the version moved on).
   */
  async advance(
    manager: EntityManager,
    report: Report,
    allowedStatuses: readonly ReportStatus[],
    changes: QueryDeepPartialEntity<Report>,
  ): Promise<Report> {
    return advanceVersion(manager, Report, report, allowedStatuses, changes, REPORT_VERSION_ERRORS);
  }

  /**
   * Replaces the parts that `input` names (a given list replaces the whole
   * list) and leaves the others alone. Spending rows always mirror the current
   * content, since the project's reported spend is summed from them; the
   * report's spendingCents is their sum, written with them, and its progress
   * figures are stored whenever its milestones or indicators are replaced.
   */
  async replaceParts(manager: EntityManager, reportId: number, input: ReportContentInput): Promise<void> {
    if (input.milestones !== undefined) {
      await manager.getRepository(ReportMilestone).delete({ reportId });
      await insertAll(
        manager,
        ReportMilestone,
        input.milestones.map((m, position) => ({
          reportId,
          position,
          title: m.title,
          plannedDate: m.plannedDate,
          actualDate: m.actualDate ?? null,
          status: m.status,
        })),
      );
    }
    if (input.indicators !== undefined) {
      await manager.getRepository(ReportIndicator).delete({ reportId });
      await insertAll(
        manager,
        ReportIndicator,
        input.indicators.map((i, position) => ({
          reportId,
          position,
          name: i.name,
          unit: i.unit,
          baseline: i.baseline ?? null,
          target: i.target,
          actual: i.actual ?? null,
        })),
      );
    }
    if (input.milestones !== undefined || input.indicators !== undefined) await storeProgressFigures(manager, [reportId]);
    if (input.spending !== undefined) {
      await manager.getRepository(ReportSpending).delete({ reportId });
      await insertAll(
        manager,
        ReportSpending,
        input.spending.map((s) => ({ reportId, costCategory: s.costCategory, amountCents: s.amountCents })),
      );
      const spendingCents = Number(input.spending.reduce((sum, s) => sum + BigInt(s.amountCents), 0n));
      await manager.getRepository(Report).update({ id: reportId }, { spendingCents });
    }
    await replaceCascadeParts(manager, reportId, input);
    if (input.risks !== undefined) {
      await manager.getRepository(ReportRisk).delete({ reportId });
      await insertAll(
        manager,
        ReportRisk,
        input.risks.map((r, position) => ({
          reportId,
          position,
          description: r.description,
          likelihood: r.likelihood,
          impact: r.impact,
          mitigation: r.mitigation ?? null,
        })),
      );
    }
  }
}

/** Bulk insert in chunks (at most 200 rows of up to 8 columns: well under every driver's parameter limit). */
async function insertAll<T extends object>(manager: EntityManager, entity: new () => T, rows: Partial<T>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await manager.getRepository(entity).insert(rows.slice(i, i + 100) as never);
  }
}

export function contentOf(report: ReportDto): ReportContentDto {
  const { narrative, overallStatus, overallStatusReason, milestones, indicators, spending, risks, measureProgress, indicatorActuals } =
    report;
  return { narrative, overallStatus, overallStatusReason, milestones, indicators, spending, risks, measureProgress, indicatorActuals };
}

function toReportDto(r: Report, parts: Parts): Omit<ReportDto, 'measureProgress' | 'indicatorActuals'> {
  return {
    id: r.id,
    projectId: r.projectId,
    period: r.period,
    type: r.type,
    status: r.status,
    version: r.version,
    dueDate: r.dueDate,
    narrative: r.narrative,
    overallStatus: r.overallStatus,
    overallStatusReason: r.overallStatusReason,
    ...parts,
    submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
    reviewedAt: r.reviewedAt ? r.reviewedAt.toISOString() : null,
    reviewComment: r.reviewComment,
  };
}
