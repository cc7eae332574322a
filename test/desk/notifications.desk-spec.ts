import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { NOTIFICATION_SOURCE_TOPICS } from '#libs/notifications';
import { OutboxRelay } from '#libs/outbox';
import { actingAs, type Credential, type TestApp } from '../support/app-harness.js';
import { SmtpInbox } from '../support/smtp-inbox.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

/**
 * The desk's inbox (issue 24): an editor's change request reaches the writer's inbox with its
 * comment, opening it leads to the piece and reads it, and the preferences screen decides
 * what arrives (off: nothing; inbox only: no mail).
 */

const TITLE = 'Changes requested: “Why the coalition of the willing needs a budget”';
const TOPICS = [...NOTIFICATION_SOURCE_TOPICS, 'mail.send'];
const smtp = new SmtpInbox();

describe('the desk: notifications inbox and preferences', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: Credential;
  let writer: Credential;
  let world: World;

  /** Runs the relay until no notification event or mail is waiting: after it, whatever will arrive has. */
  async function drain(): Promise<void> {
    const relay = t.app.get(OutboxRelay);
    const deadline = Date.now() + 20_000;
    for (;;) {
      await relay.tick();
      const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_messages WHERE topic = ANY($1) AND delivered_at IS NULL AND dead_at IS NULL`, [TOPICS]);
      if (row!.n === 0) return;
      if (Date.now() > deadline) throw new Error(`${row!.n} outbox messages still waiting`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const mailsTo = (who: Credential) => smtp.received.filter((m) => m.envelopeTo.includes(who.email)).map((m) => m.parsed.subject ?? '');
  const transition = async (who: Credential, id: string, action: string, extra: Record<string, unknown> = {}) => {
    const r = await act(t, who, id, action, extra);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };

  beforeAll(async () => {
    const port = await smtp.start();
    t = await deskApp({ env: { MAIL_TRANSPORT: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), PUBLIC_BASE_URL: 'https://mag.example', NOTIFY_CHECK_INTERVAL: '0' } });
    browser = await launch();
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    writer = await actingAs(t, 'contributor', { displayName: 'Wes Writer' });
    world = await makeWorld(t, editor, { contributorAccountId: writer.accountId });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp.stop();
  });

  it('an editor requests changes: the writer’s inbox shows it with the comment, opening it leads to the piece and clears it; preferences decide what comes', async () => {
    const created = await t
      .http()
      .post('/v1/admin/articles')
      .set(writer.auth)
      .send(completeArticle(world, { headline: 'Why the coalition of the willing needs a budget' }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    await transition(writer, id, 'submit');
    await drain();

    // the writer is signed in, nothing unread yet
    const w = await openDesk(browser, t);
    await signIn(w, writer);
    const bell = w.page.getByTestId('notification-bell');
    await until(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');

    // the editor requests changes in the desk
    const e = await openDesk(browser, t);
    await signIn(e, editor, `/desk/articles/${id}`);
    await e.page.getByRole('button', { name: 'Request changes' }).click();
    await e.page.getByLabel('Comment for the author (required)').fill('Please put a figure on the budget in the second paragraph.');
    await e.page.locator('.action-form').getByRole('button', { name: 'Request changes' }).click();
    await until(() => e.page.locator('.workflow .status').textContent()).toBe('draft');
    await e.page.getByRole('link', { name: 'Home' }).click(); // leaving releases the edit lock
    await drain();
    expect(mailsTo(writer)).toEqual([TITLE]);

    // the badge says so (after a reload: it also polls), and is announced by name
    await w.page.reload();
    await until(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    expect(await w.page.getByTestId('unread-badge').textContent()).toBe('1');
    // reached by keyboard: focus moves through the header to the bell, Enter opens the inbox
    await w.page.evaluate('document.activeElement && document.activeElement.blur()');
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      await w.page.keyboard.press('Tab');
      reached = (await w.page.evaluate('document.activeElement && document.activeElement.dataset.testid')) === 'notification-bell';
    }
    expect(reached, 'the bell is reachable by Tab').toBe(true);
    await w.page.keyboard.press('Enter');
    await w.page.getByRole('heading', { name: 'Notifications', exact: true }).waitFor();
    const items = w.page.getByTestId('notification');
    await until(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toContain(TITLE);
    expect(await items.first().textContent()).toContain('Please put a figure on the budget in the second paragraph.');
    expect(await items.first().textContent()).toContain('Unread');
    await screen(w, 'notifications-inbox');

    // opening it leads to the piece, where the comment waits, and reads it
    await w.page.getByRole('link', { name: TITLE }).click();
    await until(() => new URL(w.page.url()).pathname).toBe(`/desk/articles/${id}`);
    await until(() => w.page.getByTestId('change-request').textContent()).toContain('Please put a figure on the budget in the second paragraph.');
    await until(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    expect(await w.page.getByTestId('unread-badge').count()).toBe(0);
    const read = (await t.http().get('/v1/admin/notifications').set(writer.auth)).body;
    expect(read.unreadCount).toBe(0);
    expect(read.items[0].readAt).not.toBeNull();

    // preferences: changes requested in the inbox only (no mail), approvals off
    await bell.click();
    await w.page.getByRole('link', { name: 'Notification preferences' }).click();
    const changes = w.page.getByRole('group', { name: /Changes are requested on my piece/ });
    await until(() => changes.getByLabel('Mail immediately').isChecked()).toBe(true); // the contributor default
    await changes.getByLabel('Inbox only').check();
    await w.page
      .getByRole('group', { name: /My piece is approved/ })
      .getByLabel('Off')
      .check();
    await screen(w, 'notification-preferences');
    await w.page.getByRole('button', { name: 'Save preferences' }).click();
    await until(() => w.page.getByTestId('prefs-state').textContent()).toBe('Preferences saved.');
    await w.page.reload();
    await until(() =>
      w.page
        .getByRole('group', { name: /My piece is approved/ })
        .getByLabel('Off')
        .isChecked(),
    ).toBe(true);
    expect(
      await w.page
        .getByRole('group', { name: /Changes are requested on my piece/ })
        .getByLabel('Inbox only')
        .isChecked(),
    ).toBe(true);
    const prefs = (await t.http().get('/v1/admin/notifications/preferences').set(writer.auth)).body as { kinds: { kind: string; delivery: string }[] };
    expect(
      prefs.kinds
        .filter((k) => ['changes_requested', 'piece_approved'].includes(k.kind))
        .map((k) => `${k.kind}=${k.delivery}`)
        .sort(),
    ).toEqual(['changes_requested=inbox', 'piece_approved=off']);

    // respected: another change request arrives in the inbox but is not mailed; the approval not at all
    await transition(writer, id, 'submit');
    await transition(editor, id, 'request_changes', { comment: 'And cite the source of that figure.' });
    await transition(writer, id, 'submit');
    await transition(editor, id, 'approve');
    await drain();
    expect(mailsTo(writer)).toEqual([TITLE]);
    await w.page.goto('/desk/notifications');
    await until(() => items.count()).toBe(2);
    expect(await items.allTextContents()).toEqual([expect.stringContaining('And cite the source of that figure.'), expect.stringContaining('Please put a figure on the budget')]);
    const kinds = ((await t.http().get('/v1/admin/notifications').set(writer.auth)).body.items as { kind: string }[]).map((i) => i.kind);
    expect(kinds).toEqual(['changes_requested', 'changes_requested']);

    // mark all read clears the badge
    await until(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await w.page.getByRole('button', { name: 'Mark all read' }).click();
    await until(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    await until(() => w.page.getByTestId('unread-count').textContent()).toBe('0 unread');
    expect([...w.problems, ...e.problems]).toEqual([]);
  });

  it('pages by keyset: more notifications load on request, each once', async () => {
    // 23 change requests: a page is 20
    const writer2 = await actingAs(t, 'contributor', { displayName: 'Pat Prolific' });
    const r = await t
      .http()
      .post('/v1/admin/articles')
      .set(writer2.auth)
      .send(completeArticle(world, { headline: 'A piece many editors disagree about' }));
    expect(r.status).toBe(201);
    for (let i = 0; i < 23; i++) {
      await transition(writer2, r.body.id, 'submit');
      await transition(editor, r.body.id, 'request_changes', { comment: `Round ${i + 1} of changes.` });
    }
    await drain();
    const w = await openDesk(browser, t);
    await signIn(w, writer2, '/desk/notifications');
    const items = w.page.getByTestId('notification');
    await until(() => items.count()).toBe(20);
    await w.page.getByLabel('Unread only').check();
    await until(() => items.count()).toBe(20);
    await w.page.getByRole('button', { name: 'More notifications' }).click();
    await until(() => items.count()).toBe(23);
    const bodies = await w.page.locator('.notification-body').allTextContents();
    expect(new Set(bodies).size).toBe(23);
    // (one relay batch made them all: their order among themselves is the event time's)
    expect(
      bodies
        .map((b) => /Round (\d+) of/.exec(b)?.[1])
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(await w.page.getByRole('button', { name: 'More notifications' }).count()).toBe(0);
    // marking one read takes it out of the unread view's count
    await w.page
      .getByRole('button', { name: /^Mark read: / })
      .first()
      .click();
    await until(() => w.page.getByTestId('notification-bell').getAttribute('aria-label')).toBe('Notifications, 22 unread');
    expect(w.problems).toEqual([]);
  });
});
