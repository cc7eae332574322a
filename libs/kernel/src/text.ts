import { Parser, parseDocument } from 'htmlparser2';

// elements removed together with their text
const NON_TEXT_TAGS = new Set([
  'script',
  'style',
  'textarea',
  'option',
  'noscript',
  'title',
  'template',
  'xmp',
  'noembed',
  'noframes',
  'plaintext',
  'iframe',
  'object',
  'svg',
  'math',
]);

/**
 * Element names a browser gives meaning to (HTML, obsolete HTML, SVG and MathML roots): a tag
 * with one of these names is markup. Any other name (`<angles>`, `<y`) is text unless the tag
 * carries something a browser would act on (see textLikeTag).
 */
const KNOWN_ELEMENTS = new Set(
  (
    'a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote body br button canvas caption center cite code col colgroup ' +
    'data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html ' +
    'i iframe ilayer image img input ins isindex kbd keygen label layer legend li link listing main map mark marquee math menu menuitem meta meter multicol nav nextid nobr ' +
    'noembed noframes noscript object ol optgroup option output p param picture plaintext portal pre progress q rb rp rt rtc ruby s samp script search section select slot small ' +
    'source spacer span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xml xmp ' +
    'animate animatemotion animatetransform circle clippath defs desc ellipse feimage filter foreignobject g line lineargradient marker mask mi mn mo ms mtext path pattern ' +
    'polygon polyline radialgradient rect set stop symbol text textpath tspan use view annotation-xml maction semantics'
  ).split(' '),
);

/** A bare attribute a tag that is text may carry: a word, nothing a browser runs or loads. */
const TEXT_WORD = /^[\p{L}\p{N}.,;:!?'’()%&-]+$/u;

/** RULE: a tag is text, not markup, when its name means nothing to a browser and it carries only bare words. */
function textLikeTag(name: string, attribs: Record<string, string>): boolean {
  if (!/^[a-z][a-z0-9]*$/.test(name) || KNOWN_ELEMENTS.has(name)) return false;
  return Object.entries(attribs).every(([k, v]) => v === '' && TEXT_WORD.test(k) && !/^on/i.test(k));
}

/**
 * Elements that load, run or hide something (or take the page over): in derived text, a tag
 * with one of these names is dropped even without attributes.
 */
const ACTIVE_ELEMENTS = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'meta',
  'link',
  'portal',
  'svg',
  'math',
  'form',
  'button',
  'input',
  'textarea',
  'select',
  'option',
  'template',
  'noscript',
  'xmp',
  'plaintext',
  'noembed',
  'noframes',
  'title',
  'img',
  'image',
  'video',
  'audio',
  'source',
  'track',
  'picture',
  'canvas',
  'dialog',
  'details',
  'marquee',
  'isindex',
  'keygen',
  'listing',
  'html',
  'head',
  'body',
  'slot',
  'area',
  'map',
  'a',
]);

/** RULE: in text derived from HTML, a tag is left as text unless it could load or run something. */
function inertTag(name: string, attribs: Record<string, string>): boolean {
  if (!/^[a-z][a-z0-9]*$/.test(name) || ACTIVE_ELEMENTS.has(name)) return false;
  return Object.entries(attribs).every(([k, v]) => v === '' && TEXT_WORD.test(k) && !/^on/i.test(k));
}

/** The one tag in `source` (used for a tag the parser left unfinished or ignored); null when it is not one tag. */
function soleTag(source: string): { name: string; attribs: Record<string, string> } | null {
  let tag: { name: string; attribs: Record<string, string> } | null = null;
  let other = false;
  const p = new Parser(
    {
      onopentag: (name, attribs) => (tag ? (other = true) : (tag = { name, attribs })),
      onclosetag: (name, implied) => {
        if (!implied && !tag) tag = { name, attribs: {} };
      },
      ontext: () => (other = true),
      oncomment: () => (other = true),
      onprocessinginstruction: () => (other = true),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  p.end(`${source}>`);
  return other ? null : tag;
}

/**
 * One pass of the parser over `value`: text nodes decoded (once), markup dropped, tags that are
 * text (textLikeTag) kept as typed. What the parser skipped (an unfinished tag at the end, an
 * end tag nothing opened) is judged as a tag of its own.
 */
function stripOnce(value: string): string {
  let out = '';
  let covered = 0; // source up to here is accounted for
  let skipDepth = 0; // inside an element removed with its text
  const gap = (to: number) => {
    if (to <= covered) return;
    const source = value.slice(covered, to);
    covered = to;
    if (skipDepth) return;
    const tag = soleTag(source.replace(/>$/, ''));
    if (tag && textLikeTag(tag.name, tag.attribs)) out += source;
  };
  const p: Parser = new Parser(
    {
      ontext: (text) => {
        gap(p.startIndex);
        covered = p.endIndex + 1;
        if (!skipDepth) out += text;
      },
      onopentag: (name, attribs) => {
        gap(p.startIndex);
        const source = value.slice(p.startIndex, p.endIndex + 1);
        covered = Math.max(covered, p.endIndex + 1);
        if (NON_TEXT_TAGS.has(name)) skipDepth++;
        else if (!skipDepth && textLikeTag(name, attribs)) out += source;
      },
      onclosetag: (name, implied) => {
        if (implied) {
          // nothing in the source
          if (NON_TEXT_TAGS.has(name)) skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        gap(p.startIndex);
        const source = value.slice(p.startIndex, p.endIndex + 1);
        covered = Math.max(covered, p.endIndex + 1);
        if (NON_TEXT_TAGS.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (!skipDepth && textLikeTag(name, {})) out += source;
      },
      oncomment: () => {
        gap(p.startIndex);
        covered = Math.max(covered, p.endIndex + 1);
      },
      onprocessinginstruction: () => {
        gap(p.startIndex);
        covered = Math.max(covered, p.endIndex + 1);
      },
      oncdatastart: () => gap(p.startIndex),
      onend: () => gap(value.length),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  p.end(value);
  return out;
}

/**
 * One pass over derived text: the `<` that opens a tag which is not inert (inertTag), a comment
 * or a processing instruction is removed, and nothing else, so every word stays.
 */
function defuseOnce(value: string): string {
  const cuts = new Set<number>();
  let covered = 0;
  const cutAt = (i: number) => {
    if (value[i] === '<') cuts.add(i);
  };
  const gap = (to: number) => {
    if (to <= covered) return;
    const start = covered;
    const source = value.slice(start, to);
    covered = to;
    const tag = soleTag(source.replace(/>$/, ''));
    if (!(tag && inertTag(tag.name, tag.attribs)) && source.includes('<')) cutAt(start + source.indexOf('<'));
  };
  const markup = (keep: boolean) => {
    gap(p.startIndex);
    if (!keep) cutAt(p.startIndex);
    covered = Math.max(covered, p.endIndex + 1);
  };
  const p: Parser = new Parser(
    {
      ontext: () => {
        gap(p.startIndex);
        covered = p.endIndex + 1;
      },
      onopentag: (name, attribs) => markup(inertTag(name, attribs)),
      onclosetag: (name, implied) => {
        if (!implied) markup(inertTag(name, {}));
      },
      oncomment: () => markup(false),
      onprocessinginstruction: () => markup(false),
      onend: () => gap(value.length),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  p.end(value);
  if (!cuts.size) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) if (!cuts.has(i)) out += value[i];
  return out;
}

/**
 * Strips until nothing changes. Every pass that changes the text makes it shorter (an entity
 * decodes to fewer characters, dropped markup goes, kept text stays as it is), so this ends, and
 * what it returns parses back to itself: no number of entity layers comes back as markup.
 */
function stripToFixedPoint(value: string): string {
  let text = value;
  for (;;) {
    const next = stripOnce(text);
    if (next === text) return text;
    text = next;
  }
}

/**
 * RULE: a plain-text field (headline, dek, caption, credit, alt text, names, labels) holds text,
 * never markup. It is read by an HTML parser (htmlparser2): text nodes are kept and their
 * entities decoded, markup (elements a browser knows, anything with attribute values or event
 * handlers, comments) is removed, script-like elements with their text, and this repeats until
 * the text parses back to itself, so `&lt;script&gt;` in any number of encoding layers never
 * comes back as `<script>`. What only looks like markup stays as typed: "GDP < 2%", "x <y in
 * the east", "<angles>". Whitespace runs collapse to one space (line breaks kept, at most one
 * blank line in a row, when `multiline`).
 */
export function plainText(value: string, opts: { multiline?: boolean } = {}): string {
  let text = stripToFixedPoint(value.replace(/\r\n?/g, '\n'));
  for (;;) {
    const collapsed = opts.multiline
      ? text
          .split('\n')
          .map((line) => line.replace(/\s+/g, ' ').trim())
          .join('\n')
          .replace(/\n{3,}/g, '\n\n')
          .trim()
      : text.replace(/\s+/g, ' ').trim();
    // collapsing whitespace cannot make markup, but the answer must be a fixed point either way
    const again = stripToFixedPoint(collapsed);
    if (again === collapsed) return collapsed;
    text = again;
  }
}

/** plainText for an optional value: null and blank become null. */
export const plainTextOrNull = (value: string | null | undefined): string | null => (value == null ? null : plainText(value) || null);

interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'figcaption', 'tr', 'caption', 'div', 'ul', 'ol', 'table', 'figure', 'pre', 'hr']);

/**
 * RULE: the text of (sanitized) HTML is its text nodes, entities decoded once, never re-read as
 * markup: `<p>x &lt;y in the east</p>` is "x <y in the east". Block elements end a paragraph,
 * `<br>` a line; paragraphs come back separated by a blank line, whitespace collapsed in each.
 * The text is data for every consumer, so where it would load or run something if a page put
 * it in as HTML (an encoded `&lt;script&gt;` in the body, an event handler), the `<` that would
 * open that tag is removed (found with the parser, to a fixed point); every word stays.
 */
export function htmlToText(html: string): string {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true }) as unknown as DomNode;
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const p = current.replace(/\s+/g, ' ').trim();
    if (p) paragraphs.push(p);
    current = '';
  };
  const visit = (node: DomNode) => {
    if (node.type === 'text') {
      current += node.data ?? '';
      return;
    }
    if (node.type === 'script' || node.type === 'style' || (node.type === 'tag' && NON_TEXT_TAGS.has(node.name ?? ''))) return;
    if (node.type === 'tag' && node.name === 'br') {
      current += ' ';
      return;
    }
    const block = node.type === 'tag' && BLOCKS.has(node.name ?? '');
    if (block) flush();
    for (const c of node.children ?? []) visit(c);
    if (block) flush();
  };
  visit(doc);
  flush();
  let text = paragraphs.join('\n\n');
  for (;;) {
    const inert = defuseOnce(text)
      .split('\n\n')
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join('\n\n');
    if (inert === text) return text;
    text = inert;
  }
}

/** HTML text escaping: what a sink that renders HTML (an RSS description, an e-mail) needs for plain text. */
export const htmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
