import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
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
 * no longer be checked. Custom parameter decorators skip the global pipe, and
 * Swagger does not see them: so this also declares the path parameter in the
 * OpenAPI document (a generated client needs it to call the route).
 */
export const IdParam =
  (name = 'id', description = 'Numeric id (a whole number ≥ 1).'): ParameterDecorator =>
  (target, key, index) => {
    RawParam(name, new ParseIdPipe(name))(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam({ name, description, schema: { type: 'integer', minimum: 1 } })(target, key, descriptor);
  };
