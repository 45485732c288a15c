import type { EntityManager } from 'typeorm';
import type { Report } from '../reports/report.entity';
import { User } from '../users/user.entity';
import { Notification, type NotificationKind } from './notification.entity';

/**
 * The outcome of a review for the project's municipality accounts, written in the review's transaction: a
 * "report_accepted" or "report_changes_requested" notification carrying the officer's comment (the first 500
 * characters; the report holds all of it). A repeated outcome replaces the earlier one, unread again.
 */
export async function recordReviewNotice(
  manager: EntityManager,
  report: Report,
  accepted: boolean,
  comment: string | null,
  now: Date,
): Promise<void> {
  const kind: NotificationKind = accepted ? 'report_accepted' : 'report_changes_requested';
  const recipients = await manager
    .getRepository(User)
    .createQueryBuilder('u')
    .select('u.id', 'user_id')
    .innerJoin('project', 'p', 'p.id = :projectId', { projectId: report.projectId })
    .where('u.role = :role AND u.active = :active', { role: 'municipality', active: true })
    .andWhere(
      '(p.lead_body_id = u.body_id OR EXISTS (SELECT 1 FROM project_member pm WHERE pm.project_id = p.id AND pm.body_id = u.body_id))',
    )
    .getRawMany<{ user_id: unknown }>();
  const userIds = recipients.map((r) => Number(r.user_id));
  if (userIds.length === 0) return;
  const key = { kind, projectId: report.projectId, reportType: report.type, period: report.period };
  await manager
    .createQueryBuilder()
    .delete()
    .from(Notification)
    .where('user_id IN (:...userIds) AND kind = :kind AND project_id = :projectId AND report_type = :reportType AND period = :period', {
      userIds,
      ...key,
    })
    .execute();
  const message = (comment ?? (accepted ? 'Der Bericht wurde angenommen.' : '')).slice(0, 500);
  const rows = userIds.map((userId) => ({ userId, ...key, dueDate: report.dueDate, message, createdAt: now, readAt: null }));
  await manager.createQueryBuilder().insert().into(Notification).values(rows).execute();
}
