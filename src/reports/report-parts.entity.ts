import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { centsTransformer } from '../database/money';
import type { Report } from './report.entity';

/*
 * The parts of a report live in their own tables (not JSON) so roll-ups can
 * count milestones, indicators and spending with SQL aggregates.
 */

export const MILESTONE_STATUSES = ['planned', 'in_progress', 'done', 'delayed', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
export const COST_CATEGORIES = ['personnel', 'material', 'services', 'investment', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

@Entity('report_milestone')
export class ReportMilestone {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  reportId!: number;

  @ManyToOne('Report', 'milestones', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Report;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'date' })
  plannedDate!: string;

  @Column({ type: 'date', nullable: true })
  actualDate!: string | null;

  @Column({ type: 'varchar', length: 20 })
  status!: MilestoneStatus;
}

@Entity('report_indicator')
export class ReportIndicator {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  reportId!: number;

  @ManyToOne('Report', 'indicators', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Report;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Column({ type: 'varchar', length: 50 })
  unit!: string;

  @Column({ type: 'double precision', nullable: true })
  baseline!: number | null;

  @Column({ type: 'double precision' })
  target!: number;

  /** The value reached in this report's period; null when not measured yet. */
  @Column({ type: 'double precision', nullable: true })
  actual!: number | null;
}

@Entity('report_spending')
export class ReportSpending {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  reportId!: number;

  @ManyToOne('Report', 'spending', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Report;

  @Column({ type: 'varchar', length: 30 })
  costCategory!: CostCategory;

  @Column({ type: 'bigint', transformer: centsTransformer })
  amountCents!: number;
}

@Entity('report_risk')
export class ReportRisk {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  reportId!: number;

  @ManyToOne('Report', 'risks', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Report;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 2000 })
  description!: string;

  @Column({ type: 'varchar', length: 10 })
  likelihood!: RiskLevel;

  @Column({ type: 'varchar', length: 10 })
  impact!: RiskLevel;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  mitigation!: string | null;
}
