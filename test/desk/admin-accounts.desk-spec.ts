import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, type Credential, type TestApp } from '../support/app-harness.js';
import { SmtpInbox } from '../support/smtp-inbox.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

const BASE = 'https://cms.example.org';

describe('the desk: accounts (admin only)', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: Credential;
  let writer: Credential;
  const inbox = new SmtpInbox();

  beforeAll(async () => {
    const port = await inbox.start();
    // the relay runs in-process and sends over real SMTP to the test inbox
    t = await deskApp({
      worker: true,
      env: { MAIL_TRANSPORT: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), MAIL_FROM: 'Desk <desk@mag.example>', PUBLIC_BASE_URL: BASE },
    });
    browser = await launch();
    admin = await actingAs(t, 'admin', { displayName: 'Ana Admin' });
    writer = await actingAs(t, 'contributor', { displayName: 'Wes Writer' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await inbox.stop();
  });

  /** The accept-invite link in the newest mail to `email`, as a path on this server. */
  const linkIn = async (email: string, count: number): Promise<string> => {
    await until(() => inbox.to(email).length, { timeout: 30_000 }).toBe(count);
    const text = inbox.to(email)[count - 1]!.parsed.text ?? '';
    const m = /https:\/\/cms\.example\.org(\/accept-invite\?token=[A-Za-z0-9%_-]+)/.exec(text);
    if (!m) throw new Error(`no invitation link in: ${text}`);
    return m[1]!;
  };

  it('an admin invites an editor, who accepts from the link in the mail and signs in', async () => {
    const a = await openDesk(browser, t);
    await signIn(a, admin);
    const adminNav = a.page.getByRole('navigation', { name: 'Admin' });
    await adminNav.getByRole('link', { name: 'Accounts' }).click();
    await a.page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await until(() => a.page.getByRole('table', { name: 'Accounts' }).getByRole('row').count()).toBe(3);

    // a bad address: the words beside the field, what was typed stays
    const email = 'erin.new@test.example';
    const form = a.page.getByRole('form', { name: 'Invite someone' });
    await form.getByLabel('E-mail').fill(writer.email.toUpperCase());
    await form.getByLabel('Display name').fill('Erin New');
    await form.getByLabel('Role').selectOption('editor');
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    await until(() => form.getByRole('alert').first().textContent()).toMatch(/ACCOUNT_EMAIL_TAKEN/);
    expect(await form.getByLabel('Display name').inputValue()).toBe('Erin New');
    expect(await form.getByLabel('Role').inputValue()).toBe('editor');
    await screen(a, 'admin-accounts-invite-error');

    await form.getByLabel('E-mail').fill(email);
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    await until(() => form.getByRole('status').textContent()).toMatch(/Invitation mailed to erin\.new@test\.example as editor/);
    const row = a.page.getByRole('row', { name: /Erin New/ });
    await until(() => row.getByText('invited', { exact: true }).count()).toBe(1);
    const first = await linkIn(email, 1);

    // resend: a second mail, the first link dies
    await row.getByRole('button', { name: 'Resend the invitation to Erin New' }).click();
    await until(() => row.getByRole('status').textContent()).toMatch(/fresh invitation/);
    const link = await linkIn(email, 2);
    expect(link).not.toBe(first);
    expect(inbox.to(email)[1]!.parsed.subject).toMatch(/invitation/i);
    await screen(a, 'admin-accounts');

    // the invited editor opens the link in a browser of their own
    const e = await openDesk(browser, t);
    await e.page.goto(first);
    await e.page.getByLabel('New password').fill('a long enough password');
    await e.page.getByLabel('Repeat the password').fill('a long enough password');
    await e.page.getByRole('button', { name: 'Accept the invitation' }).click();
    await until(() => e.page.getByRole('alert').textContent()).toMatch(/ACCOUNT_TOKEN_INVALID/);
    await e.page.goto(link);
    await e.page.getByLabel('New password').fill('a long enough password');
    await e.page.getByLabel('Repeat the password').fill('a long enough password');
    await e.page.getByRole('button', { name: 'Accept the invitation' }).click();
    await e.page.getByRole('link', { name: 'Sign in' }).click();
    await e.page.getByLabel('Email').fill(email);
    await e.page.getByLabel('Password').fill('a long enough password');
    await e.page.getByRole('button', { name: 'Sign in' }).press('Enter');
    await until(() => e.page.locator('.who').textContent()).toMatch(/Erin New \(editor\)/);
    // an editor manages no accounts: the link is not offered, the address explains
    expect(await e.page.getByRole('link', { name: 'Accounts' }).count()).toBe(0);
    await e.page.goto('/desk/admin/accounts');
    await until(() => e.page.getByRole('alert').textContent()).toMatch(/role editor, which may not invite people and manage their accounts/);

    // back on the admin's screen: active now, and the role changes
    await a.page.reload();
    await until(() => row.getByText('active', { exact: true }).count()).toBe(1);
    await row.getByLabel('Role of Erin New').selectOption('contributor');
    await row.getByRole('button', { name: 'Change role of Erin New' }).click();
    await until(() => row.getByRole('status').textContent()).toMatch(/Now contributor/);
    expect((await t.http().get('/v1/auth/me').set(admin.auth)).status).toBe(200);

    // deactivate: the dialog spells out what ends; she is signed out
    await row.getByRole('button', { name: 'Deactivate Erin New' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Deactivate Erin New?' });
    await until(() => dialog.textContent()).toMatch(/signed out on every device.*preview links.*What stays: the account, its articles, bylines and audit history/s);
    await screen(a, 'admin-accounts-deactivate');
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await until(() => row.getByText('deactivated', { exact: true }).count()).toBe(1);
    const status = await t.sql<{ status: string }>(`SELECT status FROM accounts WHERE email = $1`, [email]);
    expect(status).toEqual([{ status: 'deactivated' }]);
    await row.getByRole('button', { name: 'Reactivate Erin New' }).click();
    await until(() => row.getByText('active', { exact: true }).count()).toBe(1);
    await until(() => row.getByRole('status').textContent()).toMatch(/Active again/);

    // the last-admin rule, as the API answers it
    const me = a.page.getByRole('row', { name: /Ana Admin \(you\)/ });
    await me.getByLabel('Role of Ana Admin').selectOption('editor');
    await me.getByRole('button', { name: 'Change role of Ana Admin' }).click();
    await until(() => me.getByRole('alert').textContent()).toMatch(/The last active admin cannot be demoted\. ACCOUNT_LAST_ADMIN/);
    await me.getByRole('button', { name: 'Deactivate Ana Admin' }).click();
    const selfDialog = a.page.getByRole('dialog', { name: 'Deactivate Ana Admin?' });
    await selfDialog.getByRole('button', { name: 'Deactivate' }).click();
    await until(() => selfDialog.getByRole('alert').textContent()).toMatch(/The last active admin cannot be deactivated\. ACCOUNT_LAST_ADMIN/);
    await screen(a, 'admin-accounts-last-admin');
    await selfDialog.getByRole('button', { name: 'Cancel' }).press('Enter');
    expect(await selfDialog.count()).toBe(0);
    expect((await t.sql<{ role: string; status: string }>(`SELECT role, status FROM accounts WHERE id = $1`, [admin.accountId]))[0]).toEqual({ role: 'admin', status: 'active' });
    expect([...a.problems, ...e.problems]).toEqual([]);
  });

  it('a contributor sees none of the admin screens; one reached by address says why', async () => {
    const w = await openDesk(browser, t);
    await signIn(w, writer);
    expect(await w.page.getByRole('navigation', { name: 'Admin' }).count()).toBe(0);
    await w.page.goto('/desk/admin/accounts');
    await until(() => w.page.getByRole('alert').textContent()).toMatch(
      /signed in as Wes Writer with the role contributor, which may not invite people and manage their accounts \(it needs the permission accounts\.manage\)/,
    );
    // nothing was asked of the API it would refuse
    await screen(w, 'admin-forbidden');
    expect(w.problems).toEqual([]);
  });
});
