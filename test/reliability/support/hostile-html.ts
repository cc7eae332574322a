import { parseDocument } from 'htmlparser2';

/**
 * Finds what would run script if a string were put into a page as HTML, by parsing it
 * (htmlparser2), never by pattern-matching the raw text: dangerous elements, event-handler
 * attributes, and javascript:/vbscript:/data: URLs in URL-bearing attributes (after the
 * parser decoded entities and the way browsers strip control characters and whitespace).
 */

/** Hosts an article body may embed iframes from (https only). */
export const IFRAME_ALLOWLIST = ['www.youtube-nocookie.com', 'www.youtube.com', 'player.vimeo.com', 'datawrapper.dwcdn.net', 'flo.uri.sh'];

const DANGEROUS_ELEMENTS = new Set(['script', 'style', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'frame', 'frameset', 'portal']);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
  'background',
  'lowsrc',
  'dynsrc',
  'cite',
  'codebase',
  'srcset',
  'longdesc',
  'ping',
  'manifest',
  'icon',
]);
const DANGEROUS_SCHEMES = ['javascript:', 'vbscript:', 'data:', 'livescript:', 'mocha:'];

interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  data?: string;
}

/**
 * The scheme check browsers effectively apply: leading C0 controls and spaces are ignored,
 * tabs and newlines anywhere are removed, the scheme is case-insensitive.
 */
export function dangerousUrl(value: string): boolean {
  const normalized = value
    // eslint-disable-next-line no-control-regex -- browsers skip leading controls and spaces before a scheme
    .replace(/^[\u0000-\u0020]+/, '')
    .replace(/[\t\n\r]/g, '')
    .toLowerCase();
  return DANGEROUS_SCHEMES.some((s) => normalized.startsWith(s));
}

function iframeAllowed(src: string | undefined): boolean {
  if (!src) return false;
  try {
    const u = new URL(src);
    return u.protocol === 'https:' && !u.username && !u.password && IFRAME_ALLOWLIST.includes(u.hostname);
  } catch {
    return false;
  }
}

/** Every problem found in `html` parsed as an HTML fragment; [] when it is safe. */
export function scanHtml(html: string): string[] {
  if (!/[<&]/.test(html)) return []; // nothing a parser could turn into markup
  const problems: string[] = [];
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true }) as unknown as DomNode;
  const visit = (node: DomNode) => {
    if ((node.type === 'tag' || node.type === 'script' || node.type === 'style') && node.name) {
      const name = node.name.toLowerCase();
      const attribs = node.attribs ?? {};
      if (DANGEROUS_ELEMENTS.has(name)) problems.push(`<${name}> element`);
      // an iframe without src or srcdoc is an empty, inert frame
      if (name === 'iframe' && ('src' in attribs || 'srcdoc' in attribs) && (!iframeAllowed(attribs.src) || 'srcdoc' in attribs))
        problems.push(`<iframe src=${JSON.stringify(attribs.src ?? null)}> not allowlisted`);
      for (const [rawKey, value] of Object.entries(attribs)) {
        const key = rawKey.toLowerCase();
        if (key.startsWith('on')) problems.push(`<${name} ${key}> event handler`);
        if (key === 'srcdoc') problems.push(`<${name} srcdoc>`);
        if (key === 'style' && /expression\s*\(|javascript:|behavior\s*:|-moz-binding|url\s*\(/i.test(value))
          problems.push(`<${name} style=${JSON.stringify(value.slice(0, 60))}>`);
        if (URL_ATTRIBUTES.has(key) || key.endsWith(':href')) {
          const candidates = key === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [value];
          if (candidates.some(dangerousUrl)) problems.push(`<${name} ${key}=${JSON.stringify(value.slice(0, 60))}> dangerous URL`);
        }
      }
      if (name === 'meta' && /refresh/i.test(attribs['http-equiv'] ?? '')) problems.push('<meta refresh>');
    }
    for (const c of node.children ?? []) visit(c);
  };
  visit(doc);
  return problems;
}

/** Keys whose string values are URLs a front-end puts into href/src as they are. */
const URL_KEY = /(^url$|Url$|href|^src$|Src$|^link$|^website$)/;

export interface JsonFinding {
  path: string;
  value: string;
  problems: string[];
}

/**
 * Walks a JSON value: every string is parsed as an HTML fragment, and strings under
 * URL-named keys must not carry a dangerous scheme.
 */
export function scanJson(value: unknown, path = '$', out: JsonFinding[] = []): JsonFinding[] {
  if (typeof value === 'string') {
    const problems = scanHtml(value);
    const key = path
      .split('.')
      .pop()!
      .replace(/\[\d+\]$/, '');
    if (URL_KEY.test(key) && dangerousUrl(value)) problems.push(`URL field with a dangerous scheme`);
    if (problems.length) out.push({ path, value: value.slice(0, 200), problems });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => scanJson(v, `${path}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) scanJson(v, `${path}.${k}`, out);
  }
  return out;
}

/**
 * An XML document (RSS, sitemaps): every text node, once XML-decoded, is what a feed reader
 * renders as HTML; link-like elements must not carry a dangerous scheme.
 */
export function scanXml(xml: string): JsonFinding[] {
  const out: JsonFinding[] = [];
  const doc = parseDocument(xml, { xmlMode: true, decodeEntities: true }) as unknown as DomNode;
  const visit = (node: DomNode, where: string) => {
    if (node.type === 'text' || node.type === 'cdata') {
      const text = node.type === 'cdata' ? (node.children ?? []).map((c) => c.data ?? '').join('') : (node.data ?? '');
      const problems = scanHtml(text);
      if (/(^|\/)(link|loc|guid|url)$/.test(where) && dangerousUrl(text.trim())) problems.push('dangerous URL');
      if (problems.length) out.push({ path: where, value: text.slice(0, 200), problems });
      return;
    }
    for (const [k, v] of Object.entries(node.attribs ?? {})) {
      if ((k === 'href' || k === 'url' || k.endsWith(':href')) && dangerousUrl(v)) out.push({ path: `${where}@${k}`, value: v.slice(0, 200), problems: ['dangerous URL'] });
    }
    for (const c of node.children ?? []) visit(c, node.name ? `${where}/${node.name}` : where);
  };
  visit(doc, '');
  return out;
}
