/**
 * The kinds of failure a domain can report. The HTTP layer maps each kind to one status in a
 * single exhaustive switch, so a lib never needs to know about HTTP.
 */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'precondition_failed'
  | 'precondition_required'
  | 'locked'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface ErrorDetail {
  field?: string;
  code?: string;
  message: string;
  [extra: string]: unknown;
}

/**
 * A failure with a stable machine-readable code (API contract: never renamed or reused).
 * Services throw these; controllers never build HTTP errors themselves.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra response data (e.g. the current version on a 412, Retry-After seconds). */
    readonly meta: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
