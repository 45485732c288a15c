import type { ExecutionContext } from '@nestjs/common';
import { createParamDecorator } from '@nestjs/common';
import { ParseIdPipe } from './parse-id.pipe';

const RawParam = createParamDecorator(
  (name: string, ctx: ExecutionContext): unknown =>
    ctx.switchToHttp().getRequest<{ params: Record<string, string | undefined> }>().params[name],
);

/**
 * A numeric route id, checked as sent: `@IdParam() id: number`. Not
 * `@Param('id', new ParseIdPipe()) id: number`: for a number-typed route
 * parameter the global ValidationPipe (transform: true) runs first and turns
 * the text into `+value` ("1e3" → 1000, "abc" → NaN), after which the text can
 * no longer be checked. Custom parameter decorators skip the global pipe.
 */
export const IdParam = (name = 'id'): ParameterDecorator => RawParam(name, new ParseIdPipe(name));
