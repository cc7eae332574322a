import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Transactions } from '#libs/database';
import { AuditLog } from '#libs/identity';
import { ImageUses, LICENSE_SWEEP_QUEUE, LicenseSweep } from '#libs/image-credits';
import { DomainError } from '#libs/kernel';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';

const MAX_BYTES = 64 * 1024;
const fixture = (name: string) => readFile(join(import.meta.dirname, '../fixtures/images', name));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: TestApp;
let storageDir: string;
let editor: Credential;
let contributor: Credential;
let admin: Credential;

const storedFiles = async (): Promise<string[]> =>
  (await readdir(storageDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(storageDir.length + 1))
    .sort();

const counts = async () => {
  const [row] = await t.sql<{ images: string; audit: string; outbox: string }>(
    `SELECT (SELECT count(*) FROM images)::text images,
            (SELECT count(*) FROM audit_log WHERE target_type = 'image')::text audit,
            (SELECT count(*) FROM outbox_messages WHERE topic = 'image.changed')::text outbox`,
  );
  return { ...row, files: await storedFiles() };
};

const upload = (who: Credential, bytes: Buffer, filename: string, contentType = 'application/octet-stream') =>
  t.http().post('/v1/admin/images').set(who.auth).attach('file', bytes, { filename, contentType });

const party = async (kind: string, name: string): Promise<string> => {
  const r = await t.http().post('/v1/admin/credit-parties').set(editor.auth).send({ kind, name });
  expect(r.status).toBe(201);
  return r.body.id;
};

/** A distinct valid image each call: the sample PNG with a different private chunk. */
let variant = 0;
const uniquePng = async (): Promise<Buffer> => {
  const png = await fixture('sample.png');
  const iend = png.length - 12;
  const data = Buffer.from(`v${++variant}-${randomUUID()}`);
  const body = Buffer.concat([Buffer.from('teXt'), data]);
  const chunk = Buffer.concat([Buffer.alloc(4), body, Buffer.alloc(4)]);
  chunk.writeUInt32BE(data.length, 0);
  chunk.writeUInt32BE(crc32(body), chunk.length - 4);
  return Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]);
};

const newImage = async (who: Credential = editor): Promise<string> => {
  const r = await upload(who, await uniquePng(), 'image.png');
  expect(r.status).toBe(201);
  return r.body.id;
};

const outboxFor = (imageId: string) =>
  t.sql<{ payload: { imageId: string; usages: { usageType: string; usageId: string }[]; changed: string[] } }>(
    `SELECT payload FROM outbox_messages WHERE topic = 'image.changed' AND payload->>'imageId' = $1 ORDER BY created_at, id`,
    [imageId],
  );

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'e2e-images-'));
  t = await createTestApp({ env: { IMAGE_STORAGE_DIR: storageDir, IMAGE_MAX_BYTES: String(MAX_BYTES), PUBLIC_BASE_URL: 'https://cms.example.org' } });
  [editor, contributor, admin] = await Promise.all([actingAs(t, 'editor'), actingAs(t, 'contributor'), actingAs(t, 'admin')]);
});
afterAll(async () => {
  await t?.close();
  await rm(storageDir, { recursive: true, force: true });
});

describe('upload', () => {
  it.each([
    ['sample.jpg', 'jpeg', 'image/jpeg', 32, 16],
    ['sample.png', 'png', 'image/png', 7, 5],
    ['sample.webp', 'webp', 'image/webp', 11, 6],
    ['sample.gif', 'gif', 'image/gif', 9, 4],
    ['sample.avif', 'avif', 'image/avif', 7, 5],
  ])('stores %s as a %s image with its size, under its content hash, and serves it', async (name, format, mimeType, width, height) => {
    const bytes = await fixture(name);
    const hash = sha(bytes);
    const ext = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', avif: 'avif' }[format]!;
    // the name and declared type say nothing true: the bytes decide
    const r = await upload(contributor, bytes, 'upload.bin', 'text/plain');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ source: 'upload', format, mimeType, width, height, byteSize: bytes.length, contentHash: hash, uploadedBy: contributor.accountId });
    expect(r.body.url).toBe(`https://cms.example.org/media/images/${hash}.${ext}`);

    const [row] = await t.sql<{ format: string; width: number; height: number; storage_key: string }>(`SELECT format, width, height, storage_key FROM images WHERE id = $1`, [
      r.body.id,
    ]);
    expect(row).toEqual({ format, width, height, storage_key: `${hash}.${ext}` });
    expect(await readFile(join(storageDir, hash.slice(0, 2), `${hash}.${ext}`))).toEqual(bytes);
    const audit = await t.sql(`SELECT actor_id FROM audit_log WHERE action = 'image.upload' AND target_id = $1`, [r.body.id]);
    expect(audit).toEqual([{ actor_id: contributor.accountId }]);

    const served = await t
      .http()
      .get(`/media/images/${hash}.${ext}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe(mimeType);
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.body).toEqual(bytes);
    const again = await t.http().get(`/media/images/${hash}.${ext}`).set('if-none-match', served.headers.etag!);
    expect(again.status).toBe(304);
  });

  it('answers the same bytes uploaded twice with the one existing image (200)', async () => {
    const bytes = await uniquePng();
    const first = await upload(editor, bytes, 'a.png');
    const before = await counts();
    const second = await upload(contributor, bytes, 'copy-of-a.jpg', 'image/jpeg');
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(await counts()).toEqual(before);
    const rows = await t.sql(`SELECT id FROM images WHERE content_hash = $1`, [sha(bytes)]);
    expect(rows).toHaveLength(1);
  });

  it('stores one image and one file when the same bytes arrive at once', async () => {
    const bytes = await uniquePng();
    const answers = await Promise.all([1, 2, 3, 4].map(() => upload(editor, bytes, 'race.png')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await t.sql(`SELECT id FROM images WHERE content_hash = $1`, [sha(bytes)])).toHaveLength(1);
    expect((await storedFiles()).filter((f) => f.includes(sha(bytes)))).toHaveLength(1);
  });

  it('removes the written file when the transaction that records it fails', async () => {
    const audit = t.app.get(AuditLog);
    const spy = vi.spyOn(audit, 'record').mockRejectedValueOnce(new Error('disk full'));
    try {
      const before = await counts();
      const r = await upload(editor, await uniquePng(), 'doomed.png');
      expect(r.status).toBe(500);
      expect(r.body.error.code).toBe('INTERNAL_ERROR');
      expect(await counts()).toEqual(before);
    } finally {
      spy.mockRestore();
    }
  });

  it('reads creator, credit, source and copyright from IPTC/EXIF as a suggested credit', async () => {
    const r = await upload(editor, await fixture('sample-credited.jpg'), 'credited.jpg');
    expect(r.status).toBe(201);
    expect(r.body.suggestedCredit).toEqual({ photographer: 'Frederic Legrand', agency: 'COMEO', provider: 'Shutterstock.com', copyright: '(c) Frederic Legrand - COMEO' });
    // a suggestion only: nothing is credited until an editor says so
    expect(r.body.creditLine).toBeNull();
  });

  it('takes alt text and caption fields with the file', async () => {
    const r = await t
      .http()
      .post('/v1/admin/images')
      .set(editor.auth)
      .field('altText', 'Three heads of state at a summit table')
      .field('caption', 'Leaders meet in Kyiv, May 10, 2025.')
      .attach('file', await uniquePng(), { filename: 'x.png', contentType: 'image/png' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ altText: 'Three heads of state at a summit table', caption: 'Leaders meet in Kyiv, May 10, 2025.' });
  });

  it('accepts a file of exactly IMAGE_MAX_BYTES', async () => {
    const jpeg = await fixture('sample.jpg');
    const padded = Buffer.concat([jpeg, Buffer.alloc(MAX_BYTES - jpeg.length)]);
    const r = await upload(editor, padded, 'big.jpg');
    expect(r.status).toBe(201);
    expect(r.body.byteSize).toBe(MAX_BYTES);
  });

  describe('refuses bad files with a stable code and stores nothing (no row, no file, no audit)', () => {
    const cases: [string, () => Promise<ReturnType<TestApp['http']>>, number, string][] = [
      ['a PHP script named .jpg', async () => upload(editor, Buffer.from('<?php system($_GET["cmd"]); ?>\n'), 'shell.jpg', 'image/jpeg') as never, 415, 'IMAGE_UNSUPPORTED_TYPE'],
      [
        'an SVG (scriptable)',
        async () => upload(editor, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.png', 'image/png') as never,
        415,
        'IMAGE_UNSUPPORTED_TYPE',
      ],
      ['a zero-byte file', async () => upload(editor, Buffer.alloc(0), 'empty.jpg', 'image/jpeg') as never, 400, 'IMAGE_EMPTY'],
      ['a JPEG cut before its frame header', async () => upload(editor, (await fixture('sample.jpg')).subarray(0, 60), 'cut.jpg') as never, 400, 'IMAGE_CORRUPT'],
      ['a JPEG cut inside its scan', async () => upload(editor, (await fixture('sample-credited.jpg')).subarray(0, -2), 'cut2.jpg') as never, 400, 'IMAGE_CORRUPT'],
      ['a truncated PNG', async () => upload(editor, (await fixture('sample.png')).subarray(0, 40), 'cut.png') as never, 400, 'IMAGE_CORRUPT'],
      [
        'a file over IMAGE_MAX_BYTES',
        async () => upload(editor, Buffer.concat([await fixture('sample.jpg'), Buffer.alloc(MAX_BYTES)]), 'huge.jpg') as never,
        413,
        'IMAGE_TOO_LARGE',
      ],
      ['a JSON body', async () => t.http().post('/v1/admin/images').set(editor.auth).send({ file: 'aGVsbG8=' }) as never, 415, 'IMAGE_UPLOAD_NOT_MULTIPART'],
      ['a form without a file', async () => t.http().post('/v1/admin/images').set(editor.auth).field('altText', 'x') as never, 400, 'IMAGE_FILE_MISSING'],
      [
        'two files',
        async () =>
          t
            .http()
            .post('/v1/admin/images')
            .set(editor.auth)
            .attach('file', await fixture('sample.gif'), 'a.gif')
            .attach('file', await fixture('sample.png'), 'b.png') as never,
        413,
        'IMAGE_UPLOAD_TOO_MANY_PARTS',
      ],
      [
        'an unknown field',
        async () =>
          t
            .http()
            .post('/v1/admin/images')
            .set(editor.auth)
            .field('owner', 'x')
            .attach('file', await uniquePng(), 'c.png') as never,
        400,
        'IMAGE_INVALID_FIELD',
      ],
    ];
    for (const [name, send, status, code] of cases) {
      it(name, async () => {
        const before = await counts();
        const r = (await send()) as unknown as { status: number; body: { error: { code: string } } };
        expect(r.status).toBe(status);
        expect(r.body.error.code).toBe(code);
        expect(await counts()).toEqual(before);
      });
    }
  });

  it('needs images.write', async () => {
    const anonymous = await t
      .http()
      .post('/v1/admin/images')
      .attach('file', await fixture('sample.gif'), 'a.gif');
    expect(anonymous.status).toBe(401);
    expect((await t.http().get('/v1/admin/images')).status).toBe(401);
  });
});

describe('register by URL', () => {
  it('stores an https address without fetching it; the same URL twice is one image', async () => {
    // an unresolvable host: any server-side fetch would fail the request
    const url = `https://no-such-host.invalid/photos/${randomUUID()}.jpg`;
    const r = await t.http().post('/v1/admin/images/by-url').set(contributor.auth).send({ url, width: 1600, height: 900, altText: 'A harbour' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ source: 'url', url, width: 1600, height: 900, format: null, contentHash: null, altText: 'A harbour' });
    const again = await t.http().post('/v1/admin/images/by-url').set(editor.auth).send({ url });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(r.body.id);
  });

  it.each([
    ['http://example.org/a.jpg', 'IMAGE_URL_INVALID'],
    ['javascript:alert(1)', 'IMAGE_URL_INVALID'],
    ['https://user:secret@example.org/a.jpg', 'IMAGE_URL_INVALID'],
    ['file:///etc/passwd', 'IMAGE_URL_INVALID'],
  ])('refuses %s', async (url, code) => {
    const before = await counts();
    const r = await t.http().post('/v1/admin/images/by-url').set(editor.auth).send({ url });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    expect(await counts()).toEqual(before);
  });
});

describe('credit', () => {
  it('formats the three known credit lines from structured parties', async () => {
    const legrand = await party('person', 'Frederic Legrand');
    const comeo = await party('agency', 'COMEO');
    const shutterstock = await party('provider', 'Shutterstock.com');
    const matrix = await party('agency', 'Matrix Images');
    const qita = await party('person', 'Mohammed Qita');
    const voodison = await party('person', 'Voodison328');
    const shutterstockLower = await party('provider', 'shutterstock.com');

    const cases: [Record<string, unknown>, string][] = [
      [{ photographerId: legrand, agencyId: comeo, providerId: shutterstock, form: 'standard', label: 'image' }, 'Top image credit: Frederic Legrand - COMEO / Shutterstock.com'],
      [{ photographerId: qita, agencyId: matrix, form: 'standard', label: 'photo' }, 'Top photo credit: Matrix Images / Mohammed Qita'],
      [{ photographerId: voodison, providerId: shutterstockLower, form: 'via', url: 'https://www.shutterstock.com/image-photo/123' }, 'Voodison328 via shutterstock.com'],
    ];
    for (const [credit, line] of cases) {
      const id = await newImage();
      const r = await t.http().put(`/v1/admin/images/${id}/credit`).set(editor.auth).send(credit);
      expect(r.status).toBe(200);
      expect(r.body.creditLine).toBe(line);
      const got = await t.http().get(`/v1/admin/images/${id}`).set(contributor.auth);
      expect(got.body.creditLine).toBe(line);
      const view = await t.app.get(ImageUses).topImageView(t.app.get(Transactions).manager, id);
      expect(view!.creditLine).toBe(line);
    }
    // the agency is typed once: every image crediting COMEO points at the same record
    const dup = await t.http().post('/v1/admin/credit-parties').set(editor.auth).send({ kind: 'agency', name: '  COMEO ' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'CREDIT_PARTY_EXISTS', existingId: comeo });
  });

  it('refuses a party in the wrong slot or an unknown party, changing nothing', async () => {
    const id = await newImage();
    const person = await party('person', `P ${randomUUID()}`);
    const before = await t.sql(`SELECT credit_photographer_id, credit_agency_id FROM images WHERE id = $1`, [id]);
    const wrongKind = await t.http().put(`/v1/admin/images/${id}/credit`).set(editor.auth).send({ agencyId: person });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.code).toBe('CREDIT_PARTY_WRONG_KIND');
    expect(wrongKind.body.error.details[0].field).toBe('agencyId');
    const unknown = await t.http().put(`/v1/admin/images/${id}/credit`).set(editor.auth).send({ photographerId: randomUUID() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('CREDIT_PARTY_NOT_FOUND');
    const via = await t.http().put(`/v1/admin/images/${id}/credit`).set(editor.auth).send({ photographerId: person, form: 'via' });
    expect(via.status).toBe(400);
    expect(via.body.error.code).toBe('IMAGE_INVALID_FIELD');
    expect(await t.sql(`SELECT credit_photographer_id, credit_agency_id FROM images WHERE id = $1`, [id])).toEqual(before);
    expect(await outboxFor(id)).toEqual([]);
  });

  it('lets contributors credit their own images but not others, nor manage parties', async () => {
    const mine = await newImage(contributor);
    const theirs = await newImage(editor);
    const photographer = await party('person', `C ${randomUUID()}`);
    const ok = await t.http().put(`/v1/admin/images/${mine}/credit`).set(contributor.auth).send({ photographerId: photographer });
    expect(ok.status).toBe(200);
    const refused = await t.http().put(`/v1/admin/images/${theirs}/credit`).set(contributor.auth).send({ photographerId: photographer });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('IMAGE_NOT_OWNER');
    expect((await t.sql(`SELECT credit_photographer_id FROM images WHERE id = $1`, [theirs]))[0]).toEqual({ credit_photographer_id: null });
    const createParty = await t.http().post('/v1/admin/credit-parties').set(contributor.auth).send({ kind: 'person', name: 'Sneaky' });
    expect(createParty.status).toBe(403);
    const list = await t.http().get('/v1/admin/credit-parties?kind=person&q=c ').set(contributor.auth);
    expect(list.status).toBe(200);
    expect(list.body.map((p: { id: string }) => p.id)).toContain(photographer);
    expect(list.body.every((p: { kind: string }) => p.kind === 'person')).toBe(true);
  });
});

describe('metadata, uses and change events', () => {
  it('searches the library by alt text, caption, licensor and credited party, paged; LIKE wildcards are literal', async () => {
    const tag = randomUUID().slice(0, 8);
    const [a, b, c] = [await newImage(), await newImage(), await newImage()];
    expect(
      (
        await t
          .http()
          .patch(`/v1/admin/images/${a}`)
          .set(editor.auth)
          .send({ altText: `Harbour ${tag} at dawn` })
      ).status,
    ).toBe(200);
    expect(
      (
        await t
          .http()
          .patch(`/v1/admin/images/${b}`)
          .set(editor.auth)
          .send({ caption: `The ${tag}% summit` })
      ).status,
    ).toBe(200);
    const agency = await party('agency', `Agency ${tag}`);
    expect((await t.http().put(`/v1/admin/images/${c}/credit`).set(editor.auth).send({ agencyId: agency })).status).toBe(200);
    expect(
      (
        await t
          .http()
          .put(`/v1/admin/images/${a}/license`)
          .set(editor.auth)
          .send({ licensor: `Licensor ${tag}` })
      ).status,
    ).toBe(200);
    const ids = async (q: string, limit = 50): Promise<string[]> => {
      const r = await t.http().get('/v1/admin/images').query({ q, limit }).set(editor.auth);
      expect(r.status).toBe(200);
      return r.body.items.map((i: { id: string }) => i.id);
    };
    expect(await ids(tag)).toEqual([c, b, a]); // newest first
    expect(await ids(`harbour ${tag.toUpperCase()}`)).toEqual([a]);
    expect(await ids(`agency ${tag}`)).toEqual([c]);
    expect(await ids(`licensor ${tag}`)).toEqual([a]);
    expect(await ids(`${tag}%`)).toEqual([b]); // the % is the caption's, not a wildcard
    expect(await ids(`${tag}_`)).toEqual([]);
    // keyset paging within a search
    const first = await t.http().get('/v1/admin/images').query({ q: tag, limit: 2 }).set(editor.auth);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([c, b]);
    const rest = await t.http().get('/v1/admin/images').query({ q: tag, limit: 2, cursor: first.body.nextCursor }).set(editor.auth);
    expect(rest.body).toMatchObject({ items: [{ id: a }], nextCursor: null });
    const tooLong = await t
      .http()
      .get('/v1/admin/images')
      .query({ q: 'x'.repeat(201) })
      .set(editor.auth);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('edits alt text, caption and focal point, audited; refuses a focal point outside the image', async () => {
    const id = await newImage(contributor);
    const r = await t
      .http()
      .patch(`/v1/admin/images/${id}`)
      .set(contributor.auth)
      .send({ altText: 'Macron and Merz', caption: 'In Kyiv.', focalPoint: { x: 0.25, y: 0.4 } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ altText: 'Macron and Merz', caption: 'In Kyiv.', focalPoint: { x: 0.25, y: 0.4 } });
    const [audit] = await t.sql<{ summary: { before: object; after: object } }>(`SELECT summary FROM audit_log WHERE action = 'image.update' AND target_id = $1`, [id]);
    expect(audit!.summary.before).toMatchObject({ altText: null, caption: null });
    expect(audit!.summary.after).toMatchObject({ altText: 'Macron and Merz', caption: 'In Kyiv.' });

    const bad = await t
      .http()
      .patch(`/v1/admin/images/${id}`)
      .set(contributor.auth)
      .send({ focalPoint: { x: 1.5, y: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const other = await t.http().patch(`/v1/admin/images/${id}`).set(contributor.auth).send({ altText: 'x', owner: 'me' });
    expect(other.status).toBe(400);
    const [row] = await t.sql(`SELECT alt_text, focal_x FROM images WHERE id = $1`, [id]);
    expect(row).toEqual({ alt_text: 'Macron and Merz', focal_x: 0.25 });
    const otherOwner = await t
      .http()
      .patch(`/v1/admin/images/${id}`)
      .set((await actingAs(t, 'contributor')).auth)
      .send({ altText: 'mine now' });
    expect(otherOwner.status).toBe(403);
    expect(otherOwner.body.error.code).toBe('IMAGE_NOT_OWNER');
    // editors may edit anyone's
    expect((await t.http().patch(`/v1/admin/images/${id}`).set(editor.auth).send({ caption: 'In Kyiv, May 10.' })).status).toBe(200);
  });

  it('records uses, lists where an image is used, and emits image.changed to refresh them', async () => {
    const images = t.app.get(ImageUses);
    const tx = t.app.get(Transactions);
    const top = await newImage();
    const inline = await newImage();
    const article = randomUUID();
    const teaser = randomUUID();
    await tx.run((m) =>
      images.setUses(m, {
        usageType: 'article',
        usageId: article,
        uses: [
          { imageId: top, role: 'top', captionOverride: 'Caption for this piece.' },
          { imageId: inline, role: 'inline' },
        ],
      }),
    );
    await tx.run((m) => images.setUses(m, { usageType: 'teaser', usageId: teaser, uses: [{ imageId: top, role: 'teaser', creditOverride: 'Pool photo' }] }));

    const uses = await t.http().get(`/v1/admin/images/${top}/uses`).set(editor.auth);
    expect(uses.status).toBe(200);
    expect(uses.body).toEqual([
      { usageType: 'article', usageId: article, role: 'top', position: 0, captionOverride: 'Caption for this piece.', creditOverride: null },
      { usageType: 'teaser', usageId: teaser, role: 'teaser', position: 0, captionOverride: null, creditOverride: 'Pool photo' },
    ]);

    const agency = await party('agency', `Agency ${randomUUID()}`);
    await t.http().patch(`/v1/admin/images/${top}`).set(editor.auth).send({ caption: 'Default caption.' });
    await t.http().put(`/v1/admin/images/${top}/credit`).set(editor.auth).send({ agencyId: agency });
    const views = await images.renderForUsage(tx.manager, { usageType: 'article', usageId: article });
    expect(views.map((v) => [v.id, v.role, v.caption, v.creditLine])).toEqual([
      [top, 'top', 'Caption for this piece.', expect.stringMatching(/^Top image credit: Agency /)],
      [inline, 'inline', null, null],
    ]);
    const teaserView = (await images.renderForUsage(tx.manager, { usageType: 'teaser', usageId: teaser }))[0]!;
    expect([teaserView.caption, teaserView.creditLine]).toEqual(['Default caption.', 'Pool photo']);

    // renaming the party refreshes too; a no-op edit emits nothing
    await t.http().patch(`/v1/admin/credit-parties/${agency}`).set(editor.auth).send({ name: 'Renamed Agency' });
    await t.http().patch(`/v1/admin/images/${top}`).set(editor.auth).send({ caption: 'Default caption.' });
    const events = (await outboxFor(top)).map((e) => e.payload);
    const usages = [
      { usageType: 'article', usageId: article },
      { usageType: 'teaser', usageId: teaser },
    ];
    expect(events).toEqual([
      { imageId: top, usages, changed: ['caption'] },
      { imageId: top, usages, changed: ['credit'] },
      { imageId: top, usages, changed: ['credit_party'] },
    ]);
    expect((await images.topImageView(tx.manager, top))!.creditLine).toBe('Top image credit: Renamed Agency');

    // a used image cannot be deleted, and its party cannot either
    const del = await t.http().delete(`/v1/admin/images/${top}`).set(editor.auth);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('IMAGE_IN_USE');
    const delParty = await t.http().delete(`/v1/admin/credit-parties/${agency}`).set(editor.auth);
    expect(delParty.status).toBe(409);
    expect(delParty.body.error.code).toBe('CREDIT_PARTY_IN_USE');

    // replacing an article's uses drops the old ones
    await tx.run((m) => images.setUses(m, { usageType: 'article', usageId: article, uses: [] }));
    expect((await t.http().get(`/v1/admin/images/${inline}/uses`).set(editor.auth)).body).toEqual([]);
  });

  it('setUses refuses unknown images and two top images, writing nothing', async () => {
    const images = t.app.get(ImageUses);
    const tx = t.app.get(Transactions);
    const id = await newImage();
    const article = randomUUID();
    const unknown = await tx
      .run((m) =>
        images.setUses(m, {
          usageType: 'article',
          usageId: article,
          uses: [
            { imageId: id, role: 'top' },
            { imageId: randomUUID(), role: 'inline' },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(DomainError);
    expect(unknown).toMatchObject({ kind: 'validation', code: 'IMAGE_NOT_FOUND', details: [{ field: 'uses[1].imageId' }] });
    const twoTops = await tx
      .run((m) =>
        images.setUses(m, {
          usageType: 'article',
          usageId: article,
          uses: [
            { imageId: id, role: 'top' },
            { imageId: id, role: 'top' },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(twoTops).toMatchObject({ code: 'IMAGE_INVALID_FIELD' });
    expect(await t.sql(`SELECT id FROM image_uses WHERE usage_id = $1`, [article])).toEqual([]);
  });

  it('deletes an unused image with its file', async () => {
    const bytes = await uniquePng();
    const r = await upload(editor, bytes, 'gone.png');
    const key = `${sha(bytes)}.png`;
    expect(await storedFiles()).toContain(join(key.slice(0, 2), key));
    expect((await t.http().delete(`/v1/admin/images/${r.body.id}`).set(contributor.auth)).status).toBe(403);
    expect((await t.http().delete(`/v1/admin/images/${r.body.id}`).set(editor.auth)).status).toBe(204);
    expect(await t.sql(`SELECT id FROM images WHERE id = $1`, [r.body.id])).toEqual([]);
    expect(await storedFiles()).not.toContain(join(key.slice(0, 2), key));
    const gone = await t.http().get(`/media/images/${key}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('MEDIA_NOT_FOUND');
    expect((await t.http().get('/media/images/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
    expect((await t.http().get(`/v1/admin/images/${r.body.id}`).set(editor.auth)).body.error.code).toBe('IMAGE_NOT_FOUND');
  });
});

describe('publish gate hook', () => {
  it('refuses a top image without credit or alt text, naming the missing part', async () => {
    const images = t.app.get(ImageUses);
    const m = t.app.get(Transactions).manager;
    const id = await newImage();
    const refusal = (imageId: string, use?: { creditOverride?: string }) =>
      images.assertUsableAsTopImage(m, imageId, use).then(
        () => null,
        (e: unknown) => e as DomainError,
      );

    expect(await refusal(id)).toMatchObject({ kind: 'conflict', code: 'IMAGE_CREDIT_MISSING' });
    expect(await images.topImageProblem(m, id)).toBe('IMAGE_CREDIT_MISSING');
    await t
      .http()
      .put(`/v1/admin/images/${id}/credit`)
      .set(editor.auth)
      .send({ photographerId: await party('person', `G ${randomUUID()}`) });
    expect(await refusal(id)).toMatchObject({ kind: 'conflict', code: 'IMAGE_ALT_TEXT_MISSING' });
    await t.http().patch(`/v1/admin/images/${id}`).set(editor.auth).send({ altText: 'Described.' });
    expect(await refusal(id)).toBeNull();
    expect(await refusal(randomUUID())).toMatchObject({ kind: 'not_found', code: 'IMAGE_NOT_FOUND' });

    // a per-use credit override counts as a credit; alt text is always needed
    const uncredited = await newImage();
    await t.http().patch(`/v1/admin/images/${uncredited}`).set(editor.auth).send({ altText: 'Described.' });
    expect(await refusal(uncredited, { creditOverride: 'Handout' })).toBeNull();
    await expect(images.requireImage(m, randomUUID())).rejects.toMatchObject({ kind: 'validation', code: 'IMAGE_NOT_FOUND', details: [{ field: 'topImageId' }] });
  });
});

describe('licenses', () => {
  const day = 86_400_000;
  let expired: string;
  let soon: string;
  let later: string;
  let article: string;

  beforeAll(async () => {
    [expired, soon, later] = await Promise.all([newImage(), newImage(), newImage()]);
    await newImage(); // no license at all
    const set = (id: string, body: object) => t.http().put(`/v1/admin/images/${id}/license`).set(editor.auth).send(body);
    expect((await set(expired, { licensor: 'Shutterstock', terms: 'Editorial 1', canSyndicate: false, expiresAt: new Date(Date.now() - 2 * day).toISOString() })).status).toBe(200);
    expect((await set(soon, { licensor: 'Matrix Images', terms: 'RM-22', canSyndicate: true, expiresAt: new Date(Date.now() + 5 * day).toISOString() })).status).toBe(200);
    expect((await set(later, { licensor: 'AFP', expiresAt: new Date(Date.now() + 60 * day).toISOString() })).status).toBe(200);
    article = randomUUID();
    await t.app.get(Transactions).run((m) => t.app.get(ImageUses).setUses(m, { usageType: 'article', usageId: article, uses: [{ imageId: soon, role: 'top' }] }));
  });

  it('stores the license and emits image.changed', async () => {
    const r = await t.http().get(`/v1/admin/images/${soon}`).set(editor.auth);
    expect(r.body.license).toMatchObject({ licensor: 'Matrix Images', terms: 'RM-22', canSyndicate: true });
    expect((await outboxFor(later)).map((e) => e.payload.changed)).toEqual([['license']]);
    const refused = await t.http().put(`/v1/admin/images/${soon}/license`).set(contributor.auth).send({ licensor: 'x' });
    expect(refused.status).toBe(403);
    const bad = await t.http().put(`/v1/admin/images/${soon}/license`).set(editor.auth).send({ expiresAt: 'next tuesday' });
    expect(bad.status).toBe(400);
  });

  it('reports licenses that expired or expire within N days, with their usages', async () => {
    const ids = (body: { items: { imageId: string }[] }) => body.items.map((i) => i.imageId).filter((id) => [expired, soon, later].includes(id));
    const r10 = await t.http().get('/v1/admin/images/license-report?withinDays=10').set(editor.auth);
    expect(r10.status).toBe(200);
    expect(r10.body.withinDays).toBe(10);
    expect(ids(r10.body)).toEqual([expired, soon]);
    const [e, s] = r10.body.items.filter((i: { imageId: string }) => [expired, soon].includes(i.imageId));
    expect(e).toMatchObject({ expired: true, daysLeft: -2, licensor: 'Shutterstock', usages: [] });
    expect(s).toMatchObject({ expired: false, daysLeft: 4, licensor: 'Matrix Images', usages: [{ usageType: 'article', usageId: article, role: 'top' }] });
    expect(ids((await t.http().get('/v1/admin/images/license-report?withinDays=90').set(admin.auth)).body)).toEqual([expired, soon, later]);
    expect(ids((await t.http().get('/v1/admin/images/license-report?withinDays=0').set(editor.auth)).body)).toEqual([expired]);
    expect((await t.http().get('/v1/admin/images/license-report?withinDays=soon').set(editor.auth)).status).toBe(400);
    expect((await t.http().get('/v1/admin/images/license-report').set(contributor.auth)).status).toBe(403);
  });

  it('the nightly sweep raises expired and expiring licenses in the audit log as the system', async () => {
    const sweep = t.app.get(LicenseSweep);
    await sweep.run();
    const rows = await t.sql<{ target_id: string; action: string; actor_id: string | null; actor_label: string; summary: { usages: unknown[] } }>(
      `SELECT target_id, action, actor_id, actor_label, summary FROM audit_log WHERE action LIKE 'image.license_ex%' AND target_id = ANY($1) ORDER BY action, target_id`,
      [[expired, soon, later]],
    );
    expect(rows.map((r) => [r.target_id, r.action, r.actor_id, r.actor_label])).toEqual([
      [expired, 'image.license_expired', null, 'system'],
      [soon, 'image.license_expiring', null, 'system'],
    ]);
    expect(rows[1]!.summary.usages).toEqual([{ usageType: 'article', usageId: article, role: 'top' }]);

    // many workers asking the same day store one job
    const first = await sweep.enqueue();
    const second = await sweep.enqueue();
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    const jobs = await t.sql(`SELECT id FROM "${t.schema}_jobs".job WHERE name = $1`, [LICENSE_SWEEP_QUEUE]);
    expect(jobs).toHaveLength(1);
  });
});
