/**
 * What a log line may show of a request URL: secrets in the query (API keys, tokens,
 * signatures, passwords) and token path segments (preview links) are replaced, the rest is
 * kept so a line still says which route and which page was asked for.
 */
export const REDACTED = '[REDACTED]';

/** RULE: a query parameter is secret when its name says key, token, secret, password, signature or auth. */
const SECRET_PARAM = /key|token|secret|passw|pwd|signature|^sig$|auth|session|jwt|^code$|^otp$/i;

/** RULE: path segments that are bearer secrets: the segment after `/preview/` on the content surface. */
const TOKEN_PATHS: readonly RegExp[] = [/^(\/v1\/content\/preview\/)([^/?#]+)/i];

/** An API key or a JWT anywhere in the path is redacted too (a client that put it in the wrong place). */
const SECRET_SEGMENT = /^(ncms_[A-Za-z0-9_-]+|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  let path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  for (const pattern of TOKEN_PATHS) path = path.replace(pattern, `$1${REDACTED}`);
  path = path
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // a malformed escape is kept as it came
      }
      return SECRET_SEGMENT.test(decoded) ? REDACTED : segment;
    })
    .join('/');
  if (q < 0) return path;
  const parts = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      return `${rawName}=${REDACTED}`; // a name we cannot read could be anything
    }
    return SECRET_PARAM.test(name) && eq >= 0 ? `${rawName}=${REDACTED}` : pair;
  });
  return `${path}?${parts.join('&')}`;
}
