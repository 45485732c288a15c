import { Forbidden, Unauthenticated } from '../common/errors/domain-error';

/** Every error of signing in and of the guard, with its stable code. */

export const tokenMissing = () =>
  new Unauthenticated(
    'AUTH.TOKEN_MISSING',
    'Send "Authorization: Bearer <token>" from POST /api/v1/auth/login, or sign in with POST /api/v1/auth/session.',
  );

export const tokenInvalid = () => new Unauthenticated('AUTH.TOKEN_INVALID', 'The token is not valid.');

export const tokenExpired = () => new Unauthenticated('AUTH.TOKEN_EXPIRED', 'The token has expired: log in again.');

export const invalidCredentials = () => new Unauthenticated('AUTH.INVALID_CREDENTIALS', 'E-mail or password is wrong.');

export const roleNotAllowed = (roles: readonly string[]) =>
  new Forbidden('AUTH.ROLE_NOT_ALLOWED', `This needs the role ${roles.join(' or ')}.`);

export const csrfTokenInvalid = (cookie: string) =>
  new Forbidden('AUTH.CSRF_TOKEN_INVALID', `Send the ${cookie} cookie's value in the X-CSRF-Token header.`);

/** The queue dashboard answers outside Nest (a Fastify hook), in the same contract. */
export const dashboardUnauthenticated = () => ({
  statusCode: 401,
  code: 'AUTH.UNAUTHENTICATED',
  message: 'The queue dashboard is for officers: sign in with an officer account.',
  details: [],
});
