import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, type Credential, type TestApp } from '../support/app-harness.js';
import { completeArticle, makeWorld } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

const JPG = new URL('../fixtures/images/sample.jpg', import.meta.url).pathname;
const PNG = new URL('../fixtures/images/sample.png', import.meta.url).pathname;

describe('the desk: the image library', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: Credential;
  let contributor: Credential;
  let used: string;
  let unused: string;
  let articleId: string;

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    contributor = await actingAs(t, 'contributor', { displayName: 'Cato Contributor' });
    const world = await makeWorld(t, editor);
    const up = async (file: string, alt: string) => {
      const r = await t.http().post('/v1/admin/images').set(editor.auth).attach('file', file).field('altText', alt);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    used = await up(JPG, 'Three heads of state at the summit table');
    unused = await up(PNG, 'A harbour at dawn');
    const agency = await t.http().post('/v1/admin/credit-parties').set(editor.auth).send({ kind: 'agency', name: 'Reuters' });
    expect((await t.http().put(`/v1/admin/images/${used}/credit`).set(editor.auth).send({ agencyId: agency.body.id })).status).toBe(200);
    const a = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(world, { headline: 'Sahel juntas court new partners', topImageId: used }));
    expect(a.status).toBe(201);
    articleId = a.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an editor searches the library, licenses an image, sees it in the report and where it is used, and deletes an unused one', async () => {
    const e = await openDesk(browser, t);
    await signIn(e, editor);
    await e.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images' }).click();
    const grid = e.page.getByRole('list', { name: 'Image library' });
    await until(() => grid.getByRole('listitem').count()).toBe(3);
    await screen(e, 'images-library');

    // search by the credited agency: only the Reuters image stays
    await e.page.getByLabel('Search images').fill('reuters');
    await until(() => grid.getByRole('listitem').count()).toBe(1);
    await expect(grid.getByRole('listitem').first().textContent()).resolves.toMatch(/Three heads of state/);
    await e.page.getByLabel('Search images').fill('no such picture');
    await until(() => e.page.getByText('No image matches “no such picture”.').count()).toBe(1);
    await e.page.getByLabel('Search images').fill('heads of state');
    await until(() => grid.getByRole('listitem').count()).toBe(1);

    // open it: where it is used names the article; the licence is set with an expiry in 10 days
    await grid.getByRole('link', { name: 'Open Three heads of state at the summit table' }).click();
    await until(() => e.page.getByTestId('where-used').textContent()).toMatch(/Sahel juntas court new partners \(top image/);
    expect(await e.page.getByRole('button', { name: 'Delete the image' }).isDisabled()).toBe(true);
    const expires = new Date(Date.now() + 10 * 86_400_000);
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(expires);
    const licence = e.page.getByRole('group', { name: 'Licence' });
    await licence.getByLabel('Licensor').fill('Reuters Pictures');
    await licence.getByLabel('Terms').fill('Editorial use only');
    await licence.getByLabel(/^Expires/).fill(`${local}T12:00`);
    await licence.getByRole('button', { name: 'Save the licence' }).click();
    await until(() => licence.getByRole('status').textContent()).toMatch(/Licence saved/);
    await until(() => licence.getByTestId('licence-state').textContent()).toMatch(/^The licence runs until .*Europe\/Berlin \(11:00 UTC\)\.$/);
    const stored = (await t.http().get(`/v1/admin/images/${used}`).set(editor.auth)).body;
    expect(stored.license).toMatchObject({ licensor: 'Reuters Pictures', terms: 'Editorial use only', expiresAt: `${local}T11:00:00.000Z` });
    await screen(e, 'images-detail');

    // the library's licence report lists it; the link leads back to the image
    await e.page.getByRole('link', { name: '← The image library' }).click();
    const report = e.page.getByRole('table', { name: 'Licences expired or expiring' });
    await until(() => report.getByRole('row').count()).toBe(2);
    await expect(report.getByRole('row').nth(1).textContent()).resolves.toMatch(/Reuters Pictures.*(9|10) days left/);
    await screen(e, 'images-licence-report');

    // the where-used link opens the article; the unused image is deleted after a confirmation
    await e.page.goto(`/desk/images/${unused}`);
    await e.page.getByTestId('where-used').waitFor();
    await expect(e.page.getByTestId('where-used').textContent()).resolves.toBe('Not used in any article or teaser.');
    await e.page.getByRole('button', { name: 'Delete the image' }).click();
    const dialog = e.page.getByRole('dialog', { name: 'Delete this image?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await until(() => e.page.url()).toMatch(/\/desk\/images$/);
    expect((await t.http().get(`/v1/admin/images/${unused}`).set(editor.auth)).status).toBe(404);
    await e.page.goto(`/desk/images/${used}`);
    await e.page.getByTestId('where-used').getByRole('link', { name: 'Sahel juntas court new partners' }).click();
    await until(() => e.page.url()).toMatch(new RegExp(`/desk/articles/${articleId}$`));
    expect(e.problems).toEqual([]);
    await e.context.close();
  });

  it('the licence typed on a top image in the article editor is saved on the image; alt text typed beside it stays', async () => {
    const e = await openDesk(browser, t);
    await signIn(e, editor, `/desk/articles/${articleId}`);
    const top = e.page.getByRole('region', { name: 'Top image' });
    await top.getByLabel('Alt text').fill('Heads of state, unsaved edit');
    const licence = top.getByRole('group', { name: 'Licence' });
    await licence.getByLabel('Licensor').fill('AFP');
    await licence.getByRole('button', { name: 'Save the licence' }).click();
    await until(() => licence.getByRole('status').textContent()).toMatch(/Licence saved/);
    expect(await top.getByLabel('Alt text').inputValue()).toBe('Heads of state, unsaved edit');
    expect((await t.http().get(`/v1/admin/images/${used}`).set(editor.auth)).body.license.licensor).toBe('AFP');
    await e.context.close();
  });

  it('a contributor sees the library and an image, but neither the licence editor, the report nor delete', async () => {
    const c = await openDesk(browser, t);
    await signIn(c, contributor, `/desk/images/${used}`);
    await c.page.getByRole('heading', { level: 1, name: 'Three heads of state at the summit table' }).waitFor();
    expect(await c.page.getByRole('group', { name: 'Licence' }).count()).toBe(0);
    expect(await c.page.getByRole('button', { name: 'Delete the image' }).count()).toBe(0);
    await c.page.goto('/desk/images');
    await c.page.getByRole('list', { name: 'Image library' }).getByRole('listitem').first().waitFor();
    expect(await c.page.getByRole('heading', { name: 'Licence report' }).count()).toBe(0);
    await screen(c, 'images-library-contributor');
    await c.context.close();
  });
});
