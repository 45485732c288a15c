import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Actor, SYSTEM_ACTOR } from '../auth/actor';
import { Clock } from '../common/clock';
import { notificationNotFound } from './notification.errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import { ObligationsService } from '../obligations/obligations.service';
import type { OverdueReportDto } from '../reports/report.dto';
import { ReportOverdueService } from '../reports/report-overdue.service';
import { User } from '../users/user.entity';
import { ListNotificationsQuery, NotificationDto, NotificationPageDto } from './notification.dto';
import { Notification, NotificationKind } from './notification.entity';

const REPORT_NAMES: Record<string, string> = {
  progress: 'progress report',
  proof_of_use_a: 'proof of use (Verwendungsnachweis) for phase A',
  proof_of_use_b: 'proof of use (Verwendungsnachweis) for phase B',
};

const toDto = (n: Notification): NotificationDto => ({
  id: n.id,
  kind: n.kind,
  projectId: n.projectId,
  reportType: n.reportType,
  period: n.period,
  dueDate: String(n.dueDate).slice(0, 10),
  message: n.message,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});

const CHUNK = 500;

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly overdue: ReportOverdueService,
    private readonly clock: Clock,
    private readonly obligations: ObligationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One notification per municipality account of the project, per report due
   * within 14 days or overdue, as of `today`. The unique key (recipient, kind,
   * project, report) makes a second run on the same day add nothing; a report
   * that turns from due to overdue gets its overdue notice.
   */
  async remind(today: string): Promise<{ asOf: string; reports: number; created: number }> {
    const items = await this.remindable(today);
    if (items.length === 0) return { asOf: today, reports: 0, created: 0 };
    const projectIds = [...new Set(items.map((i) => i.projectId))];
    const recipients = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .select('u.id', 'user_id')
      .addSelect('p.id', 'project_id')
      .innerJoin('project', 'p', 'p.id IN (:...projectIds)', { projectIds })
      .where('u.role = :role AND u.active = :active', { role: 'municipality', active: true })
      .andWhere(
        '(p.lead_body_id = u.body_id OR EXISTS (SELECT 1 FROM project_member pm WHERE pm.project_id = p.id AND pm.body_id = u.body_id))',
      )
      .getRawMany<{ user_id: unknown; project_id: unknown }>();
    const usersOf = new Map<number, number[]>();
    for (const r of recipients) {
      const list = usersOf.get(Number(r.project_id)) ?? [];
      list.push(Number(r.user_id));
      usersOf.set(Number(r.project_id), list);
    }
    const now = this.clock.now();
    const rows: Partial<Notification>[] = [];
    for (const item of items) {
      const kind: NotificationKind = item.state === 'overdue' ? 'report_overdue' : 'report_due';
      const what = `${item.projectName}: ${REPORT_NAMES[item.type] ?? item.type} ${item.period}`;
      const message =
        kind === 'report_overdue'
          ? `${what} was due on ${item.dueDate} and is ${item.daysLate} day(s) late.`
          : `${what} is due on ${item.dueDate}.`;
      for (const userId of usersOf.get(item.projectId) ?? []) {
        rows.push({
          userId,
          kind,
          projectId: item.projectId,
          reportType: item.type,
          period: item.period,
          dueDate: item.dueDate,
          message: message.slice(0, 500),
          createdAt: now,
          readAt: null,
        });
      }
    }
    // Drivers report ignored conflicts differently: count the rows instead.
    const created = await this.transactions.run(async (manager) => {
      const before = await manager.getRepository(Notification).count();
      for (let i = 0; i < rows.length; i += CHUNK) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(Notification)
          .values(rows.slice(i, i + CHUNK))
          .orIgnore()
          .execute();
      }
      return (await manager.getRepository(Notification).count()) - before;
    });
    return { asOf: today, reports: items.length, created };
  }

  /**
   * The reports to remind of today: on a working day of the project's Land, from REMINDER_WORKING_DAYS_BEFORE
   * working days before the due date (due) and from REMINDER_WORKING_DAYS_AFTER working days after it (overdue).
   */
  private async remindable(today: string): Promise<OverdueReportDto[]> {
    const { items } = await this.overdue.overdue(SYSTEM_ACTOR, today);
    if (items.length === 0) return [];
    const lands = await this.obligations.landsOf([...new Set(items.map((i) => i.projectId))]);
    const days = this.obligations.workingDays;
    const { reminderDaysBefore, reminderDaysAfter } = this.config.deadlines;
    return items.filter((item) => {
      const land = lands.get(item.projectId) ?? null;
      if (!days.isWorkingDay(today, land)) return false;
      if (item.state === 'due') return today >= days.addWorkingDays(item.dueDate, -reminderDaysBefore, land);
      return today >= days.addWorkingDays(item.dueDate, Math.max(reminderDaysAfter, 1), land);
    });
  }

  async list(actor: Actor, query: ListNotificationsQuery): Promise<NotificationPageDto> {
    const repo = this.dataSource.getRepository(Notification);
    const qb = repo.createQueryBuilder('n').where('n.user_id = :me', { me: actor.userId });
    if (query.unread !== undefined) qb.andWhere(query.unread ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL');
    const [rows, total] = await qb
      .orderBy('n.due_date', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    const unread = await repo.createQueryBuilder('n').where('n.user_id = :me AND n.read_at IS NULL', { me: actor.userId }).getCount();
    return { items: rows.map(toDto), total, limit: query.limit, offset: query.offset, unread };
  }

  async markRead(actor: Actor, id: number): Promise<NotificationDto> {
    return this.transactions.run(async (manager) => {
      const repo = manager.getRepository(Notification);
      const notification = await repo.findOneBy({ id, userId: actor.userId ?? -1 });
      if (!notification) throw notificationNotFound(id);
      if (!notification.readAt) {
        notification.readAt = this.clock.now();
        await repo.update({ id }, { readAt: notification.readAt });
      }
      return toDto(notification);
    });
  }
}
