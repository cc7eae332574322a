import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { actingAs, createTestApp, rawClient, type Credential, type TestApp, responseHeader } from '../support/app-harness.js';
import { act, completeArticle, makeWorld } from '../support/world.js';

/**
 * Item 23: an image folder that cannot take files, and a statement timeout during a publish,
 * answer 503 with Retry-After and a stable code (and change nothing), not 500.
 */

let t: TestApp;
let editor: Credential;

afterAll(async () => {
  await t?.close();
});

const env = {
  // sysfs takes no files (EPERM, or EROFS where /sys is mounted read-only): a folder that refuses writes, even to root
  IMAGE_STORAGE_DIR: `/sys/newsroom-images-${randomBytes(4).toString('hex')}`,
  DATABASE_STATEMENT_TIMEOUT: '3s',
};

describe('item 23: storage and timeout failures answer 503 with Retry-After', () => {
  it('an instance boots while another holds the migration lock for longer than the statement timeout', async () => {
    const other = rawClient();
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', ['7954895654544699245']); // the migration lock's key
      const booting = createTestApp({ env });
      booting.catch(() => undefined);
      // until the booting instance waits for the lock, then longer than its statement timeout
      const waiting = async () => (await other.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rowCount! > 0;
      for (let i = 0; i < 600 && !(await waiting()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await waiting()).toBe(true);
      await new Promise((r) => setTimeout(r, 3500));
      await other.query('SELECT pg_advisory_unlock($1)', ['7954895654544699245']);
      t = await booting;
    } finally {
      await other.end();
    }
    editor = await actingAs(t, 'editor');
  });

  it('an upload into a folder that refuses writes: 503 IMAGE_STORAGE_UNAVAILABLE, no image row', async () => {
    const png = await readFile(join(import.meta.dirname, '../fixtures/images', 'sample.png'));
    const r = await t.http().post('/v1/admin/images').set(editor.auth).attach('file', png, { filename: 'sample.png', contentType: 'image/png' });
    expect(r.status, JSON.stringify(r.body)).toBe(503);
    expect(r.body.error.code).toBe('IMAGE_STORAGE_UNAVAILABLE');
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(await t.sql(`SELECT 1 FROM images`)).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM audit_log WHERE action = 'image.upload'`)).toEqual([]);
  });

  it('a publish that hits the statement timeout: 503 DATABASE_TIMEOUT, the piece unchanged, the retry publishes', async () => {
    const w = await makeWorld(t, editor);
    const created = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    for (const action of ['submit', 'approve']) expect((await act(t, editor, id, action)).status).toBe(200);
    const current = await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth);

    // another session holds the piece's row: the publish waits past the statement timeout
    const holder = rawClient();
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM "${t.schema}".articles WHERE id = $1 FOR UPDATE`, [id]);
      const r = await t.http().post(`/v1/admin/articles/${id}/transitions`).set(editor.auth).set('If-Match', responseHeader(current, 'etag')).send({ action: 'publish' });
      expect(r.status, JSON.stringify(r.body)).toBe(503);
      expect(r.body.error.code).toBe('DATABASE_TIMEOUT');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
    const [row] = await t.sql<{ status: string }>(`SELECT status FROM articles WHERE id = $1`, [id]);
    expect(row!.status).toBe('approved');
    expect(await t.sql(`SELECT 1 FROM published_articles WHERE article_id = $1`, [id])).toEqual([]);
    expect((await act(t, editor, id, 'publish')).status).toBe(200);
  });
});
