import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api-client';

export const strategyKey = (projectId: number | undefined) => ['strategy', projectId] as const;

/** The project's cascade as the caller may see it: the current one for its municipality and the programme office, else the accepted one. */
export function useStrategy(projectId: number | undefined) {
  return useQuery({
    queryKey: strategyKey(projectId),
    enabled: projectId !== undefined,
    retry: false,
    queryFn: async () => unwrap(await api.GET('/api/v1/projects/{id}/strategy', { params: { path: { id: projectId! } } })),
  });
}

export function useVocabularies() {
  return useQuery({ queryKey: ['vocabularies'], staleTime: 5 * 60_000, queryFn: async () => unwrap(await api.GET('/api/v1/vocabularies')) });
}

/** A code → its German label, for every vocabulary at once (codes are unique per vocabulary; unknown codes show as they are). */
export function labelOf(vocabularies: { code: string; label: string }[][] | undefined) {
  const map = new Map((vocabularies ?? []).flat().map((t) => [t.code, t.label]));
  return (code: string) => map.get(code) ?? code;
}
