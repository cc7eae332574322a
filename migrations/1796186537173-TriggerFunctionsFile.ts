import type { MigrationInterface, QueryRunner } from 'typeorm';
import { applyFunctions } from './functions.js';

/**
 * Every trigger function gets its body from `migrations/functions.ts` (the one file that holds
 * their current text; `npm run db:check` compares the database against it). The bodies do what
 * the ones before did (1795736889127, 1795840000000, 1795850000000), laid out anew: applying
 * them rewrites only the text PostgreSQL stores. `down` leaves them: they are equivalent.
 */
export class TriggerFunctionsFile1796186537173 implements MigrationInterface {
  name = 'TriggerFunctionsFile1796186537173';

  async up(q: QueryRunner): Promise<void> {
    await applyFunctions(q);
  }

  async down(): Promise<void> {
    // the previous bodies are equivalent: nothing to restore
  }
}
