import type { ExecutionContext } from '@nestjs/common';
import { createParamDecorator } from '@nestjs/common';
import type { Actor } from './actor';

/** An actor for requests without a token (login): who is unknown, but the request id and address are not. */
export const AnonymousActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<{ id?: string; ip?: string }>();
  return { userId: null, role: 'system', email: null, bodyId: null, requestId: request.id ?? null, ip: request.ip ?? null };
});
