import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api-client';
import type { FundingContent, ProgressContent } from './rollup-types';

/** The newest snapshot of a kind with its content, or null when none was computed yet. */
export function useLatestSnapshot<K extends 'funding' | 'progress'>(kind: K) {
  return useQuery({
    queryKey: ['rollup', kind, 'latest'],
    queryFn: async () => {
      const page = unwrap(await api.GET('/api/v1/rollups', { params: { query: { kind, limit: 1 } } }));
      const latest = page.items[0];
      if (!latest) return null;
      const snapshot = unwrap(await api.GET('/api/v1/rollups/{id}', { params: { path: { id: latest.id } } }));
      return { ...snapshot, content: snapshot.content as unknown as K extends 'funding' ? FundingContent : ProgressContent };
    },
  });
}

export function useOverdue() {
  return useQuery({ queryKey: ['reports', 'overdue'], queryFn: async () => unwrap(await api.GET('/api/v1/reports/overdue')) });
}

export function useLatestAudit() {
  return useQuery({ queryKey: ['audit', 'latest'], queryFn: async () => unwrap(await api.GET('/api/v1/audit', { params: { query: { limit: 10 } } })) });
}

/** A job run, polled every 500 ms until it is completed or failed. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: ['job', id],
    enabled: Boolean(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/jobs/{id}', { params: { path: { id: id! } } })),
    refetchInterval: (query) => (query.state.data && ['completed', 'failed'].includes(query.state.data.status) ? false : 500),
  });
}
