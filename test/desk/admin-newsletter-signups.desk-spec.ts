import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, contentKey, type Credential, type TestApp } from '../support/app-harness.js';
import { completeArticle, makeWorld } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

describe('the desk: newsletter signups per article and placement', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: Credential;
  const headlines: Record<string, string> = {};

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    const admin = await actingAs(t, 'admin');
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    const key = await contentKey(t, admin);
    const world = await makeWorld(t, editor);
    const article = async (headline: string) => {
      const r = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(world, { headline }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      headlines[r.body.id] = headline;
      return r.body.id as string;
    };
    const merz = await article('Merz and Tusk meet in Warsaw');
    const sahel = await article('The Sahel after the coups');
    const listId = (await t.http().post('/v1/admin/newsletter/lists').set(editor.auth).send({ name: 'Weekly round-up' })).body.id;
    const consentTextId = (await t.http().post('/v1/admin/newsletter/consent-texts').set(editor.auth).send({ text: 'Send me the weekly round-up.' })).body.id;
    const signups: [string, { articleId?: string; placement?: string }][] = [
      ['a@example.org', { articleId: merz, placement: 'inline' }],
      ['b@example.org', { articleId: merz, placement: 'inline' }],
      ['c@example.org', { articleId: merz, placement: 'end-of-article' }],
      ['d@example.org', { articleId: sahel, placement: 'end-of-article' }],
      ['e@example.org', { placement: 'footer' }],
      ['f@example.org', {}],
    ];
    for (const [email, source] of signups) {
      const r = await t
        .http()
        .post('/v1/content/newsletter/subscriptions')
        .set('X-Api-Key', key)
        .send({ email, lists: [listId], consentTextId, source });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
    }
    // one reader confirms from the mail's link
    const [mail] = await t.sql<{ payload: { text: string } }>(`SELECT payload FROM outbox_messages WHERE topic = 'mail.send' AND payload->>'to' = 'a@example.org'`);
    const token = /\/newsletter\/confirm\?token=([A-Za-z0-9_-]+)/.exec(mail!.payload.text)![1]!;
    expect((await t.http().post('/v1/content/newsletter/confirm').send({ token })).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const rowsOf = (table: import('playwright-core').Locator) =>
    table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));

  it('the tables match the API, the charts draw, and a bad period is refused beside its field', async () => {
    const api = (await t.http().get('/v1/admin/newsletter/reports/attribution').set(editor.auth)).body as {
      byArticle: { articleId: string | null; signups: number; confirmations: number }[];
      byPlacement: { placement: string | null; signups: number; confirmations: number }[];
    };
    expect(api.byArticle.find((r) => r.articleId && headlines[r.articleId] === 'Merz and Tusk meet in Warsaw')).toMatchObject({ signups: 3, confirmations: 1 });
    const pct = (r: { signups: number; confirmations: number }) => (r.signups ? `${Math.round((100 * r.confirmations) / r.signups)} %` : '–');

    const e = await openDesk(browser, t);
    await signIn(e, editor);
    await e.page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Newsletter' }).click();
    await e.page.getByRole('navigation', { name: 'Newsletter' }).getByRole('link', { name: 'Signups by source' }).click();

    const perArticle = e.page.getByRole('table', { name: 'Signups per article' });
    const expectedArticles = api.byArticle.map((r) => [r.articleId ? headlines[r.articleId]! : 'Not next to an article', String(r.signups), String(r.confirmations), pct(r)]);
    expect(expectedArticles.length).toBe(3);
    await until(() => rowsOf(perArticle)).toEqual(expectedArticles);
    const perPlacement = e.page.getByRole('table', { name: 'Signups per placement' });
    await until(() => rowsOf(perPlacement)).toEqual(api.byPlacement.map((r) => [r.placement ?? 'No placement given', String(r.signups), String(r.confirmations), pct(r)]));
    // the charts (uPlot), their legend naming the bars' look, not only their colour
    const chart = e.page.getByRole('figure', { name: /the 2 articles with most signups|the 3 articles with most signups/ });
    await until(() => chart.locator('canvas').count()).toBe(1);
    expect(await e.page.getByRole('figure', { name: 'Signups and confirmations per placement' }).locator('canvas').count()).toBe(1);
    // a headline links to its article
    await until(() => perArticle.getByRole('link', { name: 'Merz and Tusk meet in Warsaw' }).count()).toBe(1);
    await screen(e, 'admin-newsletter-signups');

    // a period that ends before it starts: the API's words beside From, what was typed kept
    const period = e.page.getByRole('form', { name: 'Report period' });
    await period.getByLabel('From (UTC day)').fill('2026-02-01');
    await period.getByLabel('To (UTC day, inclusive)').fill('2026-01-01');
    await period.getByRole('button', { name: 'Show the period' }).click();
    await until(() => period.getByRole('alert').textContent()).toMatch(/from must not be after to \(range\) NEWSLETTER_RANGE_INVALID/);
    expect(await period.getByLabel('From (UTC day)').inputValue()).toBe('2026-02-01');
    expect(e.problems).toEqual([]);
  });
});
