import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { ProjectAccessService } from './project-access.service';
import { Project } from './project.entity';

/**
 * The project as the actor may see it (404 otherwise), locked for the rest of the transaction: every write that
 * checks a rule over the project's rows queues on this lock on PostgreSQL; SQLite serialises all writes instead.
 */
export async function lockedProject(
  access: ProjectAccessService,
  actor: Actor,
  projectId: number,
  manager: EntityManager,
): Promise<Project> {
  const visible = await access.visibleProject(actor, projectId, manager);
  if (manager.connection.options.type === 'better-sqlite3') return visible;
  return manager
    .getRepository(Project)
    .createQueryBuilder('p')
    .where('p.id = :projectId', { projectId })
    .setLock('pessimistic_write')
    .getOneOrFail();
}
