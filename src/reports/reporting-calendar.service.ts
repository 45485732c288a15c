import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { addDays, daysBetween, isoDate } from '../common/dates';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Commitment } from '../funding/commitment.entity';
import { ProjectAccessService } from '../projects/project-access.service';
import type { ProjectPhase } from '../projects/project.entity';
import { DUE_SOON_DAYS } from './report-overdue.service';
import { Report } from './report.entity';
import { expectedReports, type ProjectCommitments } from './reporting-calendar';
import type { DeadlineState, ReportingCalendarDto, ReportingDeadlineDto } from './reporting-calendar.dto';

/**
 * One project's reporting calendar: every report it owes up to the current period (from its commitments and the
 * configured cadence), each with its due date and where it stands, including the ones not yet due ("upcoming").
 * Visible to whoever may see the project; another body's project is PROJECT.NOT_FOUND.
 */
@Injectable()
export class ReportingCalendarService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ProjectAccessService,
    private readonly clock: Clock,
  ) {}

  async calendar(actor: Actor, projectId: number, today: string = this.clock.today()): Promise<ReportingCalendarDto> {
    await this.access.visibleProject(actor, projectId);
    const [commitments, reports] = await Promise.all([
      this.commitments(projectId),
      this.dataSource.getRepository(Report).find({ select: { id: true, type: true, period: true, status: true }, where: { projectId } }),
    ]);
    const byKey = new Map(reports.map((r) => [`${r.type}|${r.period}`, r]));
    const horizon = addDays(today, DUE_SOON_DAYS);
    const items = expectedReports(commitments, today, this.config.reporting).map((expected): ReportingDeadlineDto => {
      const report = byKey.get(`${expected.type}|${expected.period}`);
      const delivered = report?.status === 'submitted' || report?.status === 'accepted';
      const late = daysBetween(expected.dueDate, today);
      const state: DeadlineState = delivered
        ? (report.status as DeadlineState)
        : late > 0
          ? 'overdue'
          : expected.dueDate <= horizon
            ? 'due'
            : 'upcoming';
      return {
        ...expected,
        state,
        daysLate: delivered ? 0 : Math.max(late, 0),
        reportId: report?.id ?? null,
        status: report?.status ?? null,
      };
    });
    items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.type.localeCompare(b.type));
    return { projectId, asOf: today, items };
  }

  private async commitments(projectId: number): Promise<ProjectCommitments> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('c.phase', 'phase')
      .addSelect('MIN(c.date)', 'first')
      .from(Commitment, 'c')
      .where('c.project_id = :projectId', { projectId })
      .groupBy('c.phase')
      .getRawMany<{ phase: ProjectPhase; first: unknown }>();
    const result: ProjectCommitments = { first: null, firstByPhase: {} };
    for (const row of rows) {
      const first = isoDate(row.first);
      result.firstByPhase[row.phase] = first;
      if (result.first === null || first < result.first) result.first = first;
    }
    return result;
  }
}
