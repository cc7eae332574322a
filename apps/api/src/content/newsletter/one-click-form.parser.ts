import type { FastifyRequest } from 'fastify';
import { DomainError } from '#libs/kernel';
import { ONE_CLICK_PATH } from '#libs/newsletter-signups';
import { NOTIFICATION_ONE_CLICK_PATH } from '#libs/notifications';

/** The routes mail clients POST RFC 8058 forms to: newsletter and notification unsubscribes. */
const FORM_ROUTES = new Set([ONE_CLICK_PATH, NOTIFICATION_ONE_CLICK_PATH]);

/** Bodies of an RFC 8058 one-click POST are tiny (`List-Unsubscribe=One-Click`). */
export const ONE_CLICK_BODY_LIMIT = 1024;

/**
 * The application/x-www-form-urlencoded parser, installed in place of the framework's default
 * (which would accept forms on every route): it parses a form only on the one-click
 * unsubscribe routes, which mail clients call with a form body; elsewhere a form is a 415,
 * like any other content type the API does not take.
 */
export async function oneClickFormParser(req: FastifyRequest, body: Buffer): Promise<Record<string, string>> {
  if (!FORM_ROUTES.has(req.routeOptions?.url ?? '')) {
    throw new DomainError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here.');
  }
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}
