import type { ValidationError } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
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

/**
 * Unknown fields are refused (forbidNonWhitelisted), values are converted to
 * their declared types, and every offending field is named in `details`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
