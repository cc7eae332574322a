import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, contentKey, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeTopImage, makeWorld, PARAGRAPHS, type World } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until, waitSaved } from './desk-support.js';

const JPG = new URL('../fixtures/images/sample.jpg', import.meta.url).pathname;
const PNG = new URL('../fixtures/images/sample.png', import.meta.url).pathname;

/** An uploaded image (served through the test's https image base), described and credited. */
async function creditedUpload(t: TestApp, who: Credential, file: string, alt: string, photographer: string): Promise<string> {
  const up = await t.http().post('/v1/admin/images').set(who.auth).attach('file', file).field('altText', alt).field('caption', `${alt}, in a caption.`);
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const party = await t.http().post('/v1/admin/credit-parties').set(who.auth).send({ kind: 'person', name: photographer });
  expect(party.status).toBe(201);
  const shared = async (kind: string, name: string) =>
    ((await t.http().get(`/v1/admin/credit-parties?kind=${kind}&q=${name}`).set(who.auth)).body as { id: string }[])[0]?.id ??
    (await t.http().post('/v1/admin/credit-parties').set(who.auth).send({ kind, name })).body.id;
  const credit = { photographerId: party.body.id, agencyId: await shared('agency', 'Reuters'), providerId: await shared('provider', 'Alamy') };
  expect((await t.http().put(`/v1/admin/images/${up.body.id}/credit`).set(who.auth).send(credit)).status).toBe(200);
  return up.body.id as string;
}

describe('the desk: preview, preview links, related stories, corrections, bylines', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: Credential;
  let admin: Credential;
  let world: World;
  const live: { id: string; slug: string; headline: string }[] = [];
  let draftId: string;
  let topImage: string;

  beforeAll(async () => {
    t = await deskApp({ worker: true });
    browser = await launch();
    admin = await actingAs(t, 'admin');
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    world = await makeWorld(t, editor);
    const top = (topImage = await creditedUpload(t, editor, JPG, 'Three heads of state at the summit table', 'Frederic Legrand'));
    const other = await creditedUpload(t, editor, PNG, 'A harbour at dawn', 'Amira Haddad');
    for (const [headline, img] of [
      ['Gulf states hedge their bets on a shipping corridor', other],
      ['Sahel juntas court new partners as the old ones leave', top],
    ] as const) {
      const r = await t
        .http()
        .post('/v1/admin/articles')
        .set(editor.auth)
        .send(completeArticle(world, { headline, topImageId: img }));
      expect(r.status).toBe(201);
      for (const a of ['submit', 'approve', 'publish']) expect((await act(t, editor, r.body.id, a)).status).toBe(200);
      live.push({ id: r.body.id, slug: r.body.slug, headline });
    }
    const d = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(
        completeArticle(world, {
          headline: 'Europe’s leaders test a new coalition of the willing',
          dek: 'A modest plan whose weak point is what each capital thinks it promised.',
          topImageId: top,
        }),
      );
    expect(d.status).toBe(201);
    draftId = d.body.id;
    // the newsletter box (the site settings' default copy) offers an open list
    expect((await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Weekly round-up', description: 'Staff analysis, opinion, and news' })).status).toBe(
      201,
    );
    // a year-end letter on every article
    const c = await t.http().post('/v1/admin/donation-campaigns').set(editor.auth).send({ name: 'Year-end appeal', placement: 'after_body' });
    expect(c.status).toBe(201);
    const v = await t.http().post(`/v1/admin/donation-campaigns/${c.body.id}/variants`).set(editor.auth).send({
      name: 'A',
      weight: 1,
      headline: 'Dear readers:',
      bodyHtml:
        '<p>Independent analysis depends on you. Our reporters answer to readers, not owners. A gift before year end keeps the desk open. <strong>Please give before 31 December.</strong></p>',
      ctaLabel: 'Give now',
      ctaUrl: 'https://donate.example.org/year-end',
    });
    expect(v.status).toBe(201);
    expect((await t.http().post(`/v1/admin/donation-campaigns/${c.body.id}/transitions`).set(editor.auth).send({ action: 'activate' })).status).toBe(200);
    // and a short appeal inside the body, after the second paragraph
    const inline = await t.http().post('/v1/admin/donation-campaigns').set(editor.auth).send({ name: 'Mid-read', placement: 'inline_after_paragraph', paragraph: 2 });
    expect(inline.status, JSON.stringify(inline.body)).toBe(201);
    const iv = await t.http().post(`/v1/admin/donation-campaigns/${inline.body.id}/variants`).set(editor.auth).send({
      name: 'A',
      weight: 1,
      headline: 'Reading this far?',
      bodyHtml: '<p>Readers like you fund this desk.</p>',
      ctaLabel: 'Chip in',
      ctaUrl: 'https://donate.example.org/mid-read',
    });
    expect(iv.status).toBe(201);
    expect((await t.http().post(`/v1/admin/donation-campaigns/${inline.body.id}/transitions`).set(editor.auth).send({ action: 'activate' })).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('pins a related story with an override, mints and revokes preview links, and previews the page as the magazine lays it out', async () => {
    const e = await openDesk(browser, t);
    await signIn(e, editor, `/desk/articles/${draftId}`);
    const page = e.page;
    await page.getByRole('heading', { name: 'Preview links' }).waitFor();

    // related stories: the automatic fill first, then a pin with an override, live on the cards
    const related = page.getByTestId('related');
    await until(() => related.getByTestId('teaser-card').count()).toBe(2);
    await related.getByLabel('Pin a published piece').fill('Sahel');
    await related.getByRole('button', { name: `Pin “${live[1]!.headline}”` }).click();
    await until(() => related.getByRole('list', { name: 'Pinned stories in order' }).textContent()).toContain(live[1]!.headline);
    await until(() => related.getByTestId('teaser-card').first().textContent()).toContain('pinned');
    await related.getByLabel('Headline on the card').fill('Why the Sahel’s juntas are shopping for friends');
    await related.getByLabel('Headline on the card').press('Tab');
    await until(() => related.getByTestId('teaser-card').first().textContent()).toContain('Why the Sahel’s juntas are shopping for friends');
    expect(await related.getByTestId('teaser-card').first().textContent()).toContain('Top image credit: Frederic Legrand - Reuters / Alamy');
    const pins = (await t.http().get(`/v1/admin/articles/${draftId}/related`).set(editor.auth)).body;
    expect(pins.pins).toMatchObject([{ targetArticleId: live[1]!.id, headlineOverride: 'Why the Sahel’s juntas are shopping for friends' }]);

    // preview links: mint, listed, revoke
    const links = page.getByTestId('preview-links');
    await links.getByRole('button', { name: 'Mint a preview link' }).click();
    const minted = await links.getByLabel('New link (shown once: copy it now)').inputValue();
    expect(minted).toMatch(new RegExp(`/desk/articles/${draftId}/preview\\?token=`));
    await until(() => links.getByRole('list', { name: 'Preview links of this piece' }).getByRole('listitem').count()).toBe(1);
    expect(await links.getByRole('list', { name: 'Preview links of this piece' }).textContent()).toMatch(/valid until/);
    await screen(e, 'editor-related-preview-links');

    // the preview, through the content API's payload for a token
    await page.getByRole('link', { name: 'Preview' }).click();
    const mag = page.getByTestId('magazine');
    await mag.waitFor({ timeout: 15_000 });
    const kicker = (await t.http().get(`/v1/admin/articles/${draftId}`).set(editor.auth)).body;
    expect(kicker.status).toBe('draft');
    await until(() => mag.getByRole('heading', { level: 2 }).first().textContent()).toBe('Europe’s leaders test a new coalition of the willing');
    expect(await mag.getByTestId('preview-top-image').textContent()).toContain('Top image credit: Frederic Legrand - Reuters / Alamy');
    expect(await mag.getByTestId('preview-top-image').textContent()).toContain('Three heads of state at the summit table, in a caption.');
    expect(await mag.getByTestId('preview-body').textContent()).toContain('Three leaders met in a borrowed room');
    const cards = mag.getByTestId('related-card');
    await until(() => cards.count()).toBe(2);
    expect(await cards.first().textContent()).toContain('Why the Sahel’s juntas are shopping for friends');
    expect(await cards.first().textContent()).toContain('Top image credit: Frederic Legrand - Reuters / Alamy');
    expect(await cards.nth(1).textContent()).toContain('Top image credit: Amira Haddad - Reuters / Alamy');
    // keep reading / show less
    await cards.first().getByRole('button', { name: 'keep reading' }).click();
    await cards.first().getByRole('button', { name: 'show less' }).waitFor();
    expect(await mag.getByRole('region', { name: 'LATEST' }).textContent()).toContain(live[0]!.headline);
    // the campaign snapshot may lag a moment behind the activation
    await until(
      async () => {
        const text = await mag.getByTestId('preview-appeal').textContent();
        if (!text?.includes('Dear readers:')) await page.getByRole('button', { name: 'Reload the preview' }).click();
        return text;
      },
      { timeout: 30_000, interval: 1000 },
    ).toContain('Dear readers:');
    // the inline appeal sits after the second paragraph of the body, as a front-end places it
    const inlineAppeal = mag.getByTestId('preview-body').getByTestId('preview-appeal-inline');
    await until(() => inlineAppeal.count()).toBe(1);
    expect(await inlineAppeal.textContent()).toContain('Reading this far?');
    const bodyText = (await mag.getByTestId('preview-body').textContent()) ?? '';
    const at = (x: string) => bodyText.indexOf(x);
    expect(at(PARAGRAPHS[1]!)).toBeGreaterThan(-1);
    expect(at('Reading this far?')).toBeGreaterThan(at(PARAGRAPHS[1]!));
    expect(at('Reading this far?')).toBeLessThan(at(PARAGRAPHS[2]!));
    expect(await mag.getByTestId('preview-newsletter').textContent()).toContain('Subscribe now to our weekly round-up');
    expect(await mag.locator('.mag-tags').textContent()).toContain('Emmanuel Macron');
    await screen(e, 'preview');

    // the shared link works until it is revoked
    const shared = await openDesk(browser, t);
    await signIn(shared, editor, new URL(minted).pathname + new URL(minted).search);
    await shared.page.getByTestId('magazine').waitFor({ timeout: 15_000 });
    await page.goto(`/desk/articles/${draftId}`);
    await page
      .getByTestId('preview-links')
      .getByRole('button', { name: /^Revoke/ })
      .first()
      .waitFor();
    const revokeButtons = page.getByTestId('preview-links').getByRole('button', { name: /^Revoke/ });
    while ((await revokeButtons.count()) > 0) {
      const n = await revokeButtons.count();
      await revokeButtons.first().click();
      await until(() => revokeButtons.count()).toBe(n - 1);
    }
    expect(await page.getByTestId('preview-links').textContent()).toMatch(/revoked/);
    await shared.page.reload();
    await until(() => shared.page.getByRole('alert').first().textContent(), { timeout: 15_000 }).toContain('PREVIEW_NOT_FOUND');
    expect([...e.problems, ...shared.problems]).toEqual([]);
  });

  it('adds a correction to a published piece, lists it, and refreshes its bylines; the content API shows both', async () => {
    const e = await openDesk(browser, t);
    const target = live[0]!;
    await signIn(e, editor, `/desk/articles/${target.id}`);
    const panel = e.page.getByTestId('corrections');
    await panel.waitFor();
    await until(() => panel.textContent()).toContain('No correction on this piece.');
    await panel.getByLabel('Kind').selectOption('clarification');
    await panel.getByLabel('Note shown on the page').fill('An earlier version misnamed the corridor’s southern port.');
    await panel.getByRole('button', { name: 'Add the clarification' }).click();
    await until(() => panel.getByRole('listitem').count()).toBe(1);
    expect(await panel.getByRole('listitem').first().textContent()).toContain('clarification');
    expect(await panel.getByLabel('Note shown on the page').inputValue()).toBe('');

    // a contributor's profile title changes; the live byline keeps the old one until refreshed
    expect((await t.http().patch(`/v1/admin/contributors/${world.contributorId}`).set(editor.auth).send({ title: 'Director, Sahel Programme' })).status).toBe(200);
    const key = await contentKey(t, admin);
    const page = async () => (await t.http().get(`/v1/content/articles/${target.slug}`).set('X-Api-Key', key)).body;
    expect(JSON.stringify((await page()).article.bylines)).not.toContain('Director, Sahel Programme');
    await e.page.getByRole('button', { name: 'Refresh the live bylines' }).click();
    await e.page.getByText(/^Bylines refreshed at/).waitFor();
    await screen(e, 'editor-corrections-bylines');
    await until(async () => JSON.stringify((await page()).article.bylines)).toContain('Director, Sahel Programme');
    expect((await page()).article.corrections).toMatchObject([{ kind: 'clarification', text: 'An earlier version misnamed the corridor’s southern port.' }]);
    expect(e.problems).toEqual([]);
  });

  it('puts a library image with caption and credit and an allowlisted embed into the body; what the editor sends is what the sanitizer keeps and loads back', async () => {
    const e = await openDesk(browser, t);
    const page = e.page;
    const d = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(world, { headline: 'A body with a figure and an embed' }));
    expect(d.status).toBe(201);
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PATCH' && r.url().endsWith(`/v1/admin/articles/${d.body.id}`)) {
        const b = r.postDataJSON() as { bodyHtml?: string };
        if (b.bodyHtml !== undefined) sent.push(b.bodyHtml);
      }
    });
    await signIn(e, editor, `/desk/articles/${d.body.id}`);
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.click();
    await page.keyboard.press('Control+End');

    // an inline image from the library: its caption and credit come along
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    await page.getByRole('list', { name: 'Image library' }).getByRole('button', { name: 'A harbour at dawn' }).click();
    const fig = body.getByTestId('body-figure');
    await until(() => fig.count()).toBe(1);
    expect(await fig.textContent()).toContain('A harbour at dawn, in a caption.');
    expect(await fig.textContent()).toContain('Image credit: Amira Haddad - Reuters / Alamy');
    await fig.getByRole('button', { name: /Edit the caption and credit/ }).click();
    await page.getByRole('textbox', { name: 'Caption', exact: true }).fill('Container ships wait outside the port of Jebel Ali on 30 November 2026.');
    await page.getByRole('button', { name: 'Save caption and credit' }).press('Enter');
    await until(() => fig.textContent()).toContain('Container ships wait outside the port of Jebel Ali');

    // an embed: a host off the list is refused in words, a YouTube page becomes its player
    await page.getByRole('button', { name: 'Embed', exact: true }).click();
    await page.getByRole('textbox', { name: 'Address', exact: true }).fill('https://evil.example/embed/1');
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Interview');
    await page.getByRole('button', { name: 'Insert the embed' }).click();
    await until(() => page.getByText(/EMBED_HOST_NOT_ALLOWED/).count()).toBe(1);
    await page.getByRole('textbox', { name: 'Address', exact: true }).fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    await page.getByRole('button', { name: 'Insert the embed' }).click();
    await until(() => body.getByTestId('body-embed').textContent()).toContain('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    await waitSaved(page);
    await screen(e, 'editor-inline-figure-embed');

    // what the editor sent is what was stored, element for element
    const stored = (await t.http().get(`/v1/admin/articles/${d.body.id}`).set(editor.auth)).body.bodyHtml as string;
    expect(stored).toContain('<figure><img src="https://images.desk-test.example/media/images/');
    expect(stored).toContain(
      '" alt="A harbour at dawn" /><figcaption>Container ships wait outside the port of Jebel Ali on 30 November 2026.<cite>Image credit: Amira Haddad - Reuters / Alamy</cite></figcaption></figure>',
    );
    expect(stored).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Interview"></iframe>');
    // parsed by the browser into an inert document and serialized again (void elements alike)
    const normalized = (html: string) => page.evaluate<string>(`new DOMParser().parseFromString(${JSON.stringify(html)}, 'text/html').body.innerHTML`);
    expect(await normalized(sent.at(-1)!)).toBe(await normalized(stored));

    // loaded again: the same document
    const doc = async () => (await body.innerHTML()).replace(/ ?ProseMirror-selectednode/g, '').replace(/ class=""| style=""| draggable="true"/g, '');
    const before = await doc();
    await page.reload();
    await body.getByTestId('body-figure').waitFor();
    expect(await doc()).toBe(before);

    // and the preview shows the figure with its credit, the embed as a frame
    await page.getByRole('link', { name: 'Preview' }).click();
    const pb = page.getByTestId('preview-body');
    await pb.waitFor({ timeout: 15_000 });
    expect(await pb.locator('figure figcaption cite').textContent()).toBe('Image credit: Amira Haddad - Reuters / Alamy');
    expect(await pb.locator('iframe').getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(e.problems).toEqual([]);
  });

  it('home shows the teaser alerts of pages whose pinned story went away, and the licences expiring', async () => {
    // a live page pins a piece that is then unpublished; the top image's licence runs out in 10 days
    const page = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(world, { headline: 'A page that pins the corridor piece' }));
    expect(page.status).toBe(201);
    for (const a of ['submit', 'approve', 'publish']) expect((await act(t, editor, page.body.id, a)).status).toBe(200);
    expect(
      (
        await t
          .http()
          .put(`/v1/admin/articles/${page.body.id}/related`)
          .set(editor.auth)
          .send({ pins: [{ targetArticleId: live[0]!.id }] })
      ).status,
    ).toBe(200);
    expect((await act(t, editor, live[0]!.id, 'unpublish')).status).toBe(200);
    const expires = new Date(Date.now() + 10 * 86_400_000 + 3_600_000).toISOString();
    expect((await t.http().put(`/v1/admin/images/${topImage}/license`).set(editor.auth).send({ licensor: 'Alamy', terms: 'Editorial use only', expiresAt: expires })).status).toBe(
      200,
    );

    const e = await openDesk(browser, t);
    await signIn(e, editor);
    const alerts = e.page.getByTestId('teaser-alerts');
    await until(
      async () => {
        const text = await alerts.textContent();
        if (!text?.includes('was unpublished')) await e.page.reload();
        return alerts.textContent();
      },
      { timeout: 30_000, interval: 1000 },
    ).toContain(`A page that pins the corridor piece pins “${live[0]!.headline}”, which was unpublished`);
    const licences = e.page.getByTestId('licences-expiring');
    await until(() => licences.textContent()).toContain('Three heads of state at the summit table (Alamy): expires');
    expect(await licences.textContent()).toMatch(/10 days left · live on .*Sahel juntas court new partners/);
    await screen(e, 'home-editor-alerts-licences');
    await alerts.getByRole('button', { name: 'Mark the alert on “A page that pins the corridor piece” handled' }).click();
    await until(() => alerts.textContent()).toContain('No pinned story went away.');
    const open = (await t.http().get('/v1/admin/teaser-alerts').set(editor.auth)).body.items;
    expect(open).toEqual([]);
    expect(e.problems).toEqual([]);
  });

  it('shows the publish gate’s refusals in words beside the field they name', async () => {
    const approved = async (extra: Record<string, unknown>) => {
      const r = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(world, extra));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      for (const a of ['submit', 'approve']) expect((await act(t, editor, r.body.id, a)).status).toBe(200);
      return r.body.id as string;
    };
    const noImage = await approved({ headline: 'Approved without a top image', topImageId: null });
    const img = await makeTopImage(t, editor, 'A licence that ran out');
    const expired = await approved({ headline: 'Approved with an expired licence', topImageId: img });
    expect(
      (
        await t
          .http()
          .put(`/v1/admin/images/${img}/license`)
          .set(editor.auth)
          .send({ licensor: 'Alamy', expiresAt: new Date(Date.now() - 86_400_000).toISOString() })
      ).status,
    ).toBe(200);

    const e = await openDesk(browser, t);
    await signIn(e, editor, `/desk/articles/${noImage}`);
    const top = e.page.getByRole('region', { name: 'Top image' });
    await until(() => top.getByTestId('top-image-problem').textContent()).toBe('The publish gate needs a top image (PUBLISH_GATE_TOP_IMAGE_MISSING).');
    expect(await e.page.getByRole('button', { name: 'Publish now' }).isDisabled()).toBe(true);
    await screen(e, 'editor-publish-gate');

    await e.page.goto(`/desk/articles/${expired}`);
    await until(() => e.page.getByRole('region', { name: 'Top image' }).getByTestId('top-image-problem').textContent()).toContain('licence has expired');
    expect(await e.page.getByRole('region', { name: 'Top image' }).getByTestId('top-image-problem').textContent()).toContain('(IMAGE_LICENSE_EXPIRED)');
    expect(e.problems).toEqual([]);
  });
});
