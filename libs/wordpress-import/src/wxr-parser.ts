import { SaxesParser, type SaxesTagNS } from 'saxes';
import { WxrError, WxrErrorCode } from './wxr.errors.js';
import type { WxrAuthor, WxrCategory, WxrItem, WxrRecord, WxrSite, WxrTag, WxrTerm } from './wxr.types.js';

const NS_PREFIX: [RegExp, string][] = [
  [/^https?:\/\/wordpress\.org\/export\/1\.\d+\/excerpt\/$/, 'excerpt'],
  [/^https?:\/\/wordpress\.org\/export\/1\.\d+\/$/, 'wp'],
  [/^http:\/\/purl\.org\/rss\/1\.0\/modules\/content\/$/, 'content'],
  [/^http:\/\/purl\.org\/dc\/elements\/1\.1\/$/, 'dc'],
];
export const WXR_VERSIONS = ['1.0', '1.1', '1.2'];
/** A single text field larger than this is cut (no legitimate post body comes near it). */
const MAX_FIELD_CHARS = 16 * 1024 * 1024;

function qualified(tag: { uri: string; local: string }): string {
  if (!tag.uri) return tag.local;
  for (const [re, prefix] of NS_PREFIX) if (re.test(tag.uri)) return `${prefix}:${tag.local}`;
  return `{${tag.uri}}${tag.local}`;
}

const blankItem = (line: number): WxrItem => ({
  kind: 'item',
  line,
  title: '',
  link: '',
  pubDate: '',
  creator: '',
  guid: '',
  description: '',
  content: '',
  excerpt: '',
  postId: '',
  postDate: '',
  postDateGmt: '',
  postModified: '',
  postModifiedGmt: '',
  postName: '',
  status: '',
  postParent: '',
  menuOrder: '',
  postType: '',
  postPassword: '',
  isSticky: '',
  attachmentUrl: '',
  terms: [],
  meta: {},
  commentCount: 0,
});

const ITEM_FIELDS: Record<string, keyof WxrItem> = {
  title: 'title',
  link: 'link',
  pubDate: 'pubDate',
  'dc:creator': 'creator',
  guid: 'guid',
  description: 'description',
  'content:encoded': 'content',
  'excerpt:encoded': 'excerpt',
  'wp:post_id': 'postId',
  'wp:post_date': 'postDate',
  'wp:post_date_gmt': 'postDateGmt',
  'wp:post_modified': 'postModified',
  'wp:post_modified_gmt': 'postModifiedGmt',
  'wp:post_name': 'postName',
  'wp:status': 'status',
  'wp:post_parent': 'postParent',
  'wp:menu_order': 'menuOrder',
  'wp:post_type': 'postType',
  'wp:post_password': 'postPassword',
  'wp:is_sticky': 'isSticky',
  'wp:attachment_url': 'attachmentUrl',
};
const AUTHOR_FIELDS: Record<string, keyof WxrAuthor> = {
  'wp:author_id': 'id',
  'wp:author_login': 'login',
  'wp:author_email': 'email',
  'wp:author_display_name': 'displayName',
  'wp:author_first_name': 'firstName',
  'wp:author_last_name': 'lastName',
};
const CATEGORY_FIELDS: Record<string, keyof WxrCategory> = {
  'wp:term_id': 'termId',
  'wp:category_nicename': 'nicename',
  'wp:category_parent': 'parent',
  'wp:cat_name': 'name',
  'wp:category_description': 'description',
};
const TAG_FIELDS: Record<string, keyof WxrTag> = { 'wp:term_id': 'termId', 'wp:tag_slug': 'slug', 'wp:tag_name': 'name', 'wp:tag_description': 'description' };
const TERM_FIELDS: Record<string, keyof WxrTerm> = {
  'wp:term_id': 'termId',
  'wp:term_taxonomy': 'taxonomy',
  'wp:term_slug': 'slug',
  'wp:term_parent': 'parent',
  'wp:term_name': 'name',
};

type Open =
  { kind: 'author'; rec: WxrAuthor } | { kind: 'category'; rec: WxrCategory } | { kind: 'tag'; rec: WxrTag } | { kind: 'term'; rec: WxrTerm } | { kind: 'item'; rec: WxrItem };

/**
 * Reads a WordPress export (WXR 1.0 to 1.2) as a stream of records: the site header first,
 * then authors, categories, tags and terms, then items, in file order. Holds one record in
 * memory at a time, so the file's size does not matter.
 *
 * RULE: a DOCTYPE is refused outright (WXR never has one): no entity declaration, internal or
 * external, is ever read, so entity-expansion bombs and external entities cannot work. Only
 * XML's five predefined entities and character references are expanded.
 */
export async function* readWxr(source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<WxrRecord> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const out: WxrRecord[] = [];
  const stack: string[] = [];
  let text = '';
  let open: Open | null = null;
  let meta: { key: string; value: string } | null = null;
  let term: { domain: string; nicename: string } | null = null;
  let inComment = 0;
  const site: WxrSite = { kind: 'site', wxrVersion: '', title: '', link: '', baseSiteUrl: '', baseBlogUrl: '' };
  let siteSent = false;
  let sawChannel = false;

  const sendSite = () => {
    if (siteSent) return;
    if (!site.wxrVersion) throw new WxrError(WxrErrorCode.NotWxr, 'This is not a WordPress export: the channel has no wp:wxr_version.', parser.line, parser.column);
    if (!WXR_VERSIONS.includes(site.wxrVersion)) {
      throw new WxrError(WxrErrorCode.VersionUnsupported, `WXR version ${site.wxrVersion} is not supported (1.0 to 1.2 are).`, parser.line, parser.column);
    }
    siteSent = true;
    out.push(site);
  };

  parser.on('doctype', () => {
    throw new WxrError(WxrErrorCode.DoctypeRefused, 'The file declares a DOCTYPE; entity and DTD declarations are refused.', parser.line, parser.column);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const name = qualified(tag);
    const depth = stack.length;
    stack.push(name);
    text = '';
    if (depth === 0) {
      if (name !== 'rss') throw new WxrError(WxrErrorCode.NotWxr, `This is not a WordPress export: the root element is <${tag.name}>, not <rss>.`, parser.line, parser.column);
      return;
    }
    if (depth === 1) {
      if (name === 'channel') sawChannel = true;
      return;
    }
    if (depth === 2 && stack[1] === 'channel') {
      const at = parser.line;
      if (name === 'wp:author' || name === 'wp:category' || name === 'wp:tag' || name === 'wp:term' || name === 'item') sendSite();
      if (name === 'wp:author') open = { kind: 'author', rec: { kind: 'author', id: '', login: '', email: '', displayName: '', firstName: '', lastName: '' } };
      else if (name === 'wp:category') open = { kind: 'category', rec: { kind: 'category', termId: '', nicename: '', parent: '', name: '', description: '' } };
      else if (name === 'wp:tag') open = { kind: 'tag', rec: { kind: 'tag', termId: '', slug: '', name: '', description: '' } };
      else if (name === 'wp:term') open = { kind: 'term', rec: { kind: 'term', termId: '', taxonomy: '', slug: '', parent: '', name: '' } };
      else if (name === 'item') open = { kind: 'item', rec: blankItem(at) };
      return;
    }
    if (open?.kind === 'item' && depth === 3) {
      if (name === 'wp:postmeta') meta = { key: '', value: '' };
      else if (name === 'wp:comment') inComment++;
      else if (name === 'category') {
        const attr = (n: string) => (tag.attributes[n] as { value: string } | undefined)?.value ?? '';
        term = { domain: attr('domain'), nicename: attr('nicename') };
      }
    }
  });
  const onText = (t: string) => {
    if (text.length < MAX_FIELD_CHARS) text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  // A mismatched close tag makes saxes pop (and report here) every open element before it
  // fails: nothing closed that way is a complete record. saxes clears the close tag's name
  // before its handlers run, so it is read on the way in.
  let broken = false;
  let closing = '';
  const internals = parser as unknown as { closeTag(): void; name: string };
  const closeTag = internals.closeTag.bind(parser);
  internals.closeTag = () => {
    closing = internals.name;
    closeTag();
  };
  parser.on('closetag', (tag: SaxesTagNS) => {
    if (tag.name !== closing) broken = true;
    if (broken) return;
    const name = stack.pop()!;
    const depth = stack.length;
    const value = text;
    text = '';
    if (depth === 2 && stack[1] === 'channel') {
      if (open) {
        out.push(open.rec);
        open = null;
      } else if (name === 'title') site.title = value.trim();
      else if (name === 'link') site.link = value.trim();
      else if (name === 'wp:wxr_version') site.wxrVersion = value.trim();
      else if (name === 'wp:base_site_url') site.baseSiteUrl = value.trim();
      else if (name === 'wp:base_blog_url') site.baseBlogUrl = value.trim();
      return;
    }
    if (depth === 1 && name === 'channel') sendSite();
    if (!open || depth < 3) return;
    if (open.kind === 'item') {
      const item = open.rec;
      if (depth === 3) {
        if (name === 'wp:postmeta' && meta) {
          if (meta.key) item.meta[meta.key] = meta.value;
          meta = null;
        } else if (name === 'wp:comment') {
          inComment--;
          item.commentCount++;
        } else if (name === 'category' && term) {
          item.terms.push({ domain: term.domain, nicename: term.nicename, name: value.trim() });
          term = null;
        } else {
          const field = ITEM_FIELDS[name];
          if (field) (item as unknown as Record<string, string>)[field] = field === 'content' || field === 'excerpt' ? value : value.trim();
        }
      } else if (depth === 4 && meta && !inComment) {
        if (name === 'wp:meta_key') meta.key = value.trim();
        else if (name === 'wp:meta_value') meta.value = value;
      }
      return;
    }
    if (depth === 3) {
      const fields = open.kind === 'author' ? AUTHOR_FIELDS : open.kind === 'category' ? CATEGORY_FIELDS : open.kind === 'tag' ? TAG_FIELDS : TERM_FIELDS;
      const field = (fields as Record<string, string>)[name];
      if (field) (open.rec as unknown as Record<string, string>)[field] = value.trim();
    }
  });

  const fail = (e: unknown): never => {
    if (e instanceof WxrError) throw e;
    const message = (e instanceof Error ? e.message : String(e)).replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    throw new WxrError(WxrErrorCode.Malformed, `The file is not well-formed XML: ${message}`, parser.line, parser.column + 1);
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // saxes reports a well-formedness error and parses on: keep the first, with where it was
  let firstError: { error: WxrError; records: number } | null = null;
  parser.on('error', (e: Error) => {
    if (firstError) return;
    const message = e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    firstError = { error: new WxrError(WxrErrorCode.Malformed, `The file is not well-formed XML: ${message}`, parser.line, parser.column + 1), records: out.length };
  });
  for await (const chunk of source) {
    let failure: unknown = null;
    try {
      parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    } catch (e) {
      failure = e instanceof TypeError ? new WxrError(WxrErrorCode.Malformed, 'The file is not valid UTF-8.', parser.line, parser.column + 1) : e;
    }
    const stop = firstError as { error: WxrError; records: number } | null;
    // the records complete before an error are still delivered, then the error
    yield* out.splice(0, stop ? stop.records : out.length);
    if (stop) throw stop.error;
    if (failure) fail(failure);
  }
  parser.close();
  const atEnd = firstError as { error: WxrError; records: number } | null;
  if (atEnd) {
    yield* out.splice(0, atEnd.records);
    throw new WxrError(
      WxrErrorCode.Truncated,
      atEnd.error.message.replace('is not well-formed XML', 'ends before the export does').replace(/ \(line \d+, column \d+\)$/, ''),
      atEnd.error.line,
      atEnd.error.column,
    );
  }
  yield* out.splice(0);
  if (!sawChannel || !siteSent) throw new WxrError(WxrErrorCode.NotWxr, 'This is not a WordPress export: no <channel> with a wp:wxr_version.');
}
