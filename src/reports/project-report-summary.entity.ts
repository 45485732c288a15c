import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Project } from '../projects/project.entity';

/**
 * A project's reports in brief, as the progress roll-up reads them: how many have each status, and the period of its
 * latest delivered progress report. Written only by the database's triggers (migration ReportSummaries1796230000000)
 * whenever one of the project's reports is inserted, deleted or changes status, type, period or project; nothing in the
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

  @Column({ type: 'varchar', length: 20, nullable: true })
  latestPeriod!: string | null;
}
