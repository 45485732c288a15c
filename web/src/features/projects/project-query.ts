import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api-client';

/** One project by slug (or id), as the public API serves it. */
export function useProject(slug: string) {
  return useQuery({
    queryKey: ['project', slug],
    queryFn: async () => unwrap(await api.GET('/api/v1/projects/{id}', { params: { path: { id: slug } } })),
  });
}
