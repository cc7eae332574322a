import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseTimeout, isDatabaseUnavailable } from '#libs/database';
import { DomainError, type ErrorDetail } from '#libs/kernel';
import { errorBody, statusOf } from './error-body.js';
import { redactUrl } from './redact-url.js';

interface Mapped {
  status: number;
  code: string;
  message: string;
  details: ErrorDetail[];
  meta: Record<string, unknown>;
  headers: Record<string, string>;
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

// Fastify's own errors (raised before Nest sees the request) by their codes.
const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'The request body is empty but declared as JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'This content type is not accepted here.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_CONTENT_LENGTH', message: 'Content-Length does not match the body.' },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'This content type is not accepted here.' },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', message: 'The URL is not valid.' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: 'A path parameter is too long.' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'BAD_REQUEST', message: 'The request is not valid.' },
};

/** Maps anything thrown to the one error envelope. A 500 never carries internals. */
export function mapError(e: unknown): Mapped {
  if (e instanceof DomainError) {
    const headers: Record<string, string> = {};
    if (typeof e.meta.retryAfterSeconds === 'number') headers['retry-after'] = String(e.meta.retryAfterSeconds);
    const { retryAfterSeconds: _omit, ...meta } = e.meta;
    return { status: statusOf(e.kind), code: e.code, message: e.message, details: e.details, meta, headers };
  }
  if (isDatabaseUnavailable(e)) {
    return {
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: 'The database is unavailable; retry shortly.',
      details: [],
      meta: {},
      headers: { 'retry-after': '2' },
    };
  }
  if (isDatabaseTimeout(e)) {
    // the statement was cancelled and its transaction rolled back: nothing was written
    return {
      status: 503,
      code: 'DATABASE_TIMEOUT',
      message: 'The database took too long and nothing was changed; retry shortly.',
      details: [],
      meta: {},
      headers: { 'retry-after': '5' },
    };
  }
  const fastifyCode = (e as { code?: unknown }).code;
  if (typeof fastifyCode === 'string' && FASTIFY_CODES[fastifyCode]) {
    const f = FASTIFY_CODES[fastifyCode];
    return { ...f, details: [], meta: {}, headers: {} };
  }
  if (e instanceof SyntaxError && /JSON/.test(e.message)) {
    return { status: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.', details: [], meta: {}, headers: {} };
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    // Nest's JSON body parser reports malformed JSON as a plain 400
    if (status === 400 && /JSON|prototype property/.test(e.message)) {
      return { status, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.', details: [], meta: {}, headers: {} };
    }
    if (status === 503)
      return { status, code: 'SERVICE_UNAVAILABLE', message: 'The service is unavailable; retry shortly.', details: [], meta: {}, headers: { 'retry-after': '2' } };
    if (status < 500) {
      const message = status === 404 ? 'No such route.' : e.message;
      return { status, code: HTTP_CODES[status] ?? 'BAD_REQUEST', message, details: [], meta: {}, headers: {} };
    }
  }
  const status = (e as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: HTTP_CODES[status] ?? 'BAD_REQUEST', message: 'The request is not valid.', details: [], meta: {}, headers: {} };
  }
  return { status: 500, code: 'INTERNAL_ERROR', message: 'An internal error occurred.', details: [], meta: {}, headers: {} };
}

export function sendError(e: unknown, request: FastifyRequest, reply: FastifyReply, log: Logger): void {
  const m = mapError(e);
  if (m.status >= 500) {
    log.error({ err: e, reqId: request.id, url: redactUrl(request.url), method: request.method }, 'request failed');
  }
  for (const [k, v] of Object.entries(m.headers)) void reply.header(k, v);
  void reply
    .status(m.status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(errorBody(m.code, m.message, m.details, { ...m.meta, requestId: request.id }));
}

/**
 * Fastify's `frameworkErrors`: what its router refuses before any route or hook runs (a URL
 * that does not decode, like `/%ff`; an over-long parameter) gets the one error envelope with
 * its request id, not Fastify's own `{statusCode, error, message}`.
 */
export function frameworkErrorHandler(): (error: unknown, request: FastifyRequest, reply: FastifyReply) => void {
  const log = new Logger('Errors');
  return (error, request, reply) => {
    void reply.header('x-request-id', request.id);
    sendError(error, request, reply, log);
  };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly log = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    sendError(exception, ctx.getRequest<FastifyRequest>(), ctx.getResponse<FastifyReply>(), this.log);
  }
}
