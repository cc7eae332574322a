import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, contentKey, type Credential, type TestApp } from '../support/app-harness.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

describe('the desk: section order and deleting a webhook', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: Credential;
  let editor: Credential;

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    admin = await actingAs(t, 'admin', { displayName: 'Ana Admin' });
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    for (const name of ['Europe', 'Africa', 'Middle East']) expect((await t.http().post('/v1/admin/sections').set(editor.auth).send({ name })).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const order = async () => ((await t.http().get('/v1/admin/sections').set(editor.auth)).body as { name: string }[]).map((s) => s.name);

  it('an editor moves sections in the navigation order, by keyboard; the API and front-ends see it', async () => {
    expect(await order()).toEqual(['Europe', 'Africa', 'Middle East']);
    const e = await openDesk(browser, t);
    await signIn(e, editor, '/desk/admin/taxonomy');
    const box = e.page.getByRole('region', { name: 'Navigation order' });
    const listed = () => box.locator('.section-name').allTextContents();
    await until(listed).toEqual(['Europe', 'Africa', 'Middle East']);
    // by keyboard: focus the button, press Enter
    await box.getByRole('button', { name: 'Move Middle East up' }).focus();
    await e.page.keyboard.press('Enter');
    await until(() => box.getByRole('status').textContent()).toBe('Middle East is now number 2 of 3 in the navigation.');
    await until(listed).toEqual(['Europe', 'Middle East', 'Africa']);
    await box.getByRole('button', { name: 'Move Europe down' }).click();
    await until(listed).toEqual(['Middle East', 'Europe', 'Africa']);
    expect(await order()).toEqual(['Middle East', 'Europe', 'Africa']);
    const key = await contentKey(t, admin);
    const content = (await t.http().get('/v1/content/sections').set('X-Api-Key', key)).body as { items?: { name: string }[] } | { name: string }[];
    expect((Array.isArray(content) ? content : (content.items ?? [])).map((s) => s.name)).toEqual(['Middle East', 'Europe', 'Africa']);
    await screen(e, 'admin-taxonomy-order');
    expect(e.problems).toEqual([]);
  });

  it('an admin deletes a webhook after a confirmation that says what goes; cancelling keeps it', async () => {
    const made = await t
      .http()
      .post('/v1/admin/webhooks')
      .set(admin.auth)
      .send({ name: 'Old site build', url: 'https://build.example.org/hooks/old', events: ['publish'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.id as string;
    const a = await openDesk(browser, t);
    await signIn(a, admin, `/desk/admin/webhooks/${id}`);
    await a.page.getByRole('button', { name: 'Delete the webhook' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Delete the webhook Old site build?' });
    await until(() => dialog.textContent()).toMatch(/sends waiting now are dropped, and its delivery log is deleted with it/);
    await screen(a, 'admin-webhook-delete');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await until(() => dialog.count()).toBe(0);
    expect((await t.http().get(`/v1/admin/webhooks/${id}`).set(admin.auth)).status).toBe(200);
    // Escape cancels too; then delete for real
    await a.page.getByRole('button', { name: 'Delete the webhook' }).click();
    await a.page.keyboard.press('Escape');
    await until(() => dialog.count()).toBe(0);
    await a.page.getByRole('button', { name: 'Delete the webhook' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await a.page.waitForURL(/\/desk\/admin\/webhooks$/);
    expect((await t.http().get(`/v1/admin/webhooks/${id}`).set(admin.auth)).status).toBe(404);
    await until(() => a.page.getByRole('main').textContent()).not.toMatch(/Old site build/);
    expect(a.problems).toEqual([]);
  });
});
