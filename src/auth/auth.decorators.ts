import type { ExecutionContext } from '@nestjs/common';
import { createParamDecorator, SetMetadata } from '@nestjs/common';
import type { Role } from '../users/user.entity';
import type { Actor } from './actor';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';

/** Open to anyone, no token needed (public programme data, login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles; everyone else gets 403. Routes without @Roles need any valid token. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** The authenticated caller (set by AuthGuard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
