import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from './error-body.js';

/** The error statuses `statusOf` in error-body.ts can answer (500 is never documented per route). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 415 | 423 | 428 | 429 | 503;

/**
 * The stable codes one status answers with on a route, optionally with a note for the reader
 * (what `details`/`meta` carry, when the code is chosen). An empty list documents the status
 * without naming codes.
 */
export type ErrorCodes = readonly string[] | { readonly codes: readonly string[]; readonly note: string };

export type ErrorSpec = Partial<Record<ErrorStatus, ErrorCodes>>;

const CODE = /^[A-Z][A-Z0-9_]*$/;

/** RULE: a response's description lists its codes, then the note after a dash. */
export function errorDescription(codes: ErrorCodes): string {
  const list = 'codes' in codes ? codes.codes : codes;
  for (const code of list) if (!CODE.test(code)) throw new Error(`ApiErrors: "${code}" is not an error code (UPPER_SNAKE); put prose in { note }`);
  const note = 'codes' in codes ? codes.note : '';
  const names = list.join(', ');
  return names && note ? `${names} — ${note}` : names || note;
}

/**
 * Every error response of a route (or of every route of a controller, on the class) in one
 * decorator: each status answers the `ErrorResponse` envelope (`{ error: { code, message,
 * details, requestId } }`) and names the stable codes it can carry, e.g.
 * `@ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['ARTICLE_NOT_FOUND'] })`. A method's entry for
 * a status replaces the class's.
 */
export function ApiErrors(spec: ErrorSpec): MethodDecorator & ClassDecorator {
  const entries = Object.entries(spec) as [string, ErrorCodes][];
  return applyDecorators(...entries.map(([status, codes]) => ApiResponse({ status: Number(status), type: ErrorResponse, description: errorDescription(codes) })));
}
