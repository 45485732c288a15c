import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { addDays, daysBetween } from '../common/dates';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import { ReportingObligation } from '../obligations/reporting-obligation.entity';
import { ProjectAccessService } from '../projects/project-access.service';
import { DUE_SOON_DAYS } from './report-overdue.service';
import { Report } from './report.entity';
import { parsePeriod } from './reporting-calendar';
import type { DeadlineState, ReportingCalendarDto, ReportingDeadlineDto } from './reporting-calendar.dto';

/**
 * One project's reporting calendar, read from its reporting obligations (rows kept in step by ObligationsService):
 * every report it owes up to the current period and its proofs of use, each with its working-day due date and where
 * it stands, including the ones not yet due ("upcoming") and the waived ones. A withdrawn or completed project's
 * calendar ends where its obligations end. Visible to whoever may see the project; another body's project is
 * PROJECT.NOT_FOUND.
 */
@Injectable()
export class ReportingCalendarService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionService,
    private readonly access: ProjectAccessService,
    private readonly clock: Clock,
  ) {}

  async calendar(actor: Actor, projectId: number, today: string = this.clock.today()): Promise<ReportingCalendarDto> {
    await this.access.visibleProject(actor, projectId);
    const [obligations, reports] = await this.transactions.snapshot((manager) =>
      Promise.all([
        manager.getRepository(ReportingObligation).find({ where: { projectId }, order: { dueDate: 'ASC', type: 'ASC', period: 'ASC' } }),
        manager.getRepository(Report).find({ select: { id: true, type: true, period: true, status: true }, where: { projectId } }),
      ]),
    );
    const byKey = new Map(reports.map((r) => [`${r.type}|${r.period}`, r]));
    const horizon = addDays(today, DUE_SOON_DAYS);
    const items = obligations
      .filter((o) => this.begunBy(o, today))
      .map((o): ReportingDeadlineDto => {
        const report = byKey.get(`${o.type}|${o.period}`);
        const late = daysBetween(o.dueDate, today);
        const state: DeadlineState = o.state !== 'open' ? o.state : late > 0 ? 'overdue' : o.dueDate <= horizon ? 'due' : 'upcoming';
        return {
          type: o.type,
          period: o.period,
          dueDate: o.dueDate,
          state,
          daysLate: state === 'overdue' ? late : 0,
          reportId: report?.id ?? null,
          status: report?.status ?? null,
          obligationId: o.id,
          legalDueDate: o.legalDueDate,
          waivedReason: o.waivedReason,
        };
      });
    return { projectId, asOf: today, items };
  }

  /** Progress reports up to the current period (the obligations run to the programme's end); every proof of use. */
  private begunBy(obligation: ReportingObligation, today: string): boolean {
    if (obligation.type !== 'progress') return true;
    const period = parsePeriod(obligation.period, this.config.reporting.cadence);
    return period === null || period.start <= today;
  }
}
