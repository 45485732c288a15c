import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Report } from './report.entity';

/** A submission, frozen: the report's content as submitted. Never updated. */
@Entity('report_version')
@Index(['reportId', 'submission'], { unique: true })
export class ReportVersion {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  reportId!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Report;

  /** 1 for the first submission, 2 for the resubmission after changes were requested, … */
  @Column({ type: 'integer' })
  submission!: number;

  /** The report's `version` (ETag) at the moment it was submitted. */
  @Column({ type: 'integer' })
  reportVersion!: number;

  /** JSON of the submitted content: narrative, overall status, milestones, indicators, spending, risks. */
  @Column({ type: 'text' })
  content!: string;

  @Column({ type: Date })
  submittedAt!: Date;

  @Column({ type: 'integer', nullable: true })
  submittedById!: number | null;
}
