import { Injectable, type PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { DomainError, isUuid } from '#libs/kernel';

/** Path ids must be UUIDs: anything else is a 400 VALIDATION_FAILED naming the parameter. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, meta: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isUuid(value)) {
      throw new DomainError('validation', 'VALIDATION_FAILED', 'The request is not valid.', [
        { field: meta.data ?? 'id', code: 'isUuid', message: `${meta.data ?? 'id'} must be a UUID` },
      ]);
    }
    return value.toLowerCase();
  }
}

const INT4_MAX = 2_147_483_647;

/** Path numbers (revision numbers and the like): a positive integer that fits a Postgres int4. */
@Injectable()
export class PositiveIntPipe implements PipeTransform<string | number, number> {
  transform(value: string | number, meta: ArgumentMetadata): number {
    // the global validation pipe may already have turned the text into a number
    const text = String(value);
    const n = /^[0-9]{1,10}$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > INT4_MAX) {
      throw new DomainError('validation', 'VALIDATION_FAILED', 'The request is not valid.', [
        { field: meta.data ?? 'number', code: 'isPositiveInt', message: `${meta.data ?? 'number'} must be a positive integer` },
      ]);
    }
    return n;
  }
}
