import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api-client';
import type { Me } from '../auth/session';

/** The signed-in account's unread notifications, for the count in the header (every signed-in role has an inbox). */
export const notificationsKey = ['notifications'] as const;

export function useUnreadCount(me: Me | null | undefined): number {
  const query = useQuery({
    queryKey: [...notificationsKey, 'unread'],
    queryFn: async () => unwrap(await api.GET('/api/v1/notifications', { params: { query: { unread: true, limit: 1 } } })),
    enabled: Boolean(me),
    refetchInterval: 60_000,
  });
  return query.data?.unread ?? 0;
}
