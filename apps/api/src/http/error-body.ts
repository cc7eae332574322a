import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErrorDetail, ErrorKind } from '#libs/kernel';

export class ErrorDetailResponse {
  @ApiPropertyOptional({ example: 'headline' }) field?: string;
  @ApiPropertyOptional({ example: 'isNotEmpty' }) code?: string;
  @ApiProperty({ example: 'headline should not be empty' }) message: string;
}

export class ErrorObjectResponse {
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code (API contract).' }) code: string;
  @ApiProperty({ example: 'The request is not valid.' }) message: string;
  @ApiProperty({ type: [ErrorDetailResponse] }) details: ErrorDetailResponse[];
  @ApiPropertyOptional({ example: 'b9f0c0d2-8f4e-4a51-9a55-c4f9b2b1e0d1' }) requestId?: string;
}

/** Every error response: `{ "error": { code, message, details, requestId } }`. */
export class ErrorResponse {
  @ApiProperty({ type: ErrorObjectResponse }) error: ErrorObjectResponse;
}

/** RULE: one exhaustive mapping from error kind to HTTP status. */
export function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'validation':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'gone':
      return 410;
    case 'precondition_failed':
      return 412;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'locked':
      return 423;
    case 'precondition_required':
      return 428;
    case 'rate_limited':
      return 429;
    case 'internal':
      return 500;
    case 'unavailable':
      return 503;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export const errorBody = (code: string, message: string, details: ErrorDetail[] = [], extra: Record<string, unknown> = {}) => ({
  error: { code, message, details, ...extra },
});
