import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { programmeNotSeeded } from './programme.errors';
import { toCents } from '../database/money';
import { Project } from '../projects/project.entity';
import { Category } from './category.entity';
import { FundingRound } from './funding-round.entity';
import { Programme } from './programme.entity';
import { CategoryDto, GrantTotals, ProgrammeDto, RoundDto, StateDto } from './programme.dto';
import { State } from './state.entity';

interface TotalsRow {
  key: string | number | null;
  project_count: unknown;
  granted_cents: unknown;
  unknown_count: unknown;
  uncertain_count: unknown;
}

const EMPTY: GrantTotals = { projectCount: 0, grantedCents: 0, projectsWithUnknownGrant: 0, projectsWithUncertainGrant: 0 };

function totals(row: TotalsRow | undefined): GrantTotals {
  if (!row) return { ...EMPTY };
  return {
    projectCount: Number(row.project_count),
    grantedCents: toCents(row.granted_cents),
    projectsWithUnknownGrant: Number(row.unknown_count),
    projectsWithUncertainGrant: Number(row.uncertain_count),
  };
}

/** Programme-level figures, computed in the database by GROUP BY, exact in cents. */
@Injectable()
export class ProgrammeService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async currentProgramme(): Promise<Programme> {
    const programme = await this.dataSource
      .getRepository(Programme)
      .createQueryBuilder('programme')
      .orderBy('programme.synthetic', 'ASC')
      .addOrderBy('programme.id', 'ASC')
      .getOne();
    if (!programme) throw programmeNotSeeded();
    return programme;
  }

  private grantTotals(programmeId: number): SelectQueryBuilder<Project> {
    return this.dataSource
      .getRepository(Project)
      .createQueryBuilder('p')
      .select('COUNT(*)', 'project_count')
      .addSelect('COALESCE(SUM(p.grant_cents), 0)', 'granted_cents')
      .addSelect('SUM(CASE WHEN p.grant_cents IS NULL THEN 1 ELSE 0 END)', 'unknown_count')
      .addSelect('SUM(CASE WHEN p.grant_cents IS NOT NULL AND p.grant_uncertain THEN 1 ELSE 0 END)', 'uncertain_count')
      .where('p.programme_id = :programmeId', { programmeId });
  }

  private async totalsBy(programmeId: number, keyExpr: string, join?: (qb: SelectQueryBuilder<Project>) => void) {
    const qb = this.grantTotals(programmeId).addSelect(keyExpr, 'key').groupBy(keyExpr);
    join?.(qb);
    const rows = await qb.getRawMany<TotalsRow>();
    return new Map(rows.map((r) => [String(r.key), r]));
  }

  async rounds(programmeId?: number): Promise<RoundDto[]> {
    const id = programmeId ?? (await this.currentProgramme()).id;
    const [rounds, byRound] = await Promise.all([
      this.dataSource.getRepository(FundingRound).find({ where: { programmeId: id }, order: { number: 'ASC' } }),
      this.totalsBy(id, 'p.round_id'),
    ]);
    return rounds.map((r) => ({
      number: r.number,
      year: r.year,
      motto: r.motto,
      selectedCount: r.selectedCount,
      announcedOn: r.announcedOn,
      source: r.source,
      ...totals(byRound.get(String(r.id))),
    }));
  }

  async programme(): Promise<ProgrammeDto> {
    const programme = await this.currentProgramme();
    const [all, rounds] = await Promise.all([this.grantTotals(programme.id).getRawOne<TotalsRow>(), this.rounds(programme.id)]);
    return {
      code: programme.code,
      name: programme.name,
      budgetCents: programme.budgetCents,
      currency: programme.currency,
      standardRateBp: programme.standardRateBp,
      reducedRateBp: programme.reducedRateBp,
      kfwProgramme: programme.kfwProgramme,
      startsOn: programme.startsOn,
      endsOn: programme.endsOn,
      synthetic: programme.synthetic,
      source: programme.source,
      ...totals(all),
      rounds,
    };
  }

  async categories(): Promise<CategoryDto[]> {
    const programme = await this.currentProgramme();
    const [categories, byCategory] = await Promise.all([
      this.dataSource.getRepository(Category).find({ order: { sortOrder: 'ASC' } }),
      this.totalsBy(programme.id, 'p.category_code'),
    ]);
    return categories.map((c) => ({ code: c.code, name: c.name, ...totals(byCategory.get(c.code)) }));
  }

  async states(): Promise<StateDto[]> {
    const programme = await this.currentProgramme();
    const joinStates = (qb: SelectQueryBuilder<Project>) => qb.innerJoin('project_state', 'ps', 'ps.project_id = p.id');
    const [states, byState, multi] = await Promise.all([
      this.dataSource.getRepository(State).find({ order: { code: 'ASC' } }),
      this.totalsBy(programme.id, 'ps.state_code', joinStates),
      this.dataSource
        .createQueryBuilder()
        .select('ps.state_code', 'key')
        .addSelect('COUNT(*)', 'n')
        .from('project_state', 'ps')
        .where('ps.project_id IN (SELECT x.project_id FROM project_state x GROUP BY x.project_id HAVING COUNT(*) > 1)')
        .groupBy('ps.state_code')
        .getRawMany<{ key: string; n: unknown }>(),
    ]);
    const multiByState = new Map(multi.map((m) => [m.key, Number(m.n)]));
    return states.map((s) => ({
      code: s.code,
      name: s.name,
      ...totals(byState.get(s.code)),
      multiStateProjectCount: multiByState.get(s.code) ?? 0,
    }));
  }
}
