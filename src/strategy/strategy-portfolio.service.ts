import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor';
import { ValidationFailed } from '../common/errors/domain-error';
import { toCents, toCentsOrNull } from '../database/money';
import { FundingRound } from '../programme/funding-round.entity';
import { ProjectAccessService } from '../projects/project-access.service';
import { VocabulariesService, unknownTerms } from '../vocabularies/vocabularies.service';
import { ListStrategyMeasuresQuery, MeasureSumsDto, PortfolioMeasureDto, PortfolioMeasurePageDto } from './strategy-portfolio.dto';
import { MeasureStatus, StrategyMeasure, StrategyMeasureTerm } from './strategy.entity';

interface MeasureRow {
  id: unknown;
  key: string;
  title: string;
  status: MeasureStatus;
  planned_cost: unknown;
  planned_federal: unknown;
  starts_on: string | Date | null;
  ends_on: string | Date | null;
  project_id: unknown;
  slug: string;
  name: string;
  round: unknown;
}

/** A date column as the calendar day: PostgreSQL's driver may hand a `date` back as a Date. */
const day = (value: string | Date | null): string | null => (value instanceof Date ? value.toISOString().slice(0, 10) : value);

/**
 * The officer's drill-down below the strategy roll-up: the measures of accepted cascades across projects, filtered
 * by field of action, quality, guideline, Staffel, Land and status. It counts what the roll-up counts: cascades whose
 * status is accepted (a cascade under revision returns once accepted again).
 */
@Injectable()
export class StrategyPortfolioService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ProjectAccessService,
    private readonly vocabularies: VocabulariesService,
  ) {}

  async measures(actor: Actor, query: ListStrategyMeasuresQuery): Promise<PortfolioMeasurePageDto> {
    await this.checkCodes(query);
    const qb = this.filtered(actor, query);
    const sums = await this.sums(qb.clone());
    const rows = await qb
      .select('m.id', 'id')
      .addSelect('m.key', 'key')
      .addSelect('m.title', 'title')
      .addSelect('m.status', 'status')
      .addSelect('m.planned_cost_cents', 'planned_cost')
      .addSelect('m.planned_federal_cents', 'planned_federal')
      .addSelect('m.starts_on', 'starts_on')
      .addSelect('m.ends_on', 'ends_on')
      .addSelect('p.id', 'project_id')
      .addSelect('p.slug', 'slug')
      .addSelect('p.name', 'name')
      .addSelect('r.number', 'round')
      .orderBy('p.name', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .addOrderBy('m.position', 'ASC')
      .limit(query.limit)
      .offset(query.offset)
      .getRawMany<MeasureRow>();
    return { items: await this.hydrate(rows), total: sums.total, limit: query.limit, offset: query.offset, sums: sums.sums };
  }

  /** A code that is no term of its vocabulary is a 400 naming the filter, not an empty list that looks like an answer. */
  private async checkCodes(query: ListStrategyMeasuresQuery): Promise<void> {
    const v = await this.vocabularies.all();
    const problems = [
      ...unknownTerms(v.fieldsOfAction, query.fieldOfAction ? [query.fieldOfAction] : [], 'fieldOfAction'),
      ...unknownTerms(v.qualities, query.quality ? [query.quality] : [], 'quality'),
      ...unknownTerms(v.guidelines, query.guideline ? [query.guideline] : [], 'guideline'),
    ];
    if (problems.length) throw new ValidationFailed(problems);
  }

  private filtered(actor: Actor, query: ListStrategyMeasuresQuery): SelectQueryBuilder<StrategyMeasure> {
    const qb = this.dataSource
      .getRepository(StrategyMeasure)
      .createQueryBuilder('m')
      .innerJoin('strategy', 's', "s.id = m.strategy_id AND s.status = 'accepted'")
      .innerJoin('project', 'p', 'p.id = s.project_id')
      .innerJoin(FundingRound, 'r', 'r.id = p.round_id');
    this.access.narrow(qb, actor, 'p');
    const tagged = (kind: string, param: string) =>
      `m.id IN (SELECT t.measure_id FROM strategy_measure_term t WHERE t.kind = '${kind}' AND t.code = :${param})`;
    if (query.fieldOfAction) qb.andWhere(tagged('fieldOfAction', 'fieldOfAction'), { fieldOfAction: query.fieldOfAction });
    if (query.quality) qb.andWhere(tagged('quality', 'quality'), { quality: query.quality });
    if (query.guideline) qb.andWhere(tagged('guideline', 'guideline'), { guideline: query.guideline });
    if (query.round !== undefined) qb.andWhere('r.number = :round', { round: query.round });
    if (query.state)
      qb.andWhere('p.id IN (SELECT ps.project_id FROM project_state ps WHERE ps.state_code = :state)', { state: query.state });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    return qb;
  }

  private async sums(qb: SelectQueryBuilder<StrategyMeasure>): Promise<{ total: number; sums: MeasureSumsDto }> {
    const row = await qb
      .select('COUNT(*)', 'total')
      .addSelect('COUNT(DISTINCT p.id)', 'projects')
      .addSelect('SUM(m.planned_cost_cents)', 'cost')
      .addSelect('COUNT(m.planned_cost_cents)', 'cost_known')
      .addSelect('SUM(m.planned_federal_cents)', 'federal')
      .addSelect('COUNT(m.planned_federal_cents)', 'federal_known')
      .getRawOne<Record<string, unknown>>();
    const total = Number(row?.total ?? 0);
    return {
      total,
      sums: {
        plannedCostCents: toCents(row?.cost),
        plannedCostUnknown: total - Number(row?.cost_known ?? 0),
        plannedFederalCents: toCents(row?.federal),
        plannedFederalUnknown: total - Number(row?.federal_known ?? 0),
        projectCount: Number(row?.projects ?? 0),
      },
    };
  }

  private async hydrate(rows: MeasureRow[]): Promise<PortfolioMeasureDto[]> {
    const ids = rows.map((r) => Number(r.id));
    const terms = ids.length
      ? await this.dataSource.getRepository(StrategyMeasureTerm).find({ where: { measureId: In(ids) }, order: { id: 'ASC' } })
      : [];
    const tags = (measureId: number, kind: StrategyMeasureTerm['kind']) =>
      terms.filter((t) => t.measureId === measureId && t.kind === kind).map((t) => t.code);
    return rows.map((r) => ({
      project: { id: Number(r.project_id), slug: r.slug, name: r.name, round: Number(r.round) },
      id: r.key,
      title: r.title,
      status: r.status,
      fieldsOfAction: tags(Number(r.id), 'fieldOfAction'),
      qualities: tags(Number(r.id), 'quality'),
      guidelines: tags(Number(r.id), 'guideline'),
      plannedCostCents: toCentsOrNull(r.planned_cost),
      plannedFederalCents: toCentsOrNull(r.planned_federal),
      startsOn: day(r.starts_on),
      endsOn: day(r.ends_on),
    }));
  }
}
