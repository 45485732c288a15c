import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Project } from './project.entity';

/**
 * A project's public JSON, as GET /projects and GET /projects/:id answer it (the bytes of JSON.stringify(ProjectDto)).
 * Written only by the database's triggers (migration ProjectJson1796220000000) whenever the project, its members, its
 * Länder, a body's name or its round change; nothing in the application writes it.
 */
@Entity('project_json')
export class ProjectJson {
  @PrimaryColumn({ type: 'integer', name: 'project_id', primaryKeyConstraintName: 'PK_project_json' })
  projectId!: number;

  @OneToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'FK_project_json_project' })
  project?: Project;

  @Column({ type: 'text' })
  json!: string;
}
