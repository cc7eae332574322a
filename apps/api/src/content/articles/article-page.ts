import { hash } from 'node:crypto';
import type { CachedResponse, StoredPage } from '#libs/publication';
import type { ContentBannerResponse, BannerGlobalCapResponse } from '../donation-banners/donation-banners.dto.js';
import type { ContentArticlePageResponse } from './content-responses.dto.js';

/**
 * THE ARTICLE PAGE WIRE FORMAT (`GET /v1/content/articles/:slug`). This module owns its bytes;
 * docs/article-page.md describes the result for front-ends. The response is one JSON object:
 *
 *   {"article":…,"relatedStories":…,"newsletterBox":…,"donationBanners":…,"donationGlobalCap":…}
 *
 * built in three stages, each appending members before the closing brace; no stage parses or
 * re-serializes what an earlier one produced:
 *
 * 1. stored, once per write, in PostgreSQL: `published_articles.page_body` is
 *    `{"article":<page>,"relatedStories":<teasers or null>` (no closing brace) and `page_tag` its
 *    MD5, kept by the trigger function `published_articles_page_body` in migrations/functions.ts
 *    on every write of `page` or `teasers`. `null` teasers: not chosen yet (`teasersPending`).
 * 2. shared, once per render (what the content cache holds, the same for every reader): the
 *    teasers chosen now in place of a pending `null`, then the `SharedMembers`, then `}`.
 * 3. reader, per request: the `}` cut off, the `ReaderMembers` and `}` as a second chunk (`tail`,
 *    written after the shared bytes without copying them).
 *
 * The strong ETag is `"` + page_tag + a 12-character hash of each part stage 2 and 3 added + `"`:
 * it changes exactly when the bytes do, and no render hashes the ~10 KB page.
 *
 * `articlePageObject` is the slow path, the object the bytes must parse to;
 * article-page.service-spec.ts checks that over generated pages, teasers, newsletter boxes and
 * banners, with stage 1 run by the real trigger.
 *
 * Adding a field (then `npm run desk:api` regenerates the desk's and the SDK's types):
 * - of the article (a byline's bio or avatar, SEO, JSON-LD...): add it to the page publication
 *   builds (`PublicationService`'s row builder in libs/publication) and to
 *   `ContentArticlePayloadResponse` (content-responses.dto.ts); pages already live carry it
 *   after their next write (or a migration rewriting `page`); nothing here changes;
 * - a new top-level member, the same for every reader: a key of `SharedMembers` (its value built
 *   where `ArticleExtras.shared` builds the others); chosen per reader: a key of `ReaderMembers`;
 *   either way a property of `ContentArticlePageResponse` (`MembersDocumented` fails the
 *   typecheck until both agree). Members are written in the order of the object passed in; add
 *   the member to the property test's generators and to docs/article-page.md.
 */

/** A teaser as the page shows it (chosen by libs/related-stories). */
export type PageTeaser = object;

/** The members after `relatedStories` that every reader gets (cached with the page). */
export interface SharedMembers {
  newsletterBox: NewsletterBox | null;
}

/** The members each reader gets (never cached). */
export interface ReaderMembers {
  donationBanners: Record<string, ContentBannerResponse | null>;
  donationGlobalCap: BannerGlobalCapResponse;
}

export interface NewsletterBox {
  /** The box's copy: the site settings' box of the page's section, else the default box. */
  heading: string;
  body: string;
  buttonLabel: string;
  lists: { id: string; slug: string; name: string; description: string }[];
  consentTextId: string | null;
  consentText: string | null;
  subscribePath: string;
}

/** The whole page as an object: what the bytes parse to. */
export type ArticlePageObject = { article: unknown; relatedStories: PageTeaser[] | null } & SharedMembers & ReaderMembers;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** The members the bytes carry are the ones the OpenAPI document lists for the page, and only those. */
export type MembersDocumented = Assert<Same<keyof ArticlePageObject, keyof ContentArticlePageResponse>>;

/** The slow path: the page object from its parts, with nothing serialized. */
export function articlePageObject(article: unknown, relatedStories: PageTeaser[] | null, shared: SharedMembers, reader: ReaderMembers): ArticlePageObject {
  return { article, relatedStories, ...shared, ...reader };
}

/** Bytes appended by stage 2 or 3 (members and the closing brace), with their ETag part. */
export interface PagePart {
  bytes: Buffer;
  tag: string;
}

/** `,"name":<json>` per member, in the object's order, then `}`. */
const membersPart = (members: SharedMembers | ReaderMembers): PagePart => {
  let text = '';
  for (const [name, value] of Object.entries(members)) text += `,${JSON.stringify(name)}:${JSON.stringify(value)}`;
  text += '}';
  return { bytes: Buffer.from(text), tag: shortHash(text) };
};

/** Stage 2's appended part: build once per set of values and reuse it. */
export const sharedPart = (members: SharedMembers): PagePart => membersPart(members);

/** Stage 3's appended part: build once per set of values and reuse it. */
export const readerPart = (members: ReaderMembers): PagePart => membersPart(members);

const PENDING = 'null';

/**
 * Stage 2: the page every reader shares, from the stored bytes, the teasers chosen now when the
 * stored page has none yet (ignored otherwise), and the shared part.
 */
export function sharedPage(stored: Pick<StoredPage, 'body' | 'tag' | 'teasersPending'>, chosenNow: PageTeaser[] | null, shared: PagePart): { body: Buffer; etag: string } {
  if (!stored.teasersPending || !chosenNow) return { body: Buffer.concat([stored.body, shared.bytes]), etag: `"${stored.tag}${shared.tag}"` };
  // a pending page's stored bytes end in `"relatedStories":null`
  const teasers = JSON.stringify(chosenNow);
  return {
    body: Buffer.concat([stored.body.subarray(0, stored.body.length - PENDING.length), Buffer.from(teasers), shared.bytes]),
    etag: `"${stored.tag}${shortHash(teasers)}${shared.tag}"`,
  };
}

/** Stage 3: a shared page finished for one reader (the shared bytes are not copied). */
export function readerPage(shared: CachedResponse, reader: PagePart): CachedResponse {
  return { ...shared, body: shared.body.subarray(0, shared.body.length - 1), tail: reader.bytes, etag: `${shared.etag.slice(0, -1)}${reader.tag}"` };
}

const shortHash = (text: string): string => hash('sha1', text, 'base64url').slice(0, 12);
