import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { MilestoneInput } from '../reports/report-input.dto';
import { MeasureDto, StrategyContentDto, StrategyDto } from './strategy.dto';
import { MeasureTermKind, Strategy, StrategyGoal, StrategyMeasure, StrategyMeasureTerm } from './strategy.entity';
import type { PutStrategyInput } from './strategy-input.dto';

const parse = <T>(json: string): T => JSON.parse(json) as T;

/** The cascade of a project that has none yet: what GET shows its municipality before the first save. */
export const emptyStrategy = (projectId: number): StrategyDto => ({
  projectId,
  status: 'draft',
  version: 0,
  vision: null,
  mission: null,
  values: { codes: [], own: [] },
  goals: [],
  strategy: { approach: null, resolutionDate: null, documentRef: null },
  measures: [],
  submittedAt: null,
  reviewedAt: null,
  reviewComment: null,
});

export function contentOf(dto: StrategyDto): StrategyContentDto {
  const { vision, mission, values, goals, strategy, measures } = dto;
  return { vision, mission, values, goals, strategy, measures };
}

/** Reads and writes a cascade with its goals, measures and measure tags, inside the caller's transaction. */
@Injectable()
export class StrategyStore {
  async dto(manager: EntityManager, row: Strategy): Promise<StrategyDto> {
    const goals = await manager.getRepository(StrategyGoal).find({ where: { strategyId: row.id }, order: { position: 'ASC' } });
    const measures = await manager.getRepository(StrategyMeasure).find({ where: { strategyId: row.id }, order: { position: 'ASC' } });
    const terms = measures.length
      ? await manager.getRepository(StrategyMeasureTerm).find({ where: { measureId: In(measures.map((m) => m.id)) }, order: { id: 'ASC' } })
      : [];
    const tagsOf = (measureId: number, kind: MeasureTermKind) =>
      terms.filter((t) => t.measureId === measureId && t.kind === kind).map((t) => t.code);
    return {
      projectId: row.projectId,
      status: row.status,
      version: row.version,
      vision: row.vision,
      mission: row.mission,
      values: parse(row.valuesJson),
      goals: goals.map((g) => ({ id: g.key, title: g.title, indicators: parse(g.indicatorsJson) })),
      strategy: { approach: row.approach, resolutionDate: row.resolutionDate, documentRef: row.documentRef },
      measures: measures.map((m): MeasureDto => ({
        id: m.key,
        title: m.title,
        description: m.description,
        fieldsOfAction: tagsOf(m.id, 'fieldOfAction'),
        qualities: tagsOf(m.id, 'quality'),
        guidelines: tagsOf(m.id, 'guideline'),
        goalIds: parse(m.goalKeysJson),
        plannedCostCents: m.plannedCostCents,
        plannedFederalCents: m.plannedFederalCents,
        startsOn: m.startsOn,
        endsOn: m.endsOn,
        status: m.status,
        milestones: parse(m.milestonesJson),
      })),
      submittedAt: row.submittedAt ? row.submittedAt.toISOString() : null,
      reviewedAt: row.reviewedAt ? row.reviewedAt.toISOString() : null,
      reviewComment: row.reviewComment,
    };
  }

  /** The row's own columns from a PUT body (the whole cascade: absent means empty). */
  columns(input: PutStrategyInput): Pick<Strategy, 'vision' | 'mission' | 'valuesJson' | 'approach' | 'resolutionDate' | 'documentRef'> {
    return {
      vision: input.vision ?? null,
      mission: input.mission ?? null,
      valuesJson: JSON.stringify({ codes: input.values?.codes ?? [], own: (input.values?.own ?? []).map((v) => v.trim()) }),
      approach: input.strategy?.approach ?? null,
      resolutionDate: input.strategy?.resolutionDate ?? null,
      documentRef: input.strategy?.documentRef ?? null,
    };
  }

  /** Replaces goals, measures and their tags with those of the PUT body. */
  async replaceParts(manager: EntityManager, strategyId: number, input: PutStrategyInput): Promise<void> {
    await manager.getRepository(StrategyGoal).delete({ strategyId });
    await manager.getRepository(StrategyMeasure).delete({ strategyId });
    const goals = (input.goals ?? []).map((g, position) => ({
      strategyId,
      key: g.id,
      position,
      title: g.title.trim(),
      indicatorsJson: JSON.stringify(
        (g.indicators ?? []).map((i) => ({
          id: i.id,
          name: i.name.trim(),
          unit: i.unit,
          baseline: i.baseline ?? null,
          target: i.target ?? null,
          targetDate: i.targetDate ?? null,
        })),
      ),
    }));
    for (let i = 0; i < goals.length; i += 100) await manager.getRepository(StrategyGoal).insert(goals.slice(i, i + 100));
    for (const [position, m] of (input.measures ?? []).entries()) {
      const { identifiers } = await manager.getRepository(StrategyMeasure).insert({
        strategyId,
        key: m.id,
        position,
        title: m.title.trim(),
        description: m.description ?? null,
        plannedCostCents: m.plannedCostCents ?? null,
        plannedFederalCents: m.plannedFederalCents ?? null,
        startsOn: m.startsOn ?? null,
        endsOn: m.endsOn ?? null,
        status: m.status,
        goalKeysJson: JSON.stringify(m.goalIds ?? []),
        milestonesJson: JSON.stringify((m.milestones ?? []).map(milestoneOf)),
      });
      const measureId = identifiers[0].id as number;
      const tags = [
        ...(m.fieldsOfAction ?? []).map((code) => ({ measureId, kind: 'fieldOfAction' as const, code })),
        ...(m.qualities ?? []).map((code) => ({ measureId, kind: 'quality' as const, code })),
        ...(m.guidelines ?? []).map((code) => ({ measureId, kind: 'guideline' as const, code })),
      ];
      if (tags.length) await manager.getRepository(StrategyMeasureTerm).insert(tags);
    }
  }
}

const milestoneOf = (m: MilestoneInput) => ({
  title: m.title.trim(),
  plannedDate: m.plannedDate,
  actualDate: m.actualDate ?? null,
  status: m.status,
});
