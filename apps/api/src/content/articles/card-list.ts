import { hash } from 'node:crypto';
import type { StoredCardList } from '#libs/publication';

/**
 * THE CARD LIST WIRE FORMAT (`GET /v1/content/latest`, `/v1/content/articles`, and the
 * `articles` member of the section, tag and contributor pages). This module owns its bytes;
 * docs/article-page.md ("Lists") describes them for front-ends. A list page is
 *
 *   {"items":[<card>,<card>,...],"nextCursor":<string or null>}
 *
 * made without parsing or serializing a card:
 * 1. stored, once per write, in PostgreSQL: `published_articles.card_text` is the card's JSON
 *    text (the members of `ArticleCard` in its order) and `card_tag` its MD5, kept by the trigger
 *    function `published_articles_page_body` (migrations/functions.ts) whenever the page or a
 *    column the card shows changes;
 * 2. read: one query joins a page's card texts with commas and hashes their tags together
 *    (`PublicationReader.listStored`);
 * 3. here: the brackets, the cursor and, for a taxonomy page, the members before `articles`.
 *
 * The strong ETag hashes the cards' combined tag with the few bytes added here, never the cards
 * themselves: it changes exactly when the bytes do. `fields=` (cards cut to some members) takes
 * the object path (`selectCardFields`), whose bytes parse to the same cards.
 */

/** A list page's bytes and their strong ETag. */
export interface CardListBytes {
  body: Buffer;
  etag: string;
}

const ITEMS_OPEN = Buffer.from('{"items":[');

/**
 * The list page `{"items":[...],"nextCursor":...}`; with `before` (`{"section":{...}`, no closing
 * brace) the page is the `articles` member of that object: `<before>,"articles":<page>}`.
 */
export function cardListBytes(stored: StoredCardList, before?: string): CardListBytes {
  const end = `],"nextCursor":${JSON.stringify(stored.nextCursor)}}`;
  const parts = before === undefined ? [ITEMS_OPEN, stored.cards, Buffer.from(end)] : [Buffer.from(`${before},"articles":{"items":[`), stored.cards, Buffer.from(`${end}}`)];
  return { body: Buffer.concat(parts), etag: `"${hash('sha1', `${stored.tag}|${end}|${before ?? ''}`, 'base64url')}"` };
}

/** `{"<name>":<value>` (no closing brace): the member before `articles` on a taxonomy page. */
export const leadingMember = (name: string, value: unknown): string => `{${JSON.stringify(name)}:${JSON.stringify(value)}`;
