import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DecisionForm, type Decision } from '../../components/DecisionForm';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import type { Strategy } from './model';
import { strategyKey } from './queries';
import { texts } from './texts';

/* The officer's decision on a submitted cascade, on the same page: accept, or request changes with a required comment. */
export function StrategyReview({ strategy }: { strategy: Strategy }) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: async ({ decision, comment }: { decision: Decision; comment: string | undefined }) =>
      unwrap(await api.POST('/api/v1/projects/{id}/strategy/review', {
        params: { path: { id: strategy.projectId }, header: { 'If-Match': String(strategy.version) } },
        body: { decision, comment },
      })),
    onSuccess: (saved) => client.setQueryData(strategyKey(strategy.projectId), saved),
  });
  const failure = mutation.error
    ? (mutation.error instanceof ApiRequestError && mutation.error.status === 409 ? texts.review.conflict : texts.review.failed)
    : null;
  return (
    <DecisionForm prefix="strategie-" draftKey={`strategie:${strategy.projectId}:${strategy.version}`} decided={mutation.isSuccess} texts={texts.review} pending={mutation.isPending} failure={failure}
      onDecide={(decision, comment) => mutation.mutate({ decision, comment })} />
  );
}
