import type { ArgumentMetadata, ValidationError } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { inspectInput } from '../http/input-shape';
import type { ErrorDetail } from './errors/domain-error';
import { ValidationFailed } from './errors/domain-error';

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      for (const message of Object.values(error.constraints)) details.push({ field, message });
    }
    if (error.children?.length) details.push(...flatten(error.children, field));
  }
  return details;
}

/** Where @ApiProperty keeps its options (the swagger package's model-properties metadata key, not exported). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/** Whether the API description declares the property nullable (`@ApiProperty({ nullable: true })`). */
function declaredNullable(target: object, key: string): boolean {
  const meta = Reflect.getMetadata(API_MODEL_PROPERTIES, target, key) as { nullable?: boolean } | undefined;
  return meta?.nullable === true;
}

/**
 * null where the contract does not say "nullable": @IsOptional lets null past every validator, and it would
 * reach services (a password hash, a query condition). Walks nested DTOs and arrays of them.
 */
export function nullsNotAllowed(value: unknown, path = ''): ValidationError[] {
  if (value === null || typeof value !== 'object') return [];
  const errors: ValidationError[] = [];
  const isDto = !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype;
  for (const [key, child] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (child === null && isDto && !declaredNullable(Object.getPrototypeOf(value) as object, key)) {
      errors.push({ property: field, constraints: { isNotNull: `${field} must not be null (leave it out instead)` }, children: [] });
    } else if (child !== null && typeof child === 'object') {
      errors.push(...nullsNotAllowed(child, field));
    }
  }
  return errors;
}

/** Query classes marked @SameQuerySameResult(), and their validated values by query. */
const REUSED = new WeakMap<object, Map<string, object>>();
/** Different queries kept per class: a client sending ever new ones only evicts the oldest. */
const MAX_REUSED = 500;

/**
 * For a query class read on a hot route (GET /projects): a query string validated once is not validated again. The
 * outcome depends on the query alone, so a query seen before gets a copy of the value it gave then; a refused
 * query is never kept and is refused again the same way.
 */
export function SameQuerySameResult(): ClassDecorator {
  return (target) => {
    REUSED.set(target, new Map());
  };
}

/**
 * The one validation step of every route. Before anything reads the input, its shape is checked (nesting depth,
 * well-formed Unicode in every string and key); then unknown fields are refused (forbidNonWhitelisted), values are
 * converted to their declared types, null is refused where the contract does not allow it, and every offending
 * field is named in `details`.
 */
export class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const reused = metadata.type === 'query' && metadata.metatype ? REUSED.get(metadata.metatype) : undefined;
    if (!reused || value === null || typeof value !== 'object') return this.check(value, metadata);
    // The key is taken before validation runs: the value is modified on the way (prototype keys stripped).
    const key = JSON.stringify(value);
    const seen = reused.get(key);
    if (seen) return Object.assign(Object.create(Object.getPrototypeOf(seen) as object) as object, seen);
    const result = (await this.check(value, metadata)) as object;
    if (reused.size >= MAX_REUSED) reused.delete(reused.keys().next().value as string);
    reused.set(key, Object.assign(Object.create(Object.getPrototypeOf(result) as object) as object, result));
    return result;
  }

  private async check(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = inspectInput(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (problem) throw new ValidationFailed([problem.detail], 'The request is not acceptable.', problem.code);
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    const reported = new Set(errors.map((e) => e.property));
    return [...errors, ...nullsNotAllowed(object).filter((e) => !reported.has(e.property))];
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(flatten(errors)),
  });
}

/** A required text must hold at least one character that is not white space. */
export const NOT_BLANK = /\S/;

/** A number that is a number: no NaN, no ±Infinity (class-validator's IsNumber options). */
export const FINITE = { allowNaN: false, allowInfinity: false };

/**
 * The ids a municipality gives the parts of its strategy cascade (goals, indicators, measures) and by which reports
 * refer to them: one pattern for both, so a report can always name what the cascade allows.
 */
export const CASCADE_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
