import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { FrozenSubmission } from '../common/workflow/workflow-columns';
import { Report } from './report.entity';

/** A submission, frozen: the report's content as submitted. Never updated. */
@Entity('report_version')
@Index(['reportId', 'submission'], { unique: true })
export class ReportVersion extends FrozenSubmission {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  reportId!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Report;

  /** The report's `version` (ETag) at the moment it was submitted. */
  @Column({ type: 'integer' })
  reportVersion!: number;
}
