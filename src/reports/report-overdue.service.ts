import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { addDays, daysBetween } from '../common/dates';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Commitment } from '../funding/commitment.entity';
import { ProjectAccessService } from '../projects/project-access.service';
import { Project } from '../projects/project.entity';
import { OverdueListDto, OverdueReportDto } from './report.dto';
import { isDelivered, Report, type ReportType } from './report.entity';
import { type AwardRow, awardsByProject, expectedReports, type ProjectCommitments } from './reporting-calendar';

/** Reports falling due this many days ahead are listed already, as "due". */
export const DUE_SOON_DAYS = 14;

/**
 * What is due or overdue across the projects the caller may see. Three
 * queries whatever the portfolio size: the award dates per project and phase,
 * the reports that exist, and the calendar does the rest in memory.
 */
@Injectable()
export class ReportOverdueService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly access: ProjectAccessService,
  ) {}

  /** `today` defaults to the clock; the reminder job passes the day it runs for. */
  async overdue(actor: Actor, today: string = this.clock.today()): Promise<OverdueListDto> {
    const horizon = addDays(today, DUE_SOON_DAYS);

    const awards = await this.access
      .narrow(
        this.dataSource
          .createQueryBuilder()
          .select('c.project_id', 'project_id')
          .addSelect('c.phase', 'phase')
          .addSelect('MIN(c.date)', 'first')
          .from(Commitment, 'c')
          .innerJoin(Project, 'p', 'p.id = c.project_id')
          .groupBy('c.project_id')
          .addGroupBy('c.phase'),
        actor,
      )
      .getRawMany<AwardRow>();
    if (awards.length === 0) return { items: [], total: 0, asOf: today };

    const projectIds = [...new Set(awards.map((a) => Number(a.project_id)))];
    const [projects, reports] = await Promise.all([
      this.dataSource
        .getRepository(Project)
        .createQueryBuilder('p')
        .select(['p.id', 'p.name'])
        .where('p.id IN (:...projectIds)', { projectIds })
        .getMany(),
      this.dataSource
        .getRepository(Report)
        .createQueryBuilder('r')
        .select(['r.id', 'r.projectId', 'r.type', 'r.period', 'r.status'])
        .where('r.projectId IN (:...projectIds)', { projectIds })
        .getMany(),
    ]);

    const commitments = awardsByProject(awards);
    const names = new Map(projects.map((p) => [p.id, p.name]));
    const existing = new Map(reports.map((r) => [key(r.projectId, r.type, r.period), r]));

    const items = this.owed(commitments, existing, names, today, horizon);
    items.sort(
      (a, b) =>
        b.daysLate - a.daysLate ||
        a.dueDate.localeCompare(b.dueDate) ||
        a.projectName.localeCompare(b.projectName, 'de') ||
        a.projectId - b.projectId ||
        a.type.localeCompare(b.type),
    );
    return { items, total: items.length, asOf: today };
  }

  /** Every expected report due by `horizon` that is not delivered, as the list shows it. */
  private owed(
    commitments: Map<number, ProjectCommitments>,
    existing: Map<string, Report>,
    names: Map<number, string>,
    today: string,
    horizon: string,
  ): OverdueReportDto[] {
    const items: OverdueReportDto[] = [];
    for (const [projectId, projectCommitments] of commitments) {
      for (const expected of expectedReports(projectCommitments, today, this.config.reporting)) {
        if (expected.dueDate > horizon) continue;
        const report = existing.get(key(projectId, expected.type, expected.period));
        if (report && isDelivered(report.status)) continue;
        const late = daysBetween(expected.dueDate, today);
        items.push({
          projectId,
          projectName: names.get(projectId) ?? '',
          type: expected.type,
          period: expected.period,
          dueDate: expected.dueDate,
          daysLate: Math.max(late, 0),
          state: late > 0 ? 'overdue' : 'due',
          reportId: report?.id ?? null,
          status: report?.status ?? null,
        });
      }
    }
    return items;
  }
}

const key = (projectId: number, type: ReportType, period: string) => `${projectId}|${type}|${period}`;
