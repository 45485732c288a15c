import type { ErrorDetail } from '../common/errors/domain-error';
import type { VocabulariesDto } from '../vocabularies/vocabulary.dto';
import { unknownTerms } from '../vocabularies/vocabularies.service';
import type { StrategyContentDto } from './strategy.dto';
import type { PutStrategyInput } from './strategy-input.dto';

/**
 * What the DTO cannot check alone: codes exist in the vocabularies, measures
 * serve goals that exist, end dates follow start dates and the federal share
 * of a measure is not above its cost. Each problem names its field.
 */
export function inputProblems(input: PutStrategyInput, vocabularies: VocabulariesDto): ErrorDetail[] {
  const problems = unknownTerms(vocabularies.values, input.values?.codes ?? [], 'values.codes');
  const goalIds = new Set((input.goals ?? []).map((g) => g.id));
  for (const [i, m] of (input.measures ?? []).entries()) {
    const at = `measures.${i}`;
    problems.push(...unknownTerms(vocabularies.fieldsOfAction, m.fieldsOfAction ?? [], `${at}.fieldsOfAction`));
    problems.push(...unknownTerms(vocabularies.qualities, m.qualities ?? [], `${at}.qualities`));
    problems.push(...unknownTerms(vocabularies.guidelines, m.guidelines ?? [], `${at}.guidelines`));
    for (const goalId of m.goalIds ?? []) {
      if (!goalIds.has(goalId))
        problems.push({ field: `${at}.goalIds`, message: `${at}.goalIds names goal ${goalId}, which the strategy does not have` });
    }
    if (m.startsOn && m.endsOn && m.endsOn < m.startsOn)
      problems.push({ field: `${at}.endsOn`, message: 'endsOn must not be before startsOn' });
    const { plannedCostCents: cost, plannedFederalCents: federal } = m;
    if (cost != null && federal != null && federal > cost) {
      problems.push({ field: `${at}.plannedFederalCents`, message: 'plannedFederalCents must not exceed plannedCostCents' });
    }
  }
  return problems;
}

/** The sum of the measures' planned federal shares (unknown shares count as nothing planned). */
export const plannedFederalTotal = (input: PutStrategyInput): number =>
  (input.measures ?? []).reduce((sum, m) => sum + (m.plannedFederalCents ?? 0), 0);

/** Before submission the cascade needs at least a vision, one goal and one measure. */
export function submissionProblems(content: StrategyContentDto): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!content.vision?.trim()) problems.push({ field: 'vision', message: 'vision is required to submit' });
  if (content.goals.length === 0) problems.push({ field: 'goals', message: 'at least one goal is required to submit' });
  if (content.measures.length === 0) problems.push({ field: 'measures', message: 'at least one measure is required to submit' });
  return problems;
}
