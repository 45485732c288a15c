import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { WORKFLOW_STATUSES, type WorkflowStatus } from '../common/workflow/versioned-workflow';
import { ReviewedDocument } from '../common/workflow/workflow-columns';
import { centsTransformer } from '../database/money';
import { Project } from '../projects/project.entity';
import { ReportIndicator, ReportMilestone, ReportRisk, ReportSpending } from './report-parts.entity';

export const REPORT_TYPES = ['progress', 'proof_of_use_a', 'proof_of_use_b'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
/** A report's status follows the shared review workflow (src/common/workflow/versioned-workflow.ts). */
export const REPORT_STATUSES = WORKFLOW_STATUSES;
export type ReportStatus = WorkflowStatus;
/**
 * A report counts once it is submitted or accepted: it has reached the programme office, so it is no longer owed
 * (overdue list, progress roll-up) and its spending counts as reported (funding summary, funding roll-up).
 */
export const DELIVERED_REPORT_STATUSES: readonly ReportStatus[] = ['submitted', 'accepted'];
export const isDelivered = (status: ReportStatus): boolean => DELIVERED_REPORT_STATUSES.includes(status);
export const OVERALL_STATUSES = ['on_track', 'at_risk', 'off_track'] as const;
export type OverallStatus = (typeof OVERALL_STATUSES)[number];

/**
 * A progress report (half-yearly by default) or a proof-of-use report
 * (Verwendungsnachweis) of a project. The row holds the current content; every
 * submission is frozen as a ReportVersion.
 */
@Entity('report')
@Index(['projectId', 'type', 'period'], { unique: true })
/**
 * A project's latest delivered progress report, its id and version, read from the index alone (the strategy
 * roll-up checks each cascade's stored summary against them: src/rollups/strategy-rollup-data.ts).
 */
@Index('IDX_report_latest_delivered', ['projectId', 'type', 'period', 'status', 'version'])
/** The delivered reports' stored spending totals per project, read from the index alone by the funding roll-up. */
@Index('IDX_report_delivered_spending', ['projectId', 'status', 'spendingCents'])
export class Report extends ReviewedDocument {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  projectId!: number;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  /** `2025-H1` for progress reports; `A` or `B` for proof-of-use reports. */
  @Column({ type: 'varchar', length: 20 })
  period!: string;

  @Column({ type: 'varchar', length: 20 })
  type!: ReportType;

  /** The review workflow's status, version, submission and review: ReviewedDocument. */
  declare status: ReportStatus;

  @Index()
  @Column({ type: 'date' })
  dueDate!: string;

  @Column({ type: 'text', nullable: true })
  narrative!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  overallStatus!: OverallStatus | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  overallStatusReason!: string | null;

  @Column({ type: 'integer', nullable: true })
  createdById!: number | null;

  /**
   * The sum of its spending lines, written with them (ReportStore.replaceParts), so the funding roll-up reads this
   * column instead of the lines; null when the lines were written otherwise (the roll-up then sums them).
   */
  @Column({ type: 'bigint', nullable: true, transformer: centsTransformer })
  spendingCents!: number | null;

  /*
   * Its progress figures, stored with its milestones and indicators (see report-progress-figures.ts) so the progress
   * roll-up reads these columns instead of the parts; null when the parts were written otherwise (the roll-up then
   * reads the parts).
   */
  @Column({ type: 'integer', nullable: true })
  milestonesTotal!: number | null;

  @Column({ type: 'integer', nullable: true })
  milestonesDone!: number | null;

  /** The planned dates of its open milestones (not done or cancelled), ascending, space-separated; '' for none. */
  @Column({ type: 'text', nullable: true })
  milestonesOpenDates!: string | null;

  @Column({ type: 'integer', nullable: true })
  indicatorsMeasured!: number | null;

  /** Σ actual/target of its measured indicators (target not 0); null when none is measured. */
  @Column({ type: 'double precision', nullable: true })
  indicatorAttainment!: number | null;

  @OneToMany(() => ReportMilestone, (m) => m.report)
  milestones?: ReportMilestone[];

  @OneToMany(() => ReportIndicator, (i) => i.report)
  indicators?: ReportIndicator[];

  @OneToMany(() => ReportSpending, (s) => s.report)
  spending?: ReportSpending[];

  @OneToMany(() => ReportRisk, (r) => r.report)
  risks?: ReportRisk[];

  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}
