import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { addDays, daysBetween, isoDate } from '../common/dates';
import { ReportingObligation } from '../obligations/reporting-obligation.entity';
import { ProjectAccessService } from '../projects/project-access.service';
import { Project } from '../projects/project.entity';
import { OverdueListDto, OverdueReportDto } from './report.dto';
import { isDelivered, Report, type ReportType } from './report.entity';

/** Reports falling due this many days ahead are listed already, as "due". */
export const DUE_SOON_DAYS = 14;

/**
 * What is due or overdue across the projects the caller may see: the
 * reporting obligations (rows, see ObligationsService) due by the horizon and
 * not waived, less those whose report is submitted or accepted. Two queries
 * whatever the portfolio size.
 */
@Injectable()
export class ReportOverdueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly access: ProjectAccessService,
  ) {}

  /** `today` defaults to the clock; the reminder job passes the day it runs for. */
  async overdue(actor: Actor, today: string = this.clock.today()): Promise<OverdueListDto> {
    const horizon = addDays(today, DUE_SOON_DAYS);

    const owed = await this.access
      .narrow(
        this.dataSource
          .createQueryBuilder()
          .select('o.project_id', 'project_id')
          .addSelect('p.name', 'name')
          .addSelect('o.type', 'type')
          .addSelect('o.period', 'period')
          .addSelect('o.due_date', 'due_date')
          .from(ReportingObligation, 'o')
          .innerJoin(Project, 'p', 'p.id = o.project_id')
          .where("o.state <> 'waived'")
          .andWhere('o.due_date <= :horizon', { horizon }),
        actor,
      )
      .getRawMany<{ project_id: unknown; name: string; type: ReportType; period: string; due_date: unknown }>();
    if (owed.length === 0) return { items: [], total: 0, asOf: today };

    const projectIds = [...new Set(owed.map((o) => Number(o.project_id)))];
    const reports = await this.dataSource
      .getRepository(Report)
      .createQueryBuilder('r')
      .select(['r.id', 'r.projectId', 'r.type', 'r.period', 'r.status'])
      .where('r.projectId IN (:...projectIds)', { projectIds })
      .getMany();
    const existing = new Map(reports.map((r) => [key(r.projectId, r.type, r.period), r]));

    const items: OverdueReportDto[] = [];
    for (const o of owed) {
      const projectId = Number(o.project_id);
      const dueDate = isoDate(o.due_date);
      const report = existing.get(key(projectId, o.type, o.period));
      if (report && isDelivered(report.status)) continue;
      const late = daysBetween(dueDate, today);
      items.push({
        projectId,
        projectName: o.name,
        type: o.type,
        period: o.period,
        dueDate,
        daysLate: Math.max(late, 0),
        state: late > 0 ? 'overdue' : 'due',
        reportId: report?.id ?? null,
        status: report?.status ?? null,
      });
    }
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
}

const key = (projectId: number, type: ReportType, period: string) => `${projectId}|${type}|${period}`;
