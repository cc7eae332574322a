import type { MigrationInterface, QueryRunner } from 'typeorm';
import { applyFunctions } from './functions.js';

/**
 * A card's image carried the page's renditions and crops: every width x format x ratio, about
 * 9 KB per image, 180 KB for a list of 20 uploads. The card now carries them compact (`srcset`:
 * the widths, and per format a URL template; the same per crop), which the SDK's image helpers
 * expand. The page keeps the full lists. The rows already live are rewritten once.
 */
export class CompactCardImages1796231150579 implements MigrationInterface {
  name = 'CompactCardImages1796231150579';

  async up(q: QueryRunner): Promise<void> {
    await applyFunctions(q);
    await q.query(`UPDATE "published_articles" SET "page" = "page"`);
  }

  async down(): Promise<void> {
    // the function body before is migration 1796228734662's, which a down of that one restores
  }
}
