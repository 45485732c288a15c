import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { FrozenSubmission, ReviewedDocument } from '../common/workflow/workflow-columns';
import { centsTransformer } from '../database/money';
import { Project } from '../projects/project.entity';

export const MEASURE_STATUSES = ['planned', 'running', 'done', 'stopped'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];
/** The vocabularies a measure is tagged with (one row per tag in strategy_measure_term, so roll-ups group in SQL). */
export const MEASURE_TERM_KINDS = ['fieldOfAction', 'quality', 'guideline'] as const;
export type MeasureTermKind = (typeof MEASURE_TERM_KINDS)[number];

/**
 * A project's Smart City strategy: vision, mission, values and strategy on
 * this row; goals and measures in their own tables. It follows the review
 * workflow of reports (draft → submitted → accepted | changes_requested), and
 * every submission is frozen as a StrategyVersion.
 */
@Entity('strategy')
export class Strategy extends ReviewedDocument {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'integer' })
  projectId!: number;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Column({ type: 'text', nullable: true })
  vision!: string | null;

  @Column({ type: 'text', nullable: true })
  mission!: string | null;

  /** JSON `{ codes: string[], own: string[] }`: values from the vocabulary and the project's own. */
  @Column({ type: 'text' })
  valuesJson!: string;

  @Column({ type: 'text', nullable: true })
  approach!: string | null;

  /** The council resolution (Ratsbeschluss) adopting the strategy. */
  @Column({ type: 'date', nullable: true })
  resolutionDate!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  documentRef!: string | null;

  /**
   * The cascade's share of the strategy roll-up (JSON, src/rollups/strategy-summary.ts), with the versions of
   * the rows it was computed from; null until first computed. Written by the writes that change those rows
   * (refreshStrategySummary), read by the roll-up only: not loaded with the entity.
   */
  @Column({ type: 'text', nullable: true, select: false })
  rollupSummary!: string | null;

  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}

@Entity('strategy_goal')
@Index(['strategyId', 'key'], { unique: true })
export class StrategyGoal {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  strategyId!: number;

  @ManyToOne(() => Strategy, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'strategy_id' })
  strategy?: Strategy;

  /** The goal's id in the API: chosen by the municipality, stable across edits (measures and reports refer to it). */
  @Column({ type: 'varchar', length: 40 })
  key!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  /** JSON list of `{ id, name, unit, baseline, target, targetDate }`. */
  @Column({ type: 'text' })
  indicatorsJson!: string;
}

@Entity('strategy_measure')
@Index(['strategyId', 'key'], { unique: true })
export class StrategyMeasure {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  strategyId!: number;

  @ManyToOne(() => Strategy, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'strategy_id' })
  strategy?: Strategy;

  @Column({ type: 'varchar', length: 40 })
  key!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: centsTransformer })
  plannedCostCents!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: centsTransformer })
  plannedFederalCents!: number | null;

  @Column({ type: 'date', nullable: true })
  startsOn!: string | null;

  @Column({ type: 'date', nullable: true })
  endsOn!: string | null;

  @Column({ type: 'varchar', length: 20 })
  status!: MeasureStatus;

  /** JSON list of goal keys the measure serves. */
  @Column({ type: 'text' })
  goalKeysJson!: string;

  /** JSON list of `{ title, plannedDate, actualDate, status }`. */
  @Column({ type: 'text' })
  milestonesJson!: string;
}

/** A measure's field of action, quality or guideline: one row each. */
@Entity('strategy_measure_term')
@Index(['kind', 'code'])
export class StrategyMeasureTerm {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  measureId!: number;

  @ManyToOne(() => StrategyMeasure, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'measure_id' })
  measure?: StrategyMeasure;

  @Column({ type: 'varchar', length: 20 })
  kind!: MeasureTermKind;

  @Column({ type: 'varchar', length: 60 })
  code!: string;
}

/** A submission, frozen. `acceptedAt` marks the submissions the programme office accepted: the public sees the latest. */
@Entity('strategy_version')
@Index(['strategyId', 'submission'], { unique: true })
export class StrategyVersion extends FrozenSubmission {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  strategyId!: number;

  @ManyToOne(() => Strategy, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'strategy_id' })
  strategy?: Strategy;

  @Column({ type: 'integer' })
  strategyVersion!: number;

  @Column({ type: Date, nullable: true })
  acceptedAt!: Date | null;
}
