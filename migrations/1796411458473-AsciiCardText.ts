import type { MigrationInterface, QueryRunner } from 'typeorm';
import { applyFunctions } from './functions.js';

/**
 * A card's stored JSON text (`published_articles.card_text`, the bytes a list response copies) is
 * ASCII-only from now on: the page trigger writes each non-ASCII character as its `\uXXXX` escape
 * (`ASCII_JSON` in migrations/functions.ts), the same JSON value. A card with a typographic quote
 * reached the api as a two-byte string and went back to UTF-8 for the socket, about a tenth of a
 * cold list's node CPU (an ASCII text is copied both ways). The rows holding any non-ASCII card
 * text are rebuilt once (the trigger runs on their page); their card tags, and so the lists'
 * ETags, change.
 */
export class AsciiCardText1796411458473 implements MigrationInterface {
  name = 'AsciiCardText1796411458473';

  async up(q: QueryRunner): Promise<void> {
    await applyFunctions(q);
    await q.query(`UPDATE "published_articles" SET "page" = "page" WHERE octet_length("card_text") <> length("card_text")`);
  }

  async down(): Promise<void> {
    // escaped card text is the same JSON: nothing needs undoing (the earlier trigger body is
    // history, as for CompactCardImages1796231150579)
  }
}
