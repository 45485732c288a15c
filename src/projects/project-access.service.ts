import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, seesEverything } from '../auth/actor';
import { NotFound } from '../common/errors/domain-error';
import { projectNotFound } from './project.errors';
import { Project } from './project.entity';
import type { ProjectScope } from './projects.service';

/**
 * SQL condition: the project `alias` is led by, or counts as member, the body :accessBodyId.
 * Written as IN (…) rather than EXISTS so both databases can start from the indexes on
 * lead_body_id and project_member.body_id instead of reading every project.
 */
export const ownedByBody = (alias: string) =>
  `(${alias}.lead_body_id = :accessBodyId OR ${alias}.id IN (SELECT apm.project_id FROM project_member apm WHERE apm.body_id = :accessBodyId))`;

/**
 * Ownership in one place. A municipality account acts for one body and may see
 * and change only projects its body leads or is a member of; to it, every other
 * project's reports and funding do not exist (404, never 403, so existence is
 * not revealed). Officers and auditors see the whole portfolio.
 */
@Injectable()
export class ProjectAccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Narrows a query on `project p` to what the actor may see; undefined means no narrowing. */
  scope(actor: Actor, alias = 'p'): ProjectScope | undefined {
    if (seesEverything(actor)) return undefined;
    return (qb) => qb.andWhere(ownedByBody(alias), { accessBodyId: actor.bodyId ?? -1 });
  }

  /** The project, if the actor may see it; otherwise PROJECT.NOT_FOUND, exactly as if it did not exist. */
  async visibleProject(actor: Actor, projectId: number, manager: EntityManager = this.dataSource.manager): Promise<Project> {
    const qb = manager.getRepository(Project).createQueryBuilder('p').where('p.id = :projectId', { projectId });
    this.scope(actor)?.(qb);
    const project = await qb.getOne();
    if (!project) throw projectNotFound(projectId);
    return project;
  }

  async canSee(actor: Actor, projectId: number, manager?: EntityManager): Promise<boolean> {
    try {
      await this.visibleProject(actor, projectId, manager);
      return true;
    } catch (error) {
      if (error instanceof NotFound) return false;
      throw error;
    }
  }
}
