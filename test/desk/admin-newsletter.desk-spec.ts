import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, contentKey, type Credential, type TestApp } from '../support/app-harness.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

describe('the desk: newsletter', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: Credential;
  let listId: string;
  const FIRST_TEXT = 'Send me the weekly round-up. I can unsubscribe at any time.';

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    const admin = await actingAs(t, 'admin');
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    const key = await contentKey(t, admin);
    listId = (await t.http().post('/v1/admin/newsletter/lists').set(editor.auth).send({ name: 'Weekly round-up' })).body.id;
    const consentTextId = (await t.http().post('/v1/admin/newsletter/consent-texts').set(editor.auth).send({ text: FIRST_TEXT })).body.id;
    for (const email of ['reader-a@example.org', 'reader-b@example.org', 'reader-c@example.org']) {
      const r = await t
        .http()
        .post('/v1/content/newsletter/subscriptions')
        .set('X-Api-Key', key)
        .send({ email, lists: [listId], consentTextId, source: { placement: 'footer' } });
      expect(r.status).toBe(202);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists, a new consent version (the used one stays), subscriber search, CSV export matching the API, unsubscribe and erase', async () => {
    const e = await openDesk(browser, t);
    await signIn(e, editor);
    await e.page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Newsletter' }).click();

    // lists
    const newList = e.page.getByRole('form', { name: 'New list' });
    await newList.getByLabel('Name').fill('Europe briefing');
    await newList.getByLabel('Description').fill('Our Europe desk, every Tuesday.');
    await newList.getByRole('button', { name: 'Create the list' }).click();
    await until(() => newList.getByRole('status').textContent()).toBe('Created “Europe briefing” (/europe-briefing).');
    await until(() => e.page.getByRole('table', { name: 'Lists' }).getByRole('row').count()).toBe(3);
    await until(() => e.page.getByRole('row', { name: /Weekly round-up/ }).textContent()).toMatch(/030open for signups/);
    // growth as a chart (uPlot), with the same numbers as a table
    const signups = e.page.getByRole('figure', { name: 'Signups per list per day' });
    await until(() => signups.locator('canvas').count()).toBe(1);
    await signups.getByText('The numbers').click();
    const today = new Date().toISOString().slice(0, 10);
    const table = signups.getByRole('table', { name: 'Signups per list per day: the numbers' });
    const heads = await table.getByRole('columnheader').allTextContents();
    expect([...heads].sort()).toEqual(['Day (UTC)', 'Europe briefing', 'Weekly round-up']);
    const expected = heads.slice(1).map((h) => (h === 'Weekly round-up' ? '3' : '0'));
    await until(() => table.getByRole('row', { name: new RegExp(`^${today}`) }).textContent()).toBe(`${today}${expected.join('')}`);
    await screen(e, 'admin-newsletter-lists');

    // consent: a change is a new version; version 1 stays as it was
    await e.page.getByRole('navigation', { name: 'Newsletter' }).getByRole('link', { name: 'Consent text' }).click();
    const text = e.page.getByLabel('Consent text', { exact: true });
    await until(() => text.inputValue()).toBe(FIRST_TEXT);
    const publish = e.page.getByRole('button', { name: 'Publish as a new version' });
    expect(await publish.isDisabled()).toBe(true);
    await text.fill('Send me the weekly round-up and occasional offers. I can unsubscribe at any time.');
    await publish.click();
    await until(() => e.page.getByRole('main').getByRole('status').first().textContent()).toBe('Version 2 is now what the signup box shows.');
    const versions = (await t.http().get('/v1/admin/newsletter/consent-texts').set(editor.auth)).body as { version: number; text: string }[];
    expect(versions.map((v) => [v.version, v.text])).toEqual([
      [2, 'Send me the weekly round-up and occasional offers. I can unsubscribe at any time.'],
      [1, FIRST_TEXT],
    ]);
    await until(() => e.page.getByRole('list', { name: 'Versions, newest first' }).getByRole('listitem').count()).toBe(2);
    await screen(e, 'admin-newsletter-consent');

    // subscribers: search, then the CSV for the list
    await e.page.getByRole('navigation', { name: 'Newsletter' }).getByRole('link', { name: 'Subscribers' }).click();
    const subscribers = e.page.getByRole('table', { name: 'Subscribers' });
    await until(() => subscribers.getByRole('row').count()).toBe(4);
    await e.page.getByLabel('Address', { exact: true }).fill('reader-b');
    await until(() => subscribers.getByRole('row').count()).toBe(2);
    await e.page.getByLabel('Address', { exact: true }).fill('');
    await e.page.getByRole('search', { name: 'Find subscribers' }).getByLabel('List').selectOption({ label: 'Weekly round-up' });
    const [download] = await Promise.all([e.page.waitForEvent('download'), e.page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('newsletter-subscribers.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    const fromApi = await t.http().get('/v1/admin/newsletter/subscribers/export').query({ list: listId }).set(editor.auth).buffer(true);
    expect(fromApi.status).toBe(200);
    expect(csv).toBe(fromApi.text);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    const emails = lines.slice(1).map((l) => l.split(',')[1]);
    const searched = (await t.http().get('/v1/admin/newsletter/subscribers').query({ list: listId }).set(editor.auth)).body.items.map((s: { email: string }) => s.email);
    expect([...emails].sort()).toEqual([...searched].sort());
    await screen(e, 'admin-newsletter-subscribers');

    // manual unsubscribe
    const a = e.page.getByRole('row', { name: /reader-a@example\.org/ });
    await a.getByRole('button', { name: 'Unsubscribe reader-a@example.org' }).click();
    await e.page.getByRole('dialog', { name: 'Unsubscribe reader-a@example.org from every list?' }).getByRole('button', { name: 'Unsubscribe' }).click();
    await until(() => a.textContent()).toMatch(/Weekly round-up: unsubscribed/);

    // erase: the confirmation says what goes and what stays
    const c = e.page.getByRole('row', { name: /reader-c@example\.org/ });
    await c.getByRole('button', { name: 'Erase reader-c@example.org' }).click();
    const dialog = e.page.getByRole('dialog', { name: 'Erase reader-c@example.org?' });
    await until(() => dialog.textContent()).toMatch(/What stays: an anonymous consent trail/);
    await screen(e, 'admin-newsletter-erase');
    await dialog.getByRole('button', { name: 'Erase' }).click();
    await until(() => subscribers.getByRole('row').count()).toBe(3);
    const left = (await t.http().get('/v1/admin/newsletter/subscribers').query({ q: 'reader-c' }).set(editor.auth)).body.items;
    expect(left).toEqual([]);
    expect(e.problems).toEqual([]);
  });
});
