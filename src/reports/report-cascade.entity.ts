import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { centsTransformer } from '../database/money';
import type { MeasureStatus } from '../strategy/strategy.entity';
import type { Report } from './report.entity';

/*
 * A progress report along the strategy cascade: per measure its status and
 * what was spent on it, per goal indicator the value reached. Measures, goals
 * and indicators are named by their keys in the project's cascade.
 */

@Entity('report_measure_progress')
export class ReportMeasureProgress {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  reportId!: number;

  @ManyToOne('Report', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Report;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 40 })
  measureId!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: MeasureStatus;

  /** Spent on the measure in the report's period; null when not known. */
  @Column({ type: 'bigint', nullable: true, transformer: centsTransformer })
  spendCents!: number | null;
}

@Entity('report_indicator_actual')
export class ReportIndicatorActual {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  reportId!: number;

  @ManyToOne('Report', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Report;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 40 })
  goalId!: string;

  @Column({ type: 'varchar', length: 40 })
  indicatorId!: string;

  /** The value reached; null when not measured. */
  @Column({ type: 'double precision', nullable: true })
  actual!: number | null;
}
