import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { TransactionService } from '../database/transaction.service';
import { FundingService } from '../funding/funding.service';
import { Category } from '../programme/category.entity';
import { FundingRound } from '../programme/funding-round.entity';
import { ProgrammeService } from '../programme/programme.service';
import { State } from '../programme/state.entity';
import { statesOfProjects } from '../projects/project-states';
import { Project } from '../projects/project.entity';
import type { OpenBody, OpenDataInput, OpenProject } from './open-data.model';

const openBody = (body: Body | null | undefined): OpenBody | null => (body ? { name: body.name, stateCode: body.stateCode } : null);

/** Reads the programme's public facts and funding totals for the open-data files, from one snapshot. */
@Injectable()
export class OpenDataSource {
  constructor(
    private readonly transactions: TransactionService,
    private readonly programmes: ProgrammeService,
    private readonly funding: FundingService,
  ) {}

  async read(): Promise<OpenDataInput> {
    const programme = await this.programmes.currentProgramme();
    return this.transactions.snapshot(async (manager) => {
      const projects = await manager.getRepository(Project).find({
        where: { programmeId: programme.id },
        relations: { lead: true, members: true },
        order: { id: 'ASC' },
      });
      const statesOf = await statesOfProjects(manager, { programmeId: programme.id });
      return {
        programme,
        ...(await this.lookups(manager, programme.id)),
        projects: projects.map((p) => this.project(p, statesOf.get(p.id) ?? [])),
        // Every project's totals in one statement, not an IN list of every id (SQLite refuses over 32 766 variables).
        funding: await this.funding.totals(undefined, manager),
      };
    });
  }

  private async lookups(manager: EntityManager, programmeId: number) {
    const rounds = await manager.getRepository(FundingRound).find({ where: { programmeId } });
    const categories = await manager.getRepository(Category).find();
    const states = await manager.getRepository(State).find();
    return {
      rounds: new Map(rounds.map((r) => [r.id, { number: r.number, year: r.year, announcedOn: r.announcedOn }])),
      categories: new Map(categories.map((c) => [c.code as string, c.name])),
      states: new Map(states.map((s) => [s.code, s.name])),
    };
  }

  private project(p: Project, states: string[]): OpenProject {
    return {
      id: p.id,
      slug: p.slug,
      name: p.name,
      motto: p.motto,
      roundId: p.roundId,
      categoryCode: p.categoryCode,
      lead: openBody(p.lead),
      members: (p.members ?? []).map((m) => openBody(m) as OpenBody).sort((a, b) => a.name.localeCompare(b.name, 'de')),
      states,
      grantCents: p.grantCents,
      grantUncertain: p.grantUncertain,
      source: p.source,
      phase: p.phase,
      status: p.status,
    };
  }
}
