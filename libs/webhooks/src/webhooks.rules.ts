import { createHmac, timingSafeEqual } from 'node:crypto';
import { isLocalName } from '#libs/outbound';
import type { OutboxTopic } from '#libs/outbox';

/** What a webhook can subscribe to. */
export const WEBHOOK_EVENTS = ['publish', 'update', 'unpublish', 'slug_change', 'correction'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * The outbox topic behind each subscribable event (also the `event` field consumers receive).
 * Emitted by editorial-workflow and articles, libs above this one: named by catalogue keys.
 */
export const TOPIC_OF_EVENT = {
  publish: 'article.published',
  update: 'article.updated',
  unpublish: 'article.unpublished',
  slug_change: 'article.slug_changed',
  correction: 'article.corrected',
} as const satisfies Record<WebhookEvent, OutboxTopic>;
export type WebhookTopic = (typeof TOPIC_OF_EVENT)[WebhookEvent];

export const WEBHOOK_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_STATUSES)[number];

/** Emitted by the publication read model (a lib above this one) when a live row changes or goes. */
export const PUBLICATION_CHANGED_TOPIC = 'publication.changed' satisfies OutboxTopic;

export const WEBHOOK_TIMEOUT_MS = 5_000;
/** How far a signature timestamp may be from the receiver's clock (replay window). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
export const WEBHOOK_URL_MAX = 2000;

export const isWebhookEvent = (v: unknown): v is WebhookEvent => typeof v === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(v);

export const eventOfTopic = (topic: string): WebhookEvent | undefined => WEBHOOK_EVENTS.find((e) => TOPIC_OF_EVENT[e] === topic);

export type Problem = { field: string; message: string };

/**
 * RULE: a subscription names at least one known event; repeats are dropped and the result is
 * in canonical order, so two equal subscriptions compare equal.
 */
export function normalizeEvents(raw: readonly string[]): { events: WebhookEvent[]; problems: Problem[] } {
  const unknown = raw.filter((e) => !isWebhookEvent(e));
  const problems: Problem[] = unknown.map((e) => ({ field: 'events', message: `unknown event "${e}"; expected ${WEBHOOK_EVENTS.join(', ')}` }));
  const events = WEBHOOK_EVENTS.filter((e) => raw.includes(e));
  if (!unknown.length && !events.length) problems.push({ field: 'events', message: 'subscribe to at least one event' });
  return { events, problems };
}

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Loopback, private, link-local, carrier-grade NAT and unspecified addresses, and local-only names, as typed. */
export const isPrivateHost = (hostname: string): boolean => isLocalName(hostname);

/**
 * RULE: a webhook URL is https; plain http only to localhost / 127.0.0.1 outside production
 * (local development and tests). In production, hosts that name this machine or a private
 * network are refused too, as typed; what a name resolves to is checked again at every
 * connect (#libs/outbound), so a webhook cannot be pointed at internal services. No
 * credentials in the URL (they would show in listings) and no fragment.
 * Returns the normalized URL, or the reason it is refused.
 */
export function checkWebhookUrl(raw: string, opts: { production: boolean }): { url?: string; problem?: string } {
  const text = raw.trim();
  if (!text) return { problem: 'url must not be empty' };
  if (text.length > WEBHOOK_URL_MAX) return { problem: `url must be at most ${WEBHOOK_URL_MAX} characters` };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { problem: 'url is not an absolute URL' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { problem: 'url must use https' };
  if (u.username || u.password) return { problem: 'url must not carry credentials' };
  if (u.hash) return { problem: 'url must not have a fragment' };
  if (!u.hostname) return { problem: 'url has no host' };
  if (u.protocol === 'http:') {
    if (opts.production) return { problem: 'url must use https' };
    if (!LOCAL_NAMES.has(u.hostname.toLowerCase())) return { problem: 'url must use https (http is allowed only for localhost and 127.0.0.1 outside production)' };
  } else if (opts.production && isPrivateHost(u.hostname)) {
    return { problem: 'url must not point at a private or local address' };
  }
  return { url: u.toString() };
}

/** The JSON body of one delivery; identical on every attempt (the signature covers it). */
export interface WebhookBody {
  id: string;
  event: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export const webhookBody = (b: WebhookBody): string => JSON.stringify({ id: b.id, event: b.event, occurredAt: b.occurredAt, data: b.data });

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The headers of one attempt: the delivery id is stable, the timestamp and signature are per attempt. */
export function webhookHeaders(input: { webhookId: string; deliveryId: string; event: string; secret: string; body: string; timestamp: number }): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'newsroom-cms-webhooks/1',
    'x-webhook-id': input.webhookId,
    'x-webhook-delivery': input.deliveryId,
    'x-webhook-event': input.event,
    'x-webhook-timestamp': String(input.timestamp),
    'x-webhook-signature': signWebhook(input.secret, input.timestamp, input.body),
  };
}

/**
 * Checks a received webhook, as a consumer would (copy this function: it needs only
 * node:crypto). `body` must be the raw request body, byte for byte, before any JSON parsing.
 * Refuses a timestamp further than `toleranceSeconds` from now (replayed requests).
 */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): boolean {
  const { secret, body, timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** RULE: only a 2xx answer counts as delivered (a redirect is not followed and is a failure). */
export const isDelivered = (status: number): boolean => status >= 200 && status < 300;

/** What a failed attempt records when no answer came: one message for every cause (see describeFailure). */
export const NO_ANSWER_MESSAGE = 'no answer (OUTBOUND_NO_ANSWER): the endpoint could not be reached or did not answer in time';

/**
 * RULE: what is kept of a failed attempt: the status and its standard reason phrase, never
 * the answer's body (an internal service's answer must not be readable through a webhook);
 * and one message for every way of getting no answer (refused, timed out, unknown host, an
 * address that is not allowed), so the delivery log cannot be used to scan ports.
 */
export function describeFailure(status: number | null, statusText = ''): string {
  return status === null ? NO_ANSWER_MESSAGE : `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
}

/** The body of a CDN purge request. */
export const purgeBody = (surrogateKeys: readonly string[]): string => JSON.stringify({ surrogateKeys });

/** RULE: a `publication.changed` payload names the surrogate keys to purge; anything else is ignored (nothing to purge). */
export function purgeKeysOf(payload: { surrogateKeys?: unknown }): string[] {
  const keys = payload.surrogateKeys;
  if (!Array.isArray(keys)) return [];
  return [...new Set(keys.filter((k): k is string => typeof k === 'string' && k.length > 0 && k.length <= 200))];
}
