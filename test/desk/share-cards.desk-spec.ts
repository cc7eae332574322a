import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, type Credential, type TestApp } from '../support/app-harness.js';
import { completeArticle, makeTopImage, makeWorld, type World } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until, waitSaved } from './desk-support.js';

/**
 * Issue 22 item 6 in the desk: the article editor's share-card fields (Open Graph and Twitter
 * title, description and image), each showing what the page falls back to; a refusal is shown
 * beside its field with its code and nothing typed is lost.
 */

describe('the article editor’s share cards', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: Credential;
  let world: World;

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    world = await makeWorld(t, editor);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the fallbacks, refuses an over-long title beside the field keeping the text, saves the fields and an image', async () => {
    const map = await makeTopImage(t, editor, 'A map of the new coalition');
    const created = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(world, { headline: 'The coalition meets again', dek: 'A smaller table, a faster decision.' }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const stored = async () => (await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth)).body;

    const d = await openDesk(browser, t);
    await signIn(d, editor, `/desk/articles/${id}`);
    const page = d.page;
    const ogTitle = page.getByLabel('Open Graph title');
    await ogTitle.waitFor();
    expect(await ogTitle.getAttribute('placeholder')).toBe('The coalition meets again');
    expect(await page.getByLabel('Twitter description').getAttribute('placeholder')).toBe('A smaller table, a faster decision.');

    // too long: the api's words beside the field, with the code; the text stays
    const long = `${'A very long share title '.repeat(5)}`.trim();
    await ogTitle.fill(long);
    await until(() => page.getByTestId('save-state').textContent()).toMatch(/^Not saved/);
    const field = page.locator('.field', { has: ogTitle });
    await until(() => field.getByRole('alert').textContent()).toContain('ARTICLE_SOCIAL_TEXT_TOO_LONG');
    expect(await ogTitle.getAttribute('aria-invalid')).toBe('true');
    expect(await ogTitle.inputValue()).toBe(long);
    expect((await stored()).ogTitle).toBeNull();
    await screen(d, 'share-cards-refused');

    // shortened: saved; the Twitter title now falls back to it
    await ogTitle.fill('The coalition, in one map');
    await waitSaved(page);
    await until(() => page.getByLabel('Twitter title').getAttribute('placeholder')).toBe('The coalition, in one map');
    await page.getByLabel('Twitter description').fill('Who promised what, briefly.');
    await waitSaved(page);

    // an Open Graph image from the library
    await page.getByRole('button', { name: 'Choose the Open Graph image…' }).click();
    const picker = page.getByRole('dialog', { name: 'Open Graph image' });
    await picker.getByRole('button', { name: /A map of the new coalition/ }).click();
    await until(() => page.getByRole('group', { name: 'Open Graph image' }).textContent()).toContain('A map of the new coalition');
    await waitSaved(page);
    await until(async () => (await stored()).ogImageId).toBe(map);
    expect(await stored()).toMatchObject({ ogTitle: 'The coalition, in one map', twitterTitle: null, twitterDescription: 'Who promised what, briefly.', twitterImageId: null });
    await screen(d, 'share-cards');

    // back to the default
    await page.getByRole('button', { name: 'Use the default Open Graph image' }).click();
    await waitSaved(page);
    await until(async () => (await stored()).ogImageId).toBeNull();
    expect(d.problems).toEqual([]);
  });
});
