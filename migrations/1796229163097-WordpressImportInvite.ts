import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `--invite` (issue 21): a run remembers whether it invites the export's authors (never by default). */
export class WordpressImportInvite1796229163097 implements MigrationInterface {
  name = 'WordpressImportInvite1796229163097';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wordpress_imports ADD COLUMN invite boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wordpress_imports DROP COLUMN invite`);
  }
}
