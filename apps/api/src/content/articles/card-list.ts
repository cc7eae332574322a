import { hash } from 'node:crypto';
import { CARD_SEPARATOR, type StoredCardList } from '#libs/publication';

/**
 * THE CARD LIST WIRE FORMAT (`GET /v1/content/latest`, `/v1/content/articles`, and the
 * `articles` member of the section, tag and contributor pages). This module owns its bytes;
 * docs/article-page.md ("Lists") describes them for front-ends. A list page is
 *
 *   {"items":[<card>,<card>,...],"nextCursor":<string or null>}
 *
 * made without parsing or serializing a card:
 * 1. stored, once per write, in PostgreSQL: `published_articles.card_text` is the card's JSON
 *    text (the members of `ArticleCard` in its order; ASCII-only, every other character as its
 *    `\uXXXX` escape, so it travels as a one-byte string and is copied, not transcoded) and
 *    `card_tag` its MD5, kept by the trigger function `published_articles_page_body`
 *    (migrations/functions.ts) whenever the page or a column the card shows changes;
 * 2. read: one query joins a page's card texts with `CARD_SEPARATOR` and hashes their tags
 *    together (`PublicationReader.listStored`);
 * 3. here: the brackets, the commas, the cursor and, for a taxonomy page, the members before
 *    `articles`.
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

const SEPARATOR = CARD_SEPARATOR.charCodeAt(0);
const COMMA = 0x2c;

/**
 * The list page `{"items":[...],"nextCursor":...}`; with `before` (`{"section":{...}`, no closing
 * brace) the page is the `articles` member of that object: `<before>,"articles":<page>}`.
 * Written into one buffer of the page's size: the cards are copied once (an ASCII string), and
 * their separators become commas there.
 */
export function cardListBytes(stored: StoredCardList, before?: string): CardListBytes {
  const end = `],"nextCursor":${JSON.stringify(stored.nextCursor)}}`;
  const head = before === undefined ? '{"items":[' : `${before},"articles":{"items":[`;
  const tail = before === undefined ? end : `${end}}`;
  const cardsAt = Buffer.byteLength(head);
  const cardsEnd = cardsAt + Buffer.byteLength(stored.cards);
  const body = Buffer.allocUnsafe(cardsEnd + Buffer.byteLength(tail));
  body.write(head, 0);
  body.write(stored.cards, cardsAt);
  body.write(tail, cardsEnd);
  const cards = body.subarray(cardsAt, cardsEnd);
  for (let at = cards.indexOf(SEPARATOR); at >= 0; at = cards.indexOf(SEPARATOR, at + 1)) cards[at] = COMMA;
  return { body, etag: `"${hash('sha1', `${stored.tag}|${end}|${before ?? ''}`, 'base64url')}"` };
}

/** `{"<name>":<value>` (no closing brace): the member before `articles` on a taxonomy page. */
export const leadingMember = (name: string, value: unknown): string => `{${JSON.stringify(name)}:${JSON.stringify(value)}`;
