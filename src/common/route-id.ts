import type { ExecutionContext, PipeTransform } from '@nestjs/common';
import { createParamDecorator } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ParseIdPipe } from './parse-id.pipe';
import { ParseUuidPipe } from './parse-uuid.pipe';

const RawParam = createParamDecorator(
  (name: string, ctx: ExecutionContext): unknown =>
    ctx.switchToHttp().getRequest<{ params: Record<string, string | undefined> }>().params[name],
);

type IdKind = 'integer' | 'uuid' | 'id-or-slug';

const KINDS: Record<
  IdKind,
  { pipes: () => PipeTransform[]; schema: { type: 'integer' | 'string'; format?: string }; description: string }
> = {
  integer: { pipes: () => [], schema: { type: 'integer' }, description: 'Numeric id (a whole number ≥ 1).' },
  uuid: { pipes: () => [new ParseUuidPipe()], schema: { type: 'string', format: 'uuid' }, description: 'Id (a UUID).' },
  'id-or-slug': { pipes: () => [], schema: { type: 'string' }, description: 'Numeric id or slug.' },
};

/**
 * A route id, checked as sent and declared to OpenAPI: `@IdParam() id: number`. Not
 * `@Param('id', new ParseIdPipe()) id: number`: for a number-typed route
 * parameter the global ValidationPipe (transform: true) runs first and turns
 * the text into `+value` ("1e3" → 1000, "abc" → NaN), after which the text can
 * no longer be checked. Custom parameter decorators skip the global pipe.
 */
export function IdParam(name = 'id', options: { kind?: IdKind; description?: string } = {}): ParameterDecorator {
  const kind = KINDS[options.kind ?? 'integer'];
  const pipes = options.kind === undefined || options.kind === 'integer' ? [new ParseIdPipe(name)] : kind.pipes();
  return (target, key, index) => {
    RawParam(name, ...pipes)(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (descriptor && key !== undefined) {
      ApiParam({ name, required: true, schema: kind.schema, description: options.description ?? kind.description })(
        target,
        key,
        descriptor,
      );
    }
  };
}
