import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '#libs/outbox';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { SmtpInbox } from '../support/smtp-inbox.js';

/**
 * `invite` (issue 21: "invited accounts only behind an explicit option"): never by default; with
 * `invite=true` every author with a usable e-mail in the export and no account gets the normal
 * invitation (an invited contributor account linked to the profile, a mailed single-use link,
 * over real SMTP here); authors without one are reported; a rerun invites no one twice.
 */
const BASE = 'https://mag.example';
let t: TestApp;
let admin: Credential;
let existing: Credential;
let scratch: string;
let file: string;
const inbox = new SmtpInbox();

const author = (login: string, email: string, name: string) =>
  `<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[${login}]]></wp:author_login><wp:author_email><![CDATA[${email}]]></wp:author_email><wp:author_display_name><![CDATA[${name}]]></wp:author_display_name></wp:author>`;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'wp-invite-'));
  const port = await inbox.start();
  t = await createTestApp({
    worker: true,
    env: {
      MAIL_TRANSPORT: 'smtp',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      MAIL_FROM: 'The Magazine <desk@mag.example>',
      PUBLIC_BASE_URL: BASE,
      IMPORT_STORAGE_DIR: path.join(scratch, 'imports'),
    },
  });
  admin = await actingAs(t, 'admin', { displayName: 'Ada Admin' });
  existing = await actingAs(t, 'editor');
  file = path.join(scratch, 'export.xml');
  await writeFile(
    file,
    `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Invites</title><link>https://invite.example.org</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://invite.example.org</wp:base_site_url>
${author('jdoe', ' Jane.Doe@Invite.Example.org ', 'Jane Doe')}
${author('nomail', '', 'No Mail')}
${author('bad', 'not-an-address', 'Bad Address')}
${author('staff', existing.email, 'Already Staff')}
<item><title>A piece</title><dc:creator><![CDATA[jdoe]]></dc:creator><content:encoded><![CDATA[Text.]]></content:encoded><wp:post_id>5</wp:post_id><wp:post_date_gmt>2024-01-02 10:00:00</wp:post_date_gmt><wp:post_name>a-piece</wp:post_name><wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>
`,
  );
});
afterAll(async () => {
  await t?.close();
  await inbox.stop();
});

interface Run {
  status: string;
  invite: boolean;
  error: unknown;
  report: { counts: Record<string, Record<string, number>>; entries: { ref: string; code: string }[] };
}

async function importOverHttp(fields: Record<string, string>): Promise<Run> {
  const req = t.http().post('/v1/admin/imports').set(admin.auth).attach('file', file);
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  for (;;) {
    const r = await t.http().get(`/v1/admin/imports/${res.body.id}`).set(admin.auth);
    if (r.body.status === 'succeeded' || r.body.status === 'failed') return r.body as Run;
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** Relays the outbox until nothing for mail is pending (the mail then went to the SMTP inbox). */
async function relayMail(): Promise<void> {
  const relay = t.app.get(OutboxRelay);
  for (let i = 0; i < 50; i++) {
    await relay.tick();
    const [p] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_messages WHERE topic = 'mail.send' AND delivered_at IS NULL AND dead_at IS NULL`);
    if (p!.n === 0) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error('mail still pending');
}

const JANE = 'jane.doe@invite.example.org';
const accountsOf = (email: string) => t.sql<{ id: string; status: string; role: string }>(`SELECT id, status, role FROM accounts WHERE email = $1`, [email]);
const codeOf = (r: Run, ref: string) => r.report.entries.filter((e) => e.ref === ref && e.code.startsWith('INVITE')).map((e) => e.code);

describe('WordPress import: inviting the authors', () => {
  it('refuses an invite field that is not "true" or "false", and queues nothing', async () => {
    const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM wordpress_imports`);
    const res = await t.http().post('/v1/admin/imports').set(admin.auth).attach('file', file).field('invite', 'yes');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('IMPORT_INVALID_FIELD');
    expect(res.body.error.details).toEqual([{ field: 'invite', message: 'must be "true" or "false"' }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM wordpress_imports`)).toEqual(before);
  });

  it('invites no one by default, nor in a dry run', async () => {
    const dry = await importOverHttp({ invite: 'true', dryRun: 'true' });
    expect(dry.status).toBe('succeeded');
    expect(dry.invite).toBe(true);
    // the report says what a real run would do
    expect(dry.report.counts.invite).toMatchObject({ created: 1, skipped: 3 });
    const plain = await importOverHttp({});
    expect(plain.status).toBe('succeeded');
    expect(plain.invite).toBe(false);
    expect(plain.report.counts.invite).toBeUndefined();
    expect(plain.report.counts.author).toMatchObject({ created: 4 });
    await relayMail();
    expect(await accountsOf(JANE)).toEqual([]);
    expect(inbox.received).toEqual([]);
  });

  it('with invite=true mails each author with an e-mail the normal invitation; the link activates a contributor linked to the profile', async () => {
    const run = await importOverHttp({ invite: 'true' });
    expect(run.error).toBeNull();
    expect(run.report.counts.invite).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: 3, failed: 0 });
    expect(codeOf(run, 'author:nomail')).toEqual(['INVITE_NO_EMAIL']);
    expect(codeOf(run, 'author:bad')).toEqual(['INVITE_EMAIL_INVALID']);
    expect(codeOf(run, 'author:staff')).toEqual(['INVITE_ACCOUNT_EXISTS']);
    expect(codeOf(run, 'author:jdoe')).toEqual([]);

    const [account] = await accountsOf(JANE);
    expect(account).toMatchObject({ status: 'invited', role: 'contributor' });
    const profile = await t.sql<{ account_id: string | null }>(`SELECT account_id FROM contributors WHERE slug = 'jdoe'`);
    expect(profile).toEqual([{ account_id: account!.id }]);
    // the existing account was not touched, and its profile was not linked
    expect(await t.sql(`SELECT account_id FROM contributors WHERE slug = 'staff'`)).toEqual([{ account_id: null }]);
    const audit = await t.sql<{ action: string; actor_id: string }>(`SELECT action, actor_id FROM audit_log WHERE target_id = $1 ORDER BY at`, [account!.id]);
    expect(audit).toEqual([{ action: 'account.invite', actor_id: admin.accountId }]);

    await relayMail();
    expect(inbox.received.map((m) => m.envelopeTo)).toEqual([[JANE]]);
    const mail = inbox.received[0]!.parsed;
    expect(mail.text).toContain('Ada Admin invited you');
    const token = new RegExp(`${BASE}/accept-invite\\?token=([A-Za-z0-9_%-]+)`).exec(mail.text ?? '')?.[1];
    expect(token).toBeTruthy();
    const accepted = await t
      .http()
      .post('/v1/auth/invites/accept')
      .send({ token: decodeURIComponent(token!), password: 'a long enough password' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(204);
    const login = await t.http().post('/v1/auth/login').send({ email: JANE, password: 'a long enough password' });
    expect(login.status).toBe(200);
  });

  it('a rerun with invite=true invites no one twice', async () => {
    const again = await importOverHttp({ invite: 'true' });
    expect(again.report.counts.invite).toMatchObject({ created: 0, skipped: 4 });
    expect(codeOf(again, 'author:jdoe')).toEqual(['INVITE_ACCOUNT_EXISTS']);
    await relayMail();
    expect(inbox.received).toHaveLength(1);
    expect(await accountsOf(JANE)).toHaveLength(1);
  });
});
