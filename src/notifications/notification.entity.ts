import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_KINDS = ['report_due', 'report_overdue', 'report_accepted', 'report_changes_requested'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A reminder or a review outcome for one recipient. The unique key makes the daily reminder job safe to run twice. */
@Entity('notification')
@Index(['userId', 'kind', 'projectId', 'reportType', 'period'], { unique: true })
export class Notification {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  userId!: number;

  @Column({ type: 'varchar', length: 30 })
  kind!: NotificationKind;

  @Column({ type: 'integer' })
  projectId!: number;

  @Column({ type: 'varchar', length: 20 })
  reportType!: string;

  @Column({ type: 'varchar', length: 20 })
  period!: string;

  @Column({ type: 'date' })
  dueDate!: string;

  @Column({ type: 'varchar', length: 500 })
  message!: string;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date, nullable: true })
  readAt!: Date | null;
}
