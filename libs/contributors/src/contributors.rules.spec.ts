import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#libs/kernel';
import { SOCIAL_NETWORK_NAMES, cleanName, cleanText, contributorSlug, socialLinkProblem, uniqueInOrder, validateSocialLinks } from './contributors.rules.js';

const errorOf = (fn: () => unknown): DomainError | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  return undefined;
};

describe('social links', () => {
  it("accept https profile URLs on the network's own host, normalized", () => {
    expect(
      validateSocialLinks([
        { network: 'x', url: 'https://x.com/janedoe' },
        { network: 'x', url: 'https://twitter.com/janedoe_old' },
        { network: 'bluesky', url: ' https://bsky.app/profile/jane.example.org ' },
        { network: 'mastodon', url: 'https://social.example.net/@jane' },
        { network: 'linkedin', url: 'https://www.linkedin.com/in/jane-doe' },
        { network: 'website', url: 'https://JANE.example.org' },
      ]),
    ).toEqual([
      { network: 'x', url: 'https://x.com/janedoe' },
      { network: 'x', url: 'https://twitter.com/janedoe_old' },
      { network: 'bluesky', url: 'https://bsky.app/profile/jane.example.org' },
      { network: 'mastodon', url: 'https://social.example.net/@jane' },
      { network: 'linkedin', url: 'https://www.linkedin.com/in/jane-doe' },
      { network: 'website', url: 'https://jane.example.org/' },
    ]);
  });

  it.each([
    ['x', 'http://x.com/jane', 'url', 'https'],
    ['website', 'javascript:alert(1)', 'url', 'https'],
    ['website', 'data:text/html,<script>', 'url', 'https'],
    ['website', 'not a url', 'url', 'not a URL'],
    ['website', 'https://user:pw@example.org/', 'url', 'credentials'],
    ['website', 'https://localhost/', 'url', 'public host'],
    ['website', 'https://127.0.0.1/', 'url', 'public host'],
    ['x', 'https://evil.example/x.com', 'url', 'x.com'],
    ['x', 'https://notx.com/jane', 'url', 'x.com'],
    ['linkedin', 'https://linkedin.com.evil.example/in/jane', 'url', 'linkedin.com'],
    ['myspace', 'https://myspace.com/jane', 'network', 'one of'],
    ['__proto__', 'https://example.org/', 'network', 'one of'],
    ['website', `https://example.org/${'a'.repeat(500)}`, 'url', 'at most'],
  ])('refuse %s %s', (network, url, field, message) => {
    const problem = socialLinkProblem(network, url);
    expect(problem?.field).toBe(field);
    expect(problem?.message).toContain(message);
  });

  it('report every bad entry at once, naming its index, and refuse duplicates', () => {
    const e = errorOf(() =>
      validateSocialLinks([
        { network: 'x', url: 'https://x.com/ok' },
        { network: 'x', url: 'http://x.com/bad' },
        { network: 'fax', url: 'https://example.org' },
        { network: 'website', url: 'https://x.com/ok' },
      ]),
    );
    expect(e?.kind).toBe('validation');
    expect(e?.code).toBe('CONTRIBUTOR_SOCIAL_LINK_INVALID');
    expect(e?.details.map((d) => d.field)).toEqual(['socialLinks.1.url', 'socialLinks.2.network', 'socialLinks.3.url']);
  });

  it('allow at most 12', () => {
    const links = Array.from({ length: 13 }, (_, i) => ({ network: 'website', url: `https://site${i}.example.org/` }));
    expect(errorOf(() => validateSocialLinks(links))?.code).toBe('CONTRIBUTOR_SOCIAL_LINK_INVALID');
    expect(validateSocialLinks(links.slice(0, 12))).toHaveLength(12);
  });

  it('never accept a URL that is not https, whatever the input', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SOCIAL_NETWORK_NAMES), fc.string(), (network, url) => {
        const problem = socialLinkProblem(network, url);
        if (!problem) expect(new URL(url.trim()).protocol).toBe('https:');
      }),
    );
  });
});

describe('contributor slugs', () => {
  it('derive from the name (accents folded) unless given', () => {
    expect(contributorSlug('Zoë Ångström-Núñez')).toBe('zoe-angstrom-nunez');
    expect(contributorSlug('Jane Doe', 'jane-doe-2')).toBe('jane-doe-2');
  });
  it('refuse given values that are not slugs, and names without letters', () => {
    for (const bad of ['Jane', 'jane_doe', 'jane doe', '-jane', 'jane-', '', 'a'.repeat(81)]) {
      expect(errorOf(() => contributorSlug('Jane', bad))?.code, bad).toBe('CONTRIBUTOR_SLUG_INVALID');
    }
    expect(errorOf(() => contributorSlug('李明'))?.code).toBe('CONTRIBUTOR_SLUG_INVALID');
  });
});

describe('profile text', () => {
  it('names are trimmed and single-spaced; empty ones refused', () => {
    expect(cleanName('  Jane \t Doe ')).toBe('Jane Doe');
    expect(errorOf(() => cleanName(' \u0000 '))?.code).toBe('CONTRIBUTOR_NAME_INVALID');
  });
  it('bio is plain text up to 5,000 characters, never cut', () => {
    expect(cleanText('bio', ' a\r\nb ', 5000)).toBe('a\nb');
    expect(cleanText('bio', '<b>markup</b> goes, &lt;i&gt;too&lt;/i&gt;; GDP < 2% stays', 5000)).toBe('markup goes, too; GDP < 2% stays');
    expect(cleanText('bio', '   ', 5000)).toBeNull();
    expect(cleanText('bio', 'x'.repeat(5000), 5000)).toHaveLength(5000);
    const e = errorOf(() => cleanText('bio', 'x'.repeat(5001), 5000));
    expect([e?.code, e?.details[0]?.field]).toEqual(['CONTRIBUTOR_TEXT_TOO_LONG', 'bio']);
  });
  it('byline ids resolve once each, in order', () => {
    expect(uniqueInOrder(['b', 'a', 'B'])).toEqual(['b', 'a']);
  });
});
