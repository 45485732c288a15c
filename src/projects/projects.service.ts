import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { ValidationFailed } from '../common/errors/domain-error';
import { projectNotFound } from './project.errors';
import { statesOfProjects } from './project-states';
import { Page } from '../common/pagination';
import { escapeLike, foldText } from '../common/text';
import { toCentsOrNull } from '../database/money';
import { FundingRound } from '../programme/funding-round.entity';
import { BodyRefDto, ListProjectsQuery, ProjectDto, ProjectSort } from './project.dto';
import { Project } from './project.entity';

interface ProjectRow {
  id: number;
  slug: string;
  name: string;
  motto: string | null;
  round_number: number;
  round_year: number;
  category_code: ProjectDto['category'];
  lead_id: number | null;
  lead_name: string | null;
  grant_cents: unknown;
  grant_uncertain: boolean | number;
  source: string;
  phase: ProjectDto['phase'];
  status: ProjectDto['status'];
}

const ORDER: Record<ProjectSort, [string, 'ASC' | 'DESC']> = {
  name: ['p.name', 'ASC'],
  '-name': ['p.name', 'DESC'],
  grantCents: ['p.grant_cents', 'ASC'],
  '-grantCents': ['p.grant_cents', 'DESC'],
  round: ['r.number', 'ASC'],
  '-round': ['r.number', 'DESC'],
};

/** Scopes a project query, e.g. to the projects a municipality account may see. */
export type ProjectScope = (qb: SelectQueryBuilder<Project>) => void;

@Injectable()
export class ProjectsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private base(): SelectQueryBuilder<Project> {
    return this.dataSource
      .getRepository(Project)
      .createQueryBuilder('p')
      .innerJoin(FundingRound, 'r', 'r.id = p.round_id')
      .leftJoin('p.lead', 'lead');
  }

  private selectColumns(qb: SelectQueryBuilder<Project>): SelectQueryBuilder<Project> {
    return qb
      .select('p.id', 'id')
      .addSelect('p.slug', 'slug')
      .addSelect('p.name', 'name')
      .addSelect('p.motto', 'motto')
      .addSelect('r.number', 'round_number')
      .addSelect('r.year', 'round_year')
      .addSelect('p.category_code', 'category_code')
      .addSelect('lead.id', 'lead_id')
      .addSelect('lead.name', 'lead_name')
      .addSelect('p.grant_cents', 'grant_cents')
      .addSelect('p.grant_uncertain', 'grant_uncertain')
      .addSelect('p.source', 'source')
      .addSelect('p.phase', 'phase')
      .addSelect('p.status', 'status');
  }

  async list(query: ListProjectsQuery, scope?: ProjectScope): Promise<Page<ProjectDto>> {
    if (query.round !== undefined) await this.assertRoundExists(query.round);
    const qb = this.base();
    scope?.(qb);
    if (query.round !== undefined) qb.andWhere('r.number = :round', { round: query.round });
    if (query.category) qb.andWhere('p.category_code = :category', { category: query.category });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.state) {
      qb.andWhere('p.id IN (SELECT ps.project_id FROM project_state ps WHERE ps.state_code = :state)', {
        state: query.state,
      });
    }
    const q = query.q?.trim();
    if (q) qb.andWhere("p.search_text LIKE :q ESCAPE '\\'", { q: `%${escapeLike(foldText(q))}%` });

    const total = await qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: unknown }>();
    const [column, direction] = ORDER[query.sort];
    this.selectColumns(qb);
    // Unknown grants sort last either way; ties break by name, then id, so pages never overlap.
    if (column === 'p.grant_cents') qb.orderBy('CASE WHEN p.grant_cents IS NULL THEN 1 ELSE 0 END', 'ASC').addOrderBy(column, direction);
    else qb.orderBy(column, direction);
    if (column !== 'p.name') qb.addOrderBy('p.name', 'ASC');
    qb.addOrderBy('p.id', 'ASC').limit(query.limit).offset(query.offset);

    const rows = await qb.getRawMany<ProjectRow>();
    return { items: await this.hydrate(rows), total: Number(total?.n ?? 0), limit: query.limit, offset: query.offset };
  }

  /** A project by numeric id or by slug ("kassel"). */
  async get(idOrSlug: string, scope?: ProjectScope): Promise<ProjectDto> {
    const isId = /^\d{1,9}$/.test(idOrSlug);
    // Slugs are made of a-z, 0-9 and "-": anything else (a NUL byte, which PostgreSQL refuses) cannot name a project.
    if (!isId && !/^[a-z0-9-]{1,160}$/.test(idOrSlug)) throw projectNotFound(idOrSlug.slice(0, 160));
    const qb = this.selectColumns(this.base());
    if (isId) qb.where('p.id = :id', { id: Number(idOrSlug) });
    else qb.where('p.slug = :slug', { slug: idOrSlug });
    scope?.(qb);
    const row = await qb.getRawOne<ProjectRow>();
    if (!row) throw projectNotFound(idOrSlug.slice(0, 160));
    const [project] = await this.hydrate([row]);
    return project;
  }

  private async assertRoundExists(round: number): Promise<void> {
    const exists = await this.dataSource.getRepository(FundingRound).exists({ where: { number: round } });
    if (!exists) throw new ValidationFailed([{ field: 'round', message: `round ${round} does not exist` }]);
  }

  /** Members and Länder for a page of projects: two queries, whatever the page size. */
  private async hydrate(rows: ProjectRow[]): Promise<ProjectDto[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [members, statesOf] = await Promise.all([
      this.dataSource
        .createQueryBuilder()
        .select('pm.project_id', 'project_id')
        .addSelect('b.id', 'id')
        .addSelect('b.name', 'name')
        .from('project_member', 'pm')
        .innerJoin('body', 'b', 'b.id = pm.body_id')
        .where('pm.project_id IN (:...ids)', { ids })
        .orderBy('b.name', 'ASC')
        .getRawMany<{ project_id: number; id: number; name: string }>(),
      statesOfProjects(this.dataSource.manager, { projectIds: ids }),
    ]);
    const membersOf = new Map<number, BodyRefDto[]>();
    for (const m of members) {
      const list = membersOf.get(Number(m.project_id)) ?? [];
      list.push({ id: Number(m.id), name: m.name });
      membersOf.set(Number(m.project_id), list);
    }
    return rows.map((r) => ({
      id: Number(r.id),
      slug: r.slug,
      name: r.name,
      motto: r.motto,
      round: { number: Number(r.round_number), year: Number(r.round_year) },
      category: r.category_code,
      states: statesOf.get(Number(r.id)) ?? [],
      lead: r.lead_id === null ? null : { id: Number(r.lead_id), name: r.lead_name as string },
      members: membersOf.get(Number(r.id)) ?? [],
      grantCents: toCentsOrNull(r.grant_cents),
      grantUncertain: Boolean(r.grant_uncertain),
      source: r.source,
      phase: r.phase,
      status: r.status,
    }));
  }
}
