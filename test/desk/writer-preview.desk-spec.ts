import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

/**
 * A writer previews their own piece in the desk: the content API's preview payload through
 * GET /v1/admin/articles/:id/preview, with no preview link minted (minting one to share stays
 * with editors, articles.review).
 */
describe('the desk: a writer previews their own piece', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: Credential;
  let writer: Credential;
  let w: World;
  let mine: string;
  let theirs: string;

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    writer = await actingAs(t, 'contributor', { displayName: 'Wren Writer' });
    w = await makeWorld(t, editor, { contributorAccountId: writer.accountId });
    const live = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { headline: 'A live piece on the rail' }));
    for (const a of ['submit', 'approve', 'publish']) expect((await act(t, editor, live.body.id, a)).status).toBe(200);
    const m = await t
      .http()
      .post('/v1/admin/articles')
      .set(writer.auth)
      .send(completeArticle(w, { headline: 'The writer looks before submitting' }));
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    mine = m.body.id;
    theirs = (
      await t
        .http()
        .post('/v1/admin/articles')
        .set(editor.auth)
        .send(completeArticle(w, { headline: 'Not the writer’s piece' }))
    ).body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens the preview from the editor, laid out as the magazine shows it, without minting a link', async () => {
    const d = await openDesk(browser, t);
    const { page } = d;
    await signIn(d, writer, `/desk/articles/${mine}`);
    await page.getByLabel('Headline').waitFor();
    // a writer is offered the preview, not the links to share it
    expect(await page.getByRole('button', { name: 'Mint a preview link' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Preview', exact: true }).click();
    const mag = page.getByTestId('magazine');
    await mag.waitFor({ timeout: 15_000 });
    await until(() => mag.getByRole('heading', { level: 2 }).first().textContent()).toBe('The writer looks before submitting');
    expect(await mag.getByTestId('preview-body').textContent()).toContain('Three leaders met in a borrowed room');
    await until(() => mag.getByRole('region', { name: 'LATEST' }).textContent()).toContain('A live piece on the rail');
    expect(await page.getByRole('alert').count()).toBe(0);
    await screen(d, 'writer-preview');
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM article_preview_links`))[0]!.n).toBe(0);

    // another's piece: not found, in words with its code
    await page.goto(`/desk/articles/${theirs}/preview`);
    await until(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 }).toContain('ARTICLE_NOT_FOUND');
    expect(await page.getByTestId('magazine').count()).toBe(0);
    expect(d.problems).toEqual([]);
  });
});
