import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Body } from '../bodies/body.entity';
import { centsTransformer } from '../database/money';
import { Category, type CategoryCode } from '../programme/category.entity';
import { FundingRound } from '../programme/funding-round.entity';
import { Programme } from '../programme/programme.entity';
import { State } from '../programme/state.entity';

export const PROJECT_PHASES = ['A', 'B'] as const;
export type ProjectPhase = (typeof PROJECT_PHASES)[number];
export const PROJECT_STATUSES = ['active', 'completed', 'withdrawn'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

@Entity('project')
export class Project {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  programmeId!: number;

  @ManyToOne(() => Programme, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 160 })
  slug!: string;

  @Index()
  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  motto!: string | null;

  @Index()
  @Column({ type: 'integer' })
  roundId!: number;

  @ManyToOne(() => FundingRound)
  @JoinColumn({ name: 'round_id' })
  round?: FundingRound;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  categoryCode!: CategoryCode;

  @ManyToOne(() => Category)
  @JoinColumn({ name: 'category_code' })
  category?: Category;

  /** The body that receives the grant; null where no source names it. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  leadBodyId!: number | null;

  @ManyToOne(() => Body, { nullable: true })
  @JoinColumn({ name: 'lead_body_id' })
  lead?: Body | null;

  @ManyToMany(() => Body)
  @JoinTable({ name: 'project_member', joinColumn: { name: 'project_id' }, inverseJoinColumn: { name: 'body_id' } })
  members?: Body[];

  @ManyToMany(() => State)
  @JoinTable({
    name: 'project_state',
    joinColumn: { name: 'project_id' },
    inverseJoinColumn: { name: 'state_code', referencedColumnName: 'code' },
  })
  states?: State[];

  /** The federal grant in cents as a source states it; null when no source does (never estimated). */
  @Index()
  @Column({ type: 'bigint', nullable: true, transformer: centsTransformer })
  grantCents!: number | null;

  @Column({ type: 'boolean', default: false })
  grantUncertain!: boolean;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'varchar', length: 1 })
  phase!: ProjectPhase;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  status!: ProjectStatus;

  /** Lower-case, transliterated text of name, motto, lead and members, for `q`. Maintained by whoever writes the project. */
  @Column({ type: 'text', select: false })
  searchText!: string;

  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}
