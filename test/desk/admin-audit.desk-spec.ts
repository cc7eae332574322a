import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, type Credential, type TestApp } from '../support/app-harness.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

describe('the desk: audit log', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: Credential;
  let editor: Credential;
  let targetId: string;

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    admin = await actingAs(t, 'admin', { displayName: 'Ana Admin' });
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    for (let i = 0; i < 30; i++)
      expect(
        (
          await t
            .http()
            .post('/v1/admin/tags')
            .set(editor.auth)
            .send({ name: `Tag ${i}`, kind: 'topic' })
        ).status,
      ).toBe(201);
    const inv = await t.http().post('/v1/admin/accounts').set(admin.auth).send({ email: 'audited@test.example', displayName: 'Audited Person', role: 'contributor' });
    targetId = inv.body.id;
    expect((await t.http().put(`/v1/admin/accounts/${targetId}/role`).set(admin.auth).send({ role: 'editor' })).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const entries = (p: import('playwright-core').Page) => p.getByRole('list', { name: 'Audit entries, newest first' }).getByRole('listitem');

  it('an admin pages through the log, filters it by action prefix, actor, target and dates, and reads a change as a diff', async () => {
    const a = await openDesk(browser, t);
    await signIn(a, admin);
    await a.page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log' }).click();
    const total = (await t.http().get('/v1/admin/audit-log').query({ limit: 100 }).set(admin.auth)).body.items.length as number;
    expect(total).toBeGreaterThan(25);
    await until(() => entries(a.page).count()).toBe(25);
    await a.page.getByRole('button', { name: 'Older entries' }).click();
    await until(() => entries(a.page).count()).toBe(total);
    expect(await a.page.getByRole('button', { name: 'Older entries' }).count()).toBe(0);

    // action prefix
    const form = a.page.getByRole('form', { name: 'Filter the audit log' });
    await form.getByLabel('Action').fill('account.*');
    await form.getByRole('button', { name: 'Apply the filters' }).click();
    await until(async () => (await entries(a.page).locator('summary strong').allTextContents()).join(',')).toBe('account.role_change,account.invite');
    expect(a.page.url()).toContain('action=account.*');

    // the role change as a diff: the field, before, after, and in words what happened
    const change = entries(a.page).first();
    await change.locator('summary').click();
    const diff = change.getByRole('table', { name: 'Change made by account.role_change' });
    await until(() => diff.getByRole('row', { name: /^role/ }).textContent()).toBe('rolecontributoreditorchanged');
    await screen(a, 'admin-audit');

    // target id, then actor
    await form.getByLabel('Action').fill('');
    await form.getByLabel('Target id').fill(targetId);
    await form.getByRole('button', { name: 'Apply the filters' }).click();
    await until(() => entries(a.page).count()).toBe(2);
    await form.getByLabel('Target id').fill('');
    await form.getByLabel('Actor').fill(editor.email);
    await form.getByRole('button', { name: 'Apply the filters' }).click();
    const byEditor = (await t.http().get('/v1/admin/audit-log').query({ actor: editor.email, limit: 100 }).set(admin.auth)).body.items.length as number;
    expect(byEditor).toBe(31); // 30 tags and the login
    await until(() => entries(a.page).count()).toBe(25);
    expect(new Set(await entries(a.page).locator('summary').allTextContents()).size).toBe(25);
    for (const s of await entries(a.page).locator('summary').allTextContents()) expect(s).toContain(`by ${editor.email}`);

    // dates the wrong way round: the API's words beside them, what was typed stays
    await form.getByLabel('From', { exact: true }).fill('2030-01-02T10:00');
    await form.getByLabel('To', { exact: true }).fill('2030-01-01T10:00');
    await form.getByRole('button', { name: 'Apply the filters' }).click();
    await until(() => form.getByRole('alert').first().textContent()).toMatch(/`from` must be before `to`\. \(AUDIT_FILTER_INVALID\)/);
    expect(await form.getByLabel('Actor').inputValue()).toBe(editor.email);
    expect(await form.getByLabel('From', { exact: true }).inputValue()).toBe('2030-01-02T10:00');
    await screen(a, 'admin-audit-bad-dates');
    // a window in the past holds nothing
    await form.getByLabel('From', { exact: true }).fill('2020-01-01T10:00');
    await form.getByLabel('To', { exact: true }).fill('2020-01-02T10:00');
    await form.getByRole('button', { name: 'Apply the filters' }).click();
    await until(() => a.page.getByText('No entry matches.').count()).toBe(1);
    expect(a.problems).toEqual([]);
  });

  it('an editor is not offered the audit log', async () => {
    const e = await openDesk(browser, t);
    await signIn(e, editor);
    await until(() => e.page.getByRole('navigation', { name: 'Admin' }).getByRole('link').allTextContents()).toEqual(['Contributors', 'Taxonomy', 'Newsletter', 'Campaigns']);
    await e.page.goto('/desk/admin/audit');
    await until(() => e.page.getByRole('alert').textContent()).toMatch(/role editor, which may not read the audit log/);
  });
});
