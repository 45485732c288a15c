import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiRequestError, CSRF_COOKIE, CSRF_HEADER, readCookie, unwrap } from '../../lib/api-client';
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

/** POST /api/v1/auth/session: sets the HttpOnly session cookie and the CSRF cookie. The route is not yet in every
 * published document, so it is called by path with plain fetch (same origin, cookies included). */
export async function signIn(email: string, password: string): Promise<Response> {
  return fetch('/api/v1/auth/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

export async function signOut(): Promise<void> {
  const token = readCookie(CSRF_COOKIE);
  await fetch('/api/v1/auth/session', {
    method: 'DELETE',
    credentials: 'same-origin',
    headers: token ? { [CSRF_HEADER]: token } : {},
  });
}

export function useSessionReset() {
  const client = useQueryClient();
  return () => client.clear();
}

export function canSeeWorkspace(me: Me | null | undefined): boolean {
  return me?.role === 'officer' || me?.role === 'auditor';
}
