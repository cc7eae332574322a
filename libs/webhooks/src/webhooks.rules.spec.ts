import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkWebhookUrl,
  describeFailure,
  eventOfTopic,
  isDelivered,
  NO_ANSWER_MESSAGE,
  isPrivateHost,
  normalizeEvents,
  purgeKeysOf,
  signWebhook,
  verifyWebhookSignature,
  webhookBody,
  webhookHeaders,
} from './webhooks.rules.js';

describe('signWebhook', () => {
  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>" under the secret', () => {
    const body = '{"id":"d1","event":"article.published"}';
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('whsec_test', 1700000000, body)).toBe(`sha256=${expected}`);
    // a known vector, so a change of algorithm or layout cannot pass unnoticed
    expect(signWebhook('secret', '1', '{}')).toBe(`sha256=${createHmac('sha256', 'secret').update('1.{}').digest('hex')}`);
    expect(signWebhook('secret', '1', '{}')).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('changes with the secret, the timestamp and every byte of the body', () => {
    const base = signWebhook('s', 100, 'body');
    expect(signWebhook('t', 100, 'body')).not.toBe(base);
    expect(signWebhook('s', 101, 'body')).not.toBe(base);
    expect(signWebhook('s', 100, 'bodY')).not.toBe(base);
  });

  it('puts the stable delivery id and the signature in the headers', () => {
    const body = webhookBody({ id: 'del-1', event: 'article.published', occurredAt: '2026-01-01T00:00:00.000Z', data: { articleId: 'a' } });
    const h = webhookHeaders({ webhookId: 'wh-1', deliveryId: 'del-1', event: 'article.published', secret: 'k', body, timestamp: 42 });
    expect(h).toMatchObject({ 'x-webhook-id': 'wh-1', 'x-webhook-delivery': 'del-1', 'x-webhook-timestamp': '42', 'content-type': 'application/json' });
    expect(h['x-webhook-signature']).toBe(signWebhook('k', 42, body));
    expect(JSON.parse(body)).toEqual({ id: 'del-1', event: 'article.published', occurredAt: '2026-01-01T00:00:00.000Z', data: { articleId: 'a' } });
  });
});

describe('verifyWebhookSignature (the consumer side)', () => {
  const now = 1_800_000_000;
  const body = '{"id":"x","data":{"headline":"Europe’s leaders"}}';
  const signed = (over: Partial<{ secret: string; timestamp: string; body: string; signature: string }> = {}) => {
    const timestamp = over.timestamp ?? String(now);
    return { secret: 'whsec_abc', body, timestamp, signature: signWebhook('whsec_abc', timestamp, body), nowSeconds: now, ...over };
  };

  it('accepts what signWebhook produced', () => {
    expect(verifyWebhookSignature(signed())).toBe(true);
  });

  it('refuses another secret, a changed body, a changed timestamp, a malformed or missing signature', () => {
    expect(verifyWebhookSignature(signed({ secret: 'whsec_other' }))).toBe(false);
    expect(verifyWebhookSignature(signed({ body: body.replace('Europe', 'Asia') }))).toBe(false);
    expect(verifyWebhookSignature({ ...signed(), timestamp: String(now - 1) })).toBe(false);
    expect(verifyWebhookSignature(signed({ signature: 'sha256=00' }))).toBe(false);
    expect(verifyWebhookSignature(signed({ signature: signWebhook('whsec_abc', now, body).toUpperCase() }))).toBe(false);
    expect(verifyWebhookSignature({ ...signed(), signature: undefined })).toBe(false);
    expect(verifyWebhookSignature({ ...signed(), timestamp: undefined })).toBe(false);
    expect(verifyWebhookSignature(signed({ timestamp: '1e9' }))).toBe(false);
  });

  it('refuses a timestamp outside the tolerance (replays), accepts one inside', () => {
    expect(verifyWebhookSignature(signed({ timestamp: String(now - 301) }))).toBe(false);
    expect(verifyWebhookSignature(signed({ timestamp: String(now + 301) }))).toBe(false);
    expect(verifyWebhookSignature(signed({ timestamp: String(now - 300) }))).toBe(true);
    expect(verifyWebhookSignature({ ...signed({ timestamp: String(now - 3600) }), toleranceSeconds: 7200 })).toBe(true);
  });

  it('round-trips any secret and body', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.integer({ min: 0, max: 10_000_000_000 }), (secret, b, ts) => {
        const sig = signWebhook(secret, ts, b);
        return verifyWebhookSignature({ secret, body: b, timestamp: String(ts), signature: sig, nowSeconds: ts });
      }),
    );
  });
});

describe('checkWebhookUrl', () => {
  const dev = { production: false };
  const prod = { production: true };

  it.each([
    ['https://hooks.example.org/newsroom', dev],
    ['https://hooks.example.org:8443/a?b=c', prod],
    ['http://localhost:8080/hook', dev],
    ['http://127.0.0.1:1234/', dev],
    ['https://localhost/hook', dev],
  ])('allows %s', (url, opts) => {
    expect(checkWebhookUrl(url, opts)).toEqual({ url: new URL(url).toString() });
  });

  it.each([
    ['', dev, 'empty'],
    ['not a url', dev, 'absolute'],
    ['/relative/path', dev, 'absolute'],
    ['ftp://files.example.org/x', dev, 'https'],
    ['javascript:alert(1)', dev, 'https'],
    ['http://hooks.example.org/x', dev, 'https'],
    ['http://10.0.0.5/x', dev, 'https'],
    ['http://localhost:8080/hook', prod, 'https'],
    ['http://127.0.0.1/hook', prod, 'https'],
    ['https://user:pw@hooks.example.org/x', dev, 'credentials'],
    ['https://hooks.example.org/x#frag', dev, 'fragment'],
    ['https://localhost/hook', prod, 'private'],
    ['https://localhost./hook', prod, 'private'],
    ['https://127.0.0.1/hook', prod, 'private'],
    ['https://10.1.2.3/hook', prod, 'private'],
    ['https://192.168.0.10/hook', prod, 'private'],
    ['https://172.20.0.1/hook', prod, 'private'],
    ['https://169.254.169.254/latest/meta-data', prod, 'private'],
    ['https://[::1]/hook', prod, 'private'],
    ['https://[fd00::1]/hook', prod, 'private'],
    ['https://metadata.google.internal/x', prod, 'private'],
    [`https://hooks.example.org/${'a'.repeat(2000)}`, dev, 'at most'],
  ])('refuses %s', (url, opts, reason) => {
    const r = checkWebhookUrl(url, opts);
    expect(r.url).toBeUndefined();
    expect(r.problem).toContain(reason);
  });

  it('knows private hosts from public ones', () => {
    expect(isPrivateHost('8.8.8.8')).toBe(false);
    expect(isPrivateHost('172.32.0.1')).toBe(false);
    expect(isPrivateHost('hooks.example.org')).toBe(false);
    expect(isPrivateHost('[2606:4700:4700::1111]')).toBe(false);
    // a trailing dot names the same host
    expect(isPrivateHost('localhost.')).toBe(true);
    expect(isPrivateHost('100.64.0.1')).toBe(true);
    expect(isPrivateHost('[::ffff:127.0.0.1]')).toBe(true);
    expect(isPrivateHost('0.0.0.0')).toBe(true);
    expect(isPrivateHost('printer.local')).toBe(true);
  });
});

describe('events', () => {
  it('normalizes to canonical order without repeats', () => {
    expect(normalizeEvents(['correction', 'publish', 'publish'])).toEqual({ events: ['publish', 'correction'], problems: [] });
  });

  it('refuses unknown and empty subscriptions', () => {
    expect(normalizeEvents(['publish', 'delete']).problems).toEqual([{ field: 'events', message: expect.stringContaining('"delete"') }]);
    expect(normalizeEvents([]).problems).toHaveLength(1);
  });

  it('maps topics back to events', () => {
    expect(eventOfTopic('article.corrected')).toBe('correction');
    expect(eventOfTopic('article.transitioned')).toBeUndefined();
  });
});

describe('outcomes and purge keys', () => {
  it('counts only 2xx as delivered', () => {
    expect([199, 200, 204, 299, 301, 304, 400, 500].map(isDelivered)).toEqual([false, true, true, true, false, false, false, false]);
  });

  it('describes failures briefly', () => {
    expect(describeFailure(503, 'Service Unavailable')).toBe('HTTP 503 Service Unavailable');
    expect(describeFailure(418)).toBe('HTTP 418');
    // item 17: no answer is one message, whatever the cause
    expect(describeFailure(null)).toBe(NO_ANSWER_MESSAGE);
  });

  it('takes the surrogate keys of a publication.changed payload, once each', () => {
    expect(purgeKeysOf({ surrogateKeys: ['article-1', 'home', 'home', '', 7] })).toEqual(['article-1', 'home']);
    expect(purgeKeysOf({})).toEqual([]);
  });
});
