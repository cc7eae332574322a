import { describe, expect, it } from 'vitest';
import { DEFAULT_CSP, DOCS_CSP, securityHeaders } from './security-headers.js';

describe('item 25: securityHeaders', () => {
  it('nosniff, no framing, a CSP that runs nothing; HSTS only for an https origin', () => {
    const https = securityHeaders('https://news.example.org');
    expect(https).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'content-security-policy': DEFAULT_CSP });
    expect(https['strict-transport-security']).toMatch(/^max-age=31536000/);
    expect(securityHeaders('http://localhost:3000')['strict-transport-security']).toBeUndefined();
    expect(DEFAULT_CSP).toContain("default-src 'none'");
    for (const csp of [DEFAULT_CSP, DOCS_CSP]) expect(csp).toContain("frame-ancestors 'none'");
    expect(DOCS_CSP).not.toMatch(/script-src[^;]*unsafe/);
  });
});
