import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { actingAs, contentKey, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

/** Tab until the focused element's text or label matches; fails if it never does (keyboard reach). */
async function tabTo(page: Page, name: RegExp, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const label = (await page.evaluate(
      `(() => { const e = document.activeElement; if (!e) return ''; const l = e.labels && e.labels[0]; return [e.getAttribute('aria-label'), l && l.textContent, e.textContent].filter(Boolean).join(' | '); })()`,
    )) as string;
    if (name.test(label)) return;
  }
  throw new Error(`no focusable element matching ${name} within reach of Tab`);
}

describe('the desk: donation campaigns', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: Credential;
  let writer: Credential;
  let w: World;
  let sectionName: string;
  const targeted = { id: '', headline: 'Sahel corridor talks stall as donors hesitate' };
  const excluded = { id: '', headline: 'Grain convoy reaches the border after a week' };

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    writer = await actingAs(t, 'contributor', { displayName: 'Wes Writer' });
    w = await makeWorld(t, editor);
    sectionName = ((await t.http().get('/v1/admin/sections').set(editor.auth)).body as { id: string; name: string }[]).find((s) => s.id === w.sectionId)!.name;
    for (const a of [targeted, excluded]) {
      const r = await t
        .http()
        .post('/v1/admin/articles')
        .set(editor.auth)
        .send(completeArticle(w, { headline: a.headline }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      a.id = r.body.id;
      for (const step of ['submit', 'approve', 'publish']) expect((await act(t, editor, a.id, step)).status).toBe(200);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a campaign is created, activated, wins the preview on a targeted article and loses it, with its reason, on an excluded one', async () => {
    const e = await openDesk(browser, t);
    const page = e.page;
    await signIn(e, editor);
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Donation campaigns' }).waitFor();
    await until(() => page.getByText('No campaign yet.').count()).toBe(1);
    // keyboard: from the page's top to "New campaign"
    await page.locator('body').focus();
    await tabTo(page, /^New campaign$/);
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'New campaign' });
    await form.getByLabel('Name', { exact: true }).waitFor();

    // a refusal names the fields at fault, in words beside them; everything typed stays
    await form.getByLabel('Name', { exact: true }).fill('Year-end appeal 2026');
    await form.getByLabel('Priority', { exact: true }).fill('5');
    await form.getByLabel('Starts', { exact: true }).fill('2026-12-20T10:00');
    await form.getByLabel('Ends', { exact: true }).fill('2026-12-10T10:00');
    await form.getByLabel('Where the banner goes', { exact: true }).selectOption({ label: 'Inside the body, after a paragraph' });
    await form.getByLabel('After paragraph', { exact: true }).fill('2');
    await form.getByLabel('At most per day', { exact: true }).fill('5');
    await form.getByLabel('At most per week', { exact: true }).fill('2');
    // targeting through the typeaheads: this section, but never the grain piece
    await form.getByLabel('Find a section to include', { exact: true }).fill(sectionName.slice(0, 8));
    await form.getByRole('button', { name: `Include ${sectionName}` }).click();
    await form.getByLabel('Find an article to exclude', { exact: true }).fill('Grain convoy');
    await form.getByRole('button', { name: new RegExp(`^Exclude ${excluded.headline}`) }).click();
    await until(() => form.getByRole('list', { name: 'Excluded articles' }).textContent()).toContain(excluded.headline);
    await form.getByRole('button', { name: 'Create the campaign' }).click();
    const endsError = form.locator('.field', { has: page.getByLabel('Ends', { exact: true }) }).getByRole('alert');
    await until(() => endsError.textContent()).toBe('endsAt must be after startsAt (endBeforeStart)');
    await until(() =>
      form
        .locator('.field', { has: page.getByLabel('At most per week', { exact: true }) })
        .getByRole('alert')
        .textContent(),
    ).toBe('maxPerWeek must be >= maxPerDay (belowDaily)');
    expect(await form.getByLabel('Ends', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('Year-end appeal 2026');
    expect(await form.getByLabel('After paragraph', { exact: true }).inputValue()).toBe('2');
    expect(await form.getByRole('list', { name: 'Included sections' }).textContent()).toContain(sectionName);
    expect((await t.http().get('/v1/admin/donation-campaigns').set(editor.auth)).body.items).toEqual([]);
    await screen(e, 'admin-campaigns-new-refused');

    await form.getByLabel('Starts', { exact: true }).fill('');
    await form.getByLabel('Ends', { exact: true }).fill('');
    await form.getByLabel('At most per week', { exact: true }).fill('10');
    await form.getByRole('button', { name: 'Create the campaign' }).click();
    const saved = page.getByRole('form', { name: 'Campaign', exact: true });
    await saved.waitFor();
    const [campaign] = (await t.http().get('/v1/admin/donation-campaigns').set(editor.auth)).body.items;
    expect(campaign).toMatchObject({
      name: 'Year-end appeal 2026',
      status: 'draft',
      placement: 'inline_after_paragraph',
      paragraph: 2,
      priority: 5,
      startsAt: null,
      endsAt: null,
      frequency: { startAfterPageviews: 0, everyNthPageview: 1, maxPerDay: 5, maxPerWeek: 10 },
    });
    expect(campaign.targeting.includeSectionIds).toEqual([w.sectionId]);
    expect(campaign.targeting.excludeArticleIds).toEqual([excluded.id]);

    // activating without a variant: the API's refusal, in words, beside the action
    const status = page.getByRole('region', { name: /^Status: draft/ });
    await status.getByRole('button', { name: 'Activate' }).click();
    await until(() => status.getByRole('alert').textContent()).toBe('The campaign needs at least one variant with a weight above 0. BANNER_CAMPAIGN_NO_VARIANTS');

    // a variant: the body editor offers only what the sanitizer keeps
    const variant = page.getByRole('form', { name: 'New variant' });
    await variant.getByLabel('Variant name', { exact: true }).fill('A');
    await variant.getByLabel('Headline', { exact: true }).fill('Dear readers:');
    const body = variant.getByRole('textbox', { name: 'New variant: body' });
    await body.click();
    await page.keyboard.type('Independent analysis depends on you. Please give before year end.');
    // select the second sentence (28 characters) and make it bold
    for (let i = 0; i < 28; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Control+b');
    const toolbar = variant.getByRole('toolbar', { name: 'New variant: body: formatting' });
    expect(await toolbar.getByRole('button').allTextContents()).toEqual(['Bold', 'Italic', 'Link', 'Line break']);
    await variant.getByLabel('Button label', { exact: true }).fill('Give now');
    await variant.getByLabel('Button link', { exact: true }).fill('ftp://donate.example.org');
    await variant.getByRole('button', { name: 'Add the variant' }).click();
    await until(() =>
      variant
        .locator('.field', { has: page.getByLabel('Button link', { exact: true }) })
        .getByRole('alert')
        .textContent(),
    ).toMatch(/ctaUrl must be an absolute http or https URL \(httpUrl\)/);
    expect(await body.innerHTML()).toContain('<strong>Please give before year end.</strong>');
    await variant.getByLabel('Button link', { exact: true }).fill('https://donate.example.org/year-end');
    await variant.getByRole('button', { name: 'Add the variant' }).click();
    const variantA = page.getByRole('form', { name: /^Variant A/ });
    await variantA.waitFor();
    const stored = (await t.http().get(`/v1/admin/donation-campaigns/${campaign.id}`).set(editor.auth)).body.variants;
    expect(stored).toHaveLength(1);
    expect(stored[0].bodyHtml).toBe('<p>Independent analysis depends on you. <strong>Please give before year end.</strong></p>');
    expect(await variantA.getByRole('complementary', { name: 'Variant A as readers see it' }).innerHTML()).toContain('<strong>Please give before year end.</strong>');
    await until(() => variantA.textContent()).toContain('100 % of readers');

    await status.getByRole('button', { name: 'Activate' }).click();
    await until(() =>
      page
        .getByRole('region', { name: /^Status: active/ })
        .getByRole('status')
        .textContent(),
    ).toBe('Activate: the campaign is now active.');
    const active = page.getByRole('region', { name: /^Status: active/ });
    expect(await active.getByRole('button').allTextContents()).toEqual(['Pause', 'End']);
    await screen(e, 'admin-campaigns-editor');

    // the list, filtered by status
    await page.getByRole('link', { name: 'All campaigns' }).click();
    const table = page.getByRole('table', { name: 'Campaigns' });
    await until(() => table.getByRole('row').count()).toBe(2);
    await page.getByRole('search', { name: 'Filter campaigns' }).getByLabel('Status').selectOption('draft');
    await until(() => page.getByText('No draft campaign.').count()).toBe(1);
    await page.getByRole('search', { name: 'Filter campaigns' }).getByLabel('Status').selectOption('active');
    await until(() => table.getByRole('row').count()).toBe(2);
    expect(await table.getByRole('row').nth(1).textContent()).toMatch(/Year-end appeal 2026.*active.*After paragraph 2.*5/);
    await screen(e, 'admin-campaigns-list');

    // the preview: it wins on the targeted piece
    await page.getByRole('navigation', { name: 'Donation campaigns' }).getByRole('link', { name: 'Preview on an article' }).click();
    await page.getByLabel('Find a published article', { exact: true }).fill('Sahel corridor');
    await page.getByRole('button', { name: `Preview on “${targeted.headline}”` }).click();
    const inline = page.getByRole('region', { name: 'Inside the body, after a paragraph' });
    await until(() => inline.locator('.winner').textContent()).toMatch(/^Wins: Year-end appeal 2026, variant A \(priority 5, after paragraph 2\)/);
    expect(await inline.getByRole('complementary').textContent()).toContain('Dear readers:');
    await until(() => page.getByRole('region', { name: 'After the body' }).textContent()).toMatch(/No banner here\..*1 campaign runs in another placement/);
    await screen(e, 'admin-campaigns-preview-wins');

    // ... and loses on the excluded one, with its reason in words
    await page.getByLabel('Find a published article', { exact: true }).fill('Grain convoy');
    await page.getByRole('button', { name: `Preview on “${excluded.headline}”` }).click();
    await until(() => inline.locator('.no-winner').count()).toBe(1);
    const lost = inline.getByRole('table', { name: 'Campaigns that do not win inside the body, after a paragraph' });
    await until(() => lost.getByRole('row', { name: /Year-end appeal 2026/ }).textContent()).toBe('Year-end appeal 2026it excludes this article (article_excluded)');
    await screen(e, 'admin-campaigns-preview-loses');

    // "no appeals" from the article editor: the targeted piece loses too, and says why
    await page.goto(`/desk/articles/${targeted.id}`);
    const appeals = page.getByRole('region', { name: 'Donation appeals' });
    await appeals.getByLabel('No appeals on this article', { exact: true }).check();
    await until(() => appeals.getByRole('status').textContent()).toBe('No donation appeal shows on this article now.');
    expect((await t.http().get(`/v1/admin/articles/${targeted.id}/appeals`).set(editor.auth)).body.noAppeals).toBe(true);
    await page.goto(`/desk/admin/campaigns/preview?article=${targeted.id}`);
    await until(() =>
      page
        .getByRole('region', { name: 'Inside the body, after a paragraph' })
        .getByRole('row', { name: /Year-end appeal 2026/ })
        .textContent(),
    ).toBe('Year-end appeal 2026this article has “no appeals” switched on (no_appeals)');
    expect(e.problems).toEqual([]);
  });

  it('the report: impressions, clicks and CTR with its interval per variant and per day, conversions per article and contributor', async () => {
    const h = () => t.http().set(editor.auth);
    const c = (await h().post('/v1/admin/donation-campaigns').send({ name: 'Spring appeal', placement: 'after_body' })).body;
    const variants: Record<string, string> = {};
    for (const name of ['A', 'B']) {
      const v = await h()
        .post(`/v1/admin/donation-campaigns/${c.id}/variants`)
        .send({ name, weight: 1, headline: 'Dear readers:', bodyHtml: '<p>Please give.</p>', ctaLabel: 'Give', ctaUrl: 'https://donate.example.org/' });
      variants[name] = v.body.id;
    }
    expect((await h().post(`/v1/admin/donation-campaigns/${c.id}/transitions`).send({ action: 'activate' })).status).toBe(200);
    const key = await contentKey(t, await actingAs(t, 'admin'));
    const ev = (variant: string, type: string) => ({ eventId: randomUUID(), type, campaignId: c.id, variantId: variants[variant], articleId: excluded.id });
    const events = [
      ...Array.from({ length: 40 }, () => ev('A', 'impression')),
      ...Array.from({ length: 4 }, () => ev('A', 'click')),
      ...Array.from({ length: 2 }, () => ev('A', 'conversion')),
      ...Array.from({ length: 4 }, () => ev('B', 'impression')),
    ];
    const posted = await t.http().post('/v1/content/donation-campaigns/events').set('X-Api-Key', key).send({ events });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);

    const e = await openDesk(browser, t);
    const page = e.page;
    await signIn(e, editor, '/desk/admin/campaigns');
    await page.getByRole('link', { name: 'Report of Spring appeal' }).click();
    await page.getByRole('heading', { name: 'Report: Spring appeal' }).waitFor();
    const perVariant = page.getByRole('table', { name: 'Per variant', exact: true });
    await until(() => perVariant.getByRole('row', { name: /^A/ }).textContent()).toBe('A140410.0 % (95 % interval 4.0 % to 23.1 %)20');
    expect(await perVariant.getByRole('row', { name: /^B/ }).textContent()).toBe('B1400.0 % (95 % interval 0.0 % to 49.0 %)00');
    expect(
      await page
        .getByRole('figure', { name: /Click-through rate per variant, with its 95 % interval/ })
        .locator('svg text')
        .allTextContents(),
    ).toContain('10.0 % (95 % interval 4.0 % to 23.1 %)');
    // per day: two uPlot charts, and each day's interval per variant in words
    const today = new Date().toISOString().slice(0, 10);
    await until(() => page.locator('figure canvas').count()).toBe(2);
    const perDay = page.getByRole('figure', { name: 'Impressions, clicks and conversions per day' });
    await perDay.getByText('The numbers').click();
    await until(() => perDay.getByRole('row', { name: new RegExp(`^${today}`) }).textContent()).toBe(`${today}4442`);
    await page.getByText('Per variant per day, with each day’s interval').click();
    expect(await page.getByRole('table', { name: 'Per variant per day' }).getByRole('row').allTextContents()).toContain(`${today}A40410.0 % (95 % interval 4.0 % to 23.1 %)2`);
    // conversions per article (its headline) and per contributor (the byline)
    await until(() => page.getByRole('table', { name: 'Conversions per article' }).getByRole('row').nth(1).textContent()).toBe(`${excluded.headline}2444`);
    const contributor = (await h().get(`/v1/admin/contributors/${w.contributorId}`)).body.name;
    expect(await page.getByRole('table', { name: 'Conversions per contributor' }).getByRole('row').nth(1).textContent()).toBe(`${contributor}2444`);
    // the desk's own stylesheet applies (a broken rule in it once unstyled every screen)
    expect(await page.evaluate(`getComputedStyle(document.querySelector('.skip')).position`)).toBe('absolute');
    await screen(e, 'admin-campaigns-report');

    // a range the API refuses: its words beside the field, the range typed stays
    await page.getByLabel('From (UTC day)').fill('2026-12-31');
    await page.getByLabel('To (UTC day, included)').fill('2026-12-01');
    await page.getByRole('button', { name: 'Show the range' }).click();
    await until(() => page.getByRole('form', { name: 'Report range' }).getByRole('alert').first().textContent()).toBe('from must not be after to (afterTo)');
    expect(await page.getByLabel('From (UTC day)').inputValue()).toBe('2026-12-31');
    expect(e.problems).toEqual([]);
  });

  it('a contributor is not offered the screen; reached by address it says why', async () => {
    const c = await openDesk(browser, t);
    await signIn(c, writer);
    expect(await c.page.getByRole('link', { name: 'Campaigns' }).count()).toBe(0);
    await c.page.goto('/desk/admin/campaigns');
    await until(() => c.page.getByRole('alert').textContent()).toMatch(/role contributor, which may not manage donation campaigns \(it needs the permission banners\.manage\)/);
    // nor the article editor's "no appeals" switch
    const mine = await t.http().post('/v1/admin/articles').set(writer.auth).send({ headline: 'A contributor’s draft' });
    expect(mine.status).toBe(201);
    await c.page.goto(`/desk/articles/${mine.body.id}`);
    await c.page.getByLabel('Headline', { exact: true }).waitFor();
    expect(await c.page.getByRole('region', { name: 'Donation appeals' }).count()).toBe(0);
    expect(c.problems).toEqual([]);
  });
});
