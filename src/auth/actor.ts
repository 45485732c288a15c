import type { Role } from '../users/user.entity';

/**
 * Who is acting, as services see it: from a verified token in HTTP requests,
 * or the system actor inside jobs. Services take it explicitly, never from a
 * request-scoped global, so the same code runs with and without HTTP.
 */
export interface Actor {
  userId: number | null;
  role: Role | 'system';
  email: string | null;
  /** The body a municipality account acts for. */
  bodyId: number | null;
  requestId: string | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, role: 'system', email: null, bodyId: null, requestId: null, ip: null };

/** Officers and auditors see the whole portfolio; municipalities only their own projects. */
export const seesEverything = (actor: Actor): boolean => actor.role !== 'municipality';
