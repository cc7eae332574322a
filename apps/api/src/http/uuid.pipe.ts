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
