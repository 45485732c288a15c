import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Project, type ProjectStatus } from './project.entity';

/** One officer-set status transition of a project, with the date it takes effect. Never updated or deleted. */
@Entity('project_status_change')
export class ProjectStatusChange {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  projectId!: number;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Column({ type: 'varchar', length: 20 })
  fromStatus!: ProjectStatus;

  @Column({ type: 'varchar', length: 20 })
  toStatus!: ProjectStatus;

  @Column({ type: 'date' })
  effectiveDate!: string;

  @Column({ type: 'varchar', length: 2000 })
  reason!: string;

  @Column({ type: 'integer', nullable: true })
  createdById!: number | null;

  @CreateDateColumn()
  createdAt!: Date;
}
