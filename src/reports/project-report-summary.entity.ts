import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Project } from '../projects/project.entity';

/**
 * A project's reports in brief, as the progress roll-up reads them: how many have each status, and its latest delivered
 * progress report with that report's overall status and progress figures. Written only by the database's triggers (migration ReportSummaries1796230000000)
 * whenever one of the project's reports is inserted, deleted or changes status, type, period, project, overall
 * status or progress figures; nothing in the
 * application writes it.
 */
@Entity('project_report_summary')
export class ProjectReportSummary {
  @PrimaryColumn({ type: 'integer', name: 'project_id', primaryKeyConstraintName: 'PK_project_report_summary' })
  projectId!: number;

  @OneToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'FK_project_report_summary_project' })
  project?: Project;

  @Column({ type: 'integer' })
  submitted!: number;

  @Column({ type: 'integer' })
  accepted!: number;

  @Column({ type: 'integer' })
  changesRequested!: number;

  @Column({ type: 'integer' })
  draft!: number;

  /* The latest delivered progress report: its period, id, overall status and stored progress figures (Report). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  latestPeriod!: string | null;

  @Column({ type: 'integer', nullable: true })
  latestReportId!: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  overallStatus!: string | null;

  @Column({ type: 'integer', nullable: true })
  milestonesTotal!: number | null;

  @Column({ type: 'integer', nullable: true })
  milestonesDone!: number | null;

  @Column({ type: 'text', nullable: true })
  milestonesOpenDates!: string | null;

  @Column({ type: 'integer', nullable: true })
  indicatorsMeasured!: number | null;

  @Column({ type: 'double precision', nullable: true })
  indicatorAttainment!: number | null;
}
