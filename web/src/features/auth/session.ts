import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import { discardAllDrafts } from '../../lib/draft';
import type { components } from '../../api/schema';

export type Me = components['schemas']['MeDto'];
export type Role = Me['role'];

export const meKey = ['me'] as const;

/** Who is signed in: the account, or null for a visitor. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        return unwrap(await api.GET('/api/v1/me'));
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** POST /api/v1/auth/session: the server sets the HttpOnly session cookie and the readable CSRF cookie. */
export async function signIn(email: string, password: string): Promise<Response> {
  const { response } = await api.POST('/api/v1/auth/session', { body: { email, password } });
  return response;
}

/** DELETE /api/v1/auth/session (with the CSRF header, added by the client): both cookies are cleared. */
export async function signOut(): Promise<void> {
  await api.DELETE('/api/v1/auth/session');
  discardAllDrafts();
}

/** After sign-out: nobody is signed in, and nothing read with the old session stays in the cache. */
export function useSessionReset() {
  const client = useQueryClient();
  return () => {
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
    client.setQueryData(meKey, null);
  };
}

export function canSeeWorkspace(me: Me | null | undefined): boolean {
  return me?.role === 'officer' || me?.role === 'auditor';
}
