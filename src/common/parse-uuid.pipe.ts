import type { PipeTransform } from '@nestjs/common';
import { ValidationFailed } from './errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID route parameter, or a 400 naming it. */
export class ParseUuidPipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'id') {}

  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new ValidationFailed([{ field: this.field, message: `${this.field} must be a UUID` }]);
    }
    return value.toLowerCase();
  }
}
