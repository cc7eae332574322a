export type WebUrlProblem = 'notUrl' | 'scheme' | 'credentials' | 'host' | 'length';

/** Detail codes (API contract) for the problems webUrl reports. */
export const WEB_URL_CODES: Record<WebUrlProblem, string> = { notUrl: 'url', scheme: 'urlScheme', credentials: 'urlCredentials', host: 'urlHost', length: 'urlLength' };

/**
 * RULE: a URL field holds the WHATWG serialization of an absolute http(s) URL (so a typed `"`,
 * `<` or space is percent-encoded and `\` is a `/`), with a host and no user or password part
 * (they would be published). Returns the URL to store, or what is wrong with it.
 */
export function webUrl(raw: string, opts: { schemes?: readonly string[]; max?: number } = {}): { url: string } | { problem: WebUrlProblem; code: string; message: string } {
  const schemes = opts.schemes ?? ['https:', 'http:'];
  const fail = (problem: WebUrlProblem, message: string) => ({ problem, code: WEB_URL_CODES[problem], message });
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return fail('notUrl', 'not an absolute URL');
  }
  if (!schemes.includes(u.protocol)) return fail('scheme', `must be an ${schemes.map((s) => s.slice(0, -1)).join(' or ')} URL`);
  if (u.username || u.password) return fail('credentials', 'must not contain a user name or password');
  if (!u.hostname) return fail('host', 'must name a host');
  if (u.href.length > (opts.max ?? 2000)) return fail('length', `at most ${opts.max ?? 2000} characters once encoded`);
  return { url: u.href };
}

/** The stored form of a URL that webUrl accepts; anything else unchanged (trimmed) for the validator to refuse. */
export const serializedUrl = (raw: string, max?: number): string => {
  const r = webUrl(raw, { max });
  return 'url' in r ? r.url : raw.trim();
};
