import type { PipeTransform } from '@nestjs/common';
import { ValidationFailed } from './errors/domain-error';

/** Route ids are positive whole numbers; anything else is a 400 that names the parameter. Use as `new ParseIdPipe('projectId')`. */
export class ParseIdPipe implements PipeTransform<string, number> {
  constructor(private readonly field = 'id') {}

  transform(value: string): number {
    if (typeof value !== 'string' || !/^[1-9]\d{0,8}$/.test(value)) {
      throw new ValidationFailed([{ field: this.field, message: `${this.field} must be a positive whole number` }]);
    }
    return Number(value);
  }
}
