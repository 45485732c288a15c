import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import { seesEverything } from '../auth/actor';
import { NotFound } from '../common/errors/domain-error';
import { projectNotFound } from './project.errors';
import { Project } from './project.entity';

/**
 * SQL condition: the project `alias` is led by, or counts as member, the body :accessBodyId.
 * Written as IN (…) rather than EXISTS so both databases can start from the indexes on
 * lead_body_id and project_member.body_id instead of reading every project.
 */
const ownedByBody = (alias: string) =>
  `(${alias}.lead_body_id = :accessBodyId OR ${alias}.id IN (SELECT apm.project_id FROM project_member apm WHERE apm.body_id = :accessBodyId))`;

/**
 * Narrows a query that reads `project <alias>` to the projects of one body. For readers without an actor (an
 * export job carries the body its requester was limited to); with an actor, use ProjectAccessService.narrow().
 */
export function narrowToBody<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, bodyId: number, alias = 'p'): SelectQueryBuilder<T> {
  return qb.andWhere(ownedByBody(alias), { accessBodyId: bodyId });
}

/**
 * Ownership in one place. A municipality account acts for one body and may see
 * and change only projects its body leads or is a member of; to it, every other
 * project's reports, funding and exports do not exist (404, never 403, so existence
 * is not revealed), and of the job runs only those it requested. Officers and
 * auditors see the whole portfolio and every run.
 */
@Injectable()
export class ProjectAccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The body whose projects the actor is limited to, or null for the whole portfolio (a municipality without a body sees nothing). */
  bodyScope(actor: Actor): number | null {
    return seesEverything(actor) ? null : (actor.bodyId ?? -1);
  }

  /** Narrows a query that reads `project <alias>` to the projects the actor may see. */
  narrow<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, actor: Actor, alias = 'p'): SelectQueryBuilder<T> {
    const bodyId = this.bodyScope(actor);
    return bodyId === null ? qb : narrowToBody(qb, bodyId, alias);
  }

  /** The project, if the actor may see it; otherwise PROJECT.NOT_FOUND, exactly as if it did not exist. */
  async visibleProject(actor: Actor, projectId: number, manager: EntityManager = this.dataSource.manager): Promise<Project> {
    const qb = manager.getRepository(Project).createQueryBuilder('p').where('p.id = :projectId', { projectId });
    const project = await this.narrow(qb, actor).getOne();
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

  /** Job runs: a municipality sees only the runs it requested; to it, the others do not exist. */
  canSeeRun(actor: Actor, run: { requestedById: number | null }): boolean {
    return seesEverything(actor) || (actor.userId !== null && run.requestedById === actor.userId);
  }

  /** Narrows a query on `job_run <alias>` to the runs the actor may see. */
  narrowRuns<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, actor: Actor, alias = 'j'): SelectQueryBuilder<T> {
    return seesEverything(actor) ? qb : qb.andWhere(`${alias}.requested_by_id = :accessUserId`, { accessUserId: actor.userId ?? -1 });
  }
}
