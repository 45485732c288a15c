import { useQuery } from '@tanstack/react-query';
import type { paths } from '../../api/schema';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import type { StrategyRollupContent } from './rollup-types';

type RollupKind = NonNullable<NonNullable<paths['/api/v1/rollups']['get']['parameters']['query']>['kind']>;
/** The strategy roll-up kind (typed as the API's enum, which lists it once the roll-up kind is part of the API). */
export const STRATEGY_KIND = 'strategy' as string as RollupKind;
type RollupGroup = NonNullable<NonNullable<paths['/api/v1/rollups']['post']['requestBody']>['content']['application/json']['groupBy']>;
export const BY_FIELD = 'fieldOfAction' as string as RollupGroup;
export const snapshotKey = ['rollup', 'strategy', 'latest'] as const;

/** The newest strategy snapshot, or null when none exists yet (or this server does not compute the kind: a 400). */
export function useStrategySnapshot() {
  return useQuery({
    queryKey: snapshotKey,
    retry: false,
    queryFn: async () => {
      try {
        const page = unwrap(await api.GET('/api/v1/rollups', { params: { query: { kind: STRATEGY_KIND, limit: 1 } } }));
        const latest = page.items[0];
        if (!latest) return null;
        const snapshot = unwrap(await api.GET('/api/v1/rollups/{id}', { params: { path: { id: latest.id } } }));
        return { ...snapshot, content: snapshot.content as unknown as StrategyRollupContent };
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 400) return null;
        throw error;
      }
    },
  });
}

export interface MeasureFilter { field: string | null; status: string | null; page: number }
export const PAGE_SIZE = 20;

export function usePortfolioMeasures(filter: MeasureFilter) {
  return useQuery({
    queryKey: ['strategy-measures', filter],
    queryFn: async () => unwrap(await api.GET('/api/v1/strategy/measures', {
      params: {
        query: {
          fieldOfAction: filter.field ?? undefined,
          status: (filter.status ?? undefined) as 'planned' | undefined,
          limit: PAGE_SIZE,
          offset: (filter.page - 1) * PAGE_SIZE,
        },
      },
    })),
  });
}
