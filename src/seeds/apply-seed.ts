import type { EntityManager} from 'typeorm';
import { In } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { Category } from '../programme/category.entity';
import { FundingRound } from '../programme/funding-round.entity';
import { Programme } from '../programme/programme.entity';
import { State } from '../programme/state.entity';
import { Project } from '../projects/project.entity';
import type { SeedData } from './programme-seed';

export interface SeedReport {
  inserted: number;
  updated: number;
  unchanged: number;
}

type Row = Record<string, unknown>;

function differs(current: Row, wanted: Row): Row | null {
  const changes: Row = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (current[key] !== value) changes[key] = value;
  }
  return Object.keys(changes).length ? changes : null;
}

/**
 * Brings the database to the seed: inserts what is missing, corrects what
 * differs, leaves the rest alone. Running it twice changes nothing. Runs in
 * the caller's transaction, so a failure leaves no half-loaded portfolio.
 */
export async function applySeed(manager: EntityManager, data: SeedData): Promise<SeedReport> {
  const report: SeedReport = { inserted: 0, updated: 0, unchanged: 0 };
  const references = await applyReferenceData(new Upserter(manager, report), data);
  await applyProjects(manager, report, data, references);
  return report;
}

/** Inserts a missing row, corrects a differing one, counts each outcome. */
class Upserter {
  constructor(
    readonly manager: EntityManager,
    private readonly report: SeedReport,
  ) {}

  async upsert<T extends Row>(entity: new () => T, where: Row, wanted: Row): Promise<T> {
    const repo = this.manager.getRepository(entity);
    const current = (await repo.findOneBy(where as never)) as T | null;
    if (!current) {
      await repo.insert({ ...where, ...wanted } as never);
      this.report.inserted++;
      return (await repo.findOneByOrFail(where as never)) as T;
    }
    const changes = differs(current, wanted);
    if (changes) {
      await repo.update(where as never, changes as never);
      this.report.updated++;
      return { ...current, ...changes } as T;
    }
    this.report.unchanged++;
    return current;
  }
}

interface References {
  programme: Programme;
  roundIds: Map<number, number>;
  bodyIds: Map<string, number>;
}

/** Länder, categories, the programme, its rounds and the bodies: what the projects refer to. */
async function applyReferenceData(rows: Upserter, data: SeedData): Promise<References> {
  for (const state of data.states) await rows.upsert(State as never, { code: state.code }, { name: state.name });
  for (const category of data.categories) {
    await rows.upsert(Category as never, { code: category.code }, { name: category.name, sortOrder: category.sortOrder });
  }
  const { code, ...programmeFields } = data.programme;
  const programme = await rows.upsert<Programme & Row>(Programme as never, { code }, { ...programmeFields, synthetic: false });

  const roundIds = new Map<number, number>();
  for (const round of data.rounds) {
    const { number, ...fields } = round;
    const row = await rows.upsert<FundingRound & Row>(FundingRound as never, { programmeId: programme.id, number }, fields);
    roundIds.set(number, row.id);
  }

  const bodyIds = new Map<string, number>();
  for (const body of data.bodies) {
    const row = await rows.upsert<Body & Row>(Body as never, { name: body.name }, { kind: body.kind, stateCode: body.stateCode });
    bodyIds.set(body.name, row.id);
  }
  return { programme, roundIds, bodyIds };
}

async function applyProjects(manager: EntityManager, report: SeedReport, data: SeedData, { programme, roundIds, bodyIds }: References) {
  const projectRepo = manager.getRepository(Project);
  const existing = await projectRepo.find({
    where: { slug: In(data.projects.map((p) => p.slug)) },
    select: {
      id: true, slug: true, programmeId: true, name: true, motto: true, roundId: true, categoryCode: true,
      leadBodyId: true, grantCents: true, grantUncertain: true, source: true, phase: true, status: true, searchText: true,
    },
  });
  const bySlug = new Map(existing.map((p) => [p.slug, p]));
  // A first seed has nothing to protect (and may run on a schema from before officer decisions existed).
  const decided = existing.length ? await officerDecisions(manager) : { status: new Set<number>(), grant: new Set<number>() };

  for (const seed of data.projects) {
    const wanted = {
      programmeId: programme.id,
      name: seed.name,
      motto: seed.motto,
      roundId: roundIds.get(seed.roundNumber)!,
      categoryCode: seed.categoryCode,
      leadBodyId: seed.leadName ? bodyIds.get(seed.leadName)! : null,
      grantCents: seed.grantCents,
      grantUncertain: seed.grantUncertain,
      source: seed.source,
      phase: seed.phase,
      status: seed.status,
      searchText: seed.searchText,
    };
    let project = bySlug.get(seed.slug);
    if (!project) {
      await projectRepo.insert({ slug: seed.slug, ...wanted });
      project = await projectRepo.findOneByOrFail({ slug: seed.slug });
      report.inserted++;
    } else {
      // What an officer decided since (status with its history, a confirmed grant) is not put back.
      if (decided.status.has(project.id)) delete (wanted as Partial<typeof wanted>).status;
      if (decided.grant.has(project.id)) {
        for (const field of ['grantCents', 'grantUncertain', 'source'] as const) delete (wanted as Partial<typeof wanted>)[field];
      }
      const changes = differs(project as unknown as Row, wanted);
      if (changes) {
        await projectRepo.update({ id: project.id }, changes);
        report.updated++;
      } else report.unchanged++;
    }
    await syncLinks(manager, 'project_member', 'body_id', project.id, seed.memberNames.map((n) => bodyIds.get(n)!), report);
    await syncLinks(manager, 'project_state', 'state_code', project.id, seed.stateCodes, report);
  }
}

/** Projects whose status an officer changed, and those whose grant an officer confirmed or corrected. */
async function officerDecisions(manager: EntityManager): Promise<{ status: Set<number>; grant: Set<number> }> {
  const status: { id: unknown }[] = await manager.query('SELECT DISTINCT project_id AS id FROM project_status_change');
  const grant: { id: unknown }[] = await manager.query(
    `SELECT DISTINCT entity_id AS id FROM audit_event WHERE action = 'project.grant.confirm' AND entity_type = 'project'`,
  );
  return { status: new Set(status.map((r) => Number(r.id))), grant: new Set(grant.map((r) => Number(r.id))) };
}

async function syncLinks(
  manager: EntityManager,
  table: string,
  column: string,
  projectId: number,
  wanted: (number | string)[],
  report: SeedReport,
): Promise<void> {
  const rows: Row[] = await manager
    .createQueryBuilder()
    .select(column, 'value')
    .from(table, 'link')
    .where('link.project_id = :projectId', { projectId })
    .getRawMany();
  const current = new Set(rows.map((r) => r.value as number | string));
  const missing = wanted.filter((v) => !current.has(v));
  const extra = [...current].filter((v) => !wanted.includes(v));
  if (missing.length) {
    await manager.createQueryBuilder().insert().into(table).values(missing.map((v) => ({ project_id: projectId, [column]: v }))).execute();
    report.inserted += missing.length;
  }
  if (extra.length) {
    await manager
      .createQueryBuilder()
      .delete()
      .from(table)
      .where('project_id = :projectId', { projectId })
      .andWhere(`${column} IN (:...extra)`, { extra })
      .execute();
    report.updated += extra.length;
  }
}
