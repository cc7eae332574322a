import { describe, expect, it } from 'vitest';
import { REDACTED, redactUrl } from './redact-url.js';

describe('item 18: redactUrl', () => {
  it('redacts secret query parameters and keeps the others', () => {
    expect(redactUrl('/v1/content/articles?key=ncms_abc123&limit=5&section=europe')).toBe(`/v1/content/articles?key=${REDACTED}&limit=5&section=europe`);
    expect(redactUrl('/v1/content/newsletter/unsubscribe/one-click?token=tok123&list=l1')).toBe(`/v1/content/newsletter/unsubscribe/one-click?token=${REDACTED}&list=l1`);
    for (const name of ['api_key', 'apiKey', 'X-Api-Key', 'access_token', 'refresh_token', 'secret', 'password', 'signature', 'sig', 'auth', 'code'])
      expect(redactUrl(`/x?${name}=s3cr3t`), name).toBe(`/x?${name}=${REDACTED}`);
    // an escaped name is still recognised
    expect(redactUrl('/x?%6Bey=s3cr3t')).toBe(`/x?%6Bey=${REDACTED}`);
    expect(redactUrl('/x?q=migration&cursor=abc')).toBe('/x?q=migration&cursor=abc');
  });

  it('redacts preview tokens and API keys or JWTs in the path', () => {
    expect(redactUrl('/v1/content/preview/AbC_d-123456789012345?key=k')).toBe(`/v1/content/preview/${REDACTED}?key=${REDACTED}`);
    expect(redactUrl('/v1/content/articles/ncms_0123456789abcdef')).toBe(`/v1/content/articles/${REDACTED}`);
    expect(redactUrl('/x/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')).toBe(`/x/${REDACTED}`);
    expect(redactUrl('/v1/content/articles/europe-leaders-test')).toBe('/v1/content/articles/europe-leaders-test');
  });

  it('never throws on malformed URLs', () => {
    expect(redactUrl('/%ff?%ff=1&key=2')).toBe(`/%ff?%ff=${REDACTED}&key=${REDACTED}`);
    expect(redactUrl('')).toBe('');
  });
});
