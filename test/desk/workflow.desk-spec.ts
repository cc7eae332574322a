import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, contentKey, type Credential, type TestApp } from '../support/app-harness.js';
import { makeWorld, type World } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until, waitSaved } from './desk-support.js';

const IMAGE = new URL('../fixtures/images/sample.jpg', import.meta.url).pathname;
const IMAGE2 = new URL('../fixtures/images/sample.png', import.meta.url).pathname;

/** Wall-clock "YYYY-MM-DDTHH:MM:SS" of an instant in a zone (what a person types in the picker). */
function wallClock(d: Date, tz: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

describe('the desk: a piece from draft to live, in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: Credential;
  let writer: Credential;
  let admin: Credential;
  let world: World;

  beforeAll(async () => {
    t = await deskApp({ worker: true });
    browser = await launch();
    admin = await actingAs(t, 'admin');
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    writer = await actingAs(t, 'contributor', { displayName: 'Wes Writer' });
    world = await makeWorld(t, editor, { contributorAccountId: writer.accountId });
    for (const [kind, name] of [
      ['person', 'Frederic Legrand'],
      ['agency', 'COMEO'],
      ['provider', 'Shutterstock.com'],
    ]) {
      const r = await t.http().post('/v1/admin/credit-parties').set(editor.auth).send({ kind, name });
      expect(r.status).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('writer drafts with an inline and a top image and submits; editor requests changes; writer resubmits; editor approves and schedules; it goes live', async () => {
    const w = await openDesk(browser, t);
    await w.page.goto('/desk');
    await screen(w, 'sign-in');
    await signIn(w, writer);
    await screen(w, 'home-writer');

    // a new draft
    await w.page.getByRole('link', { name: 'New article' }).click();
    await w.page.getByLabel('Headline').fill('Europe’s leaders test a new coalition of the willing');
    await w.page.getByRole('button', { name: 'Create the draft' }).click();
    await w.page.getByTestId('save-state').waitFor();
    const id = new URL(w.page.url()).pathname.split('/').pop()!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    // a contributor is offered submit, blocked until the required fields are there
    const submit = w.page.getByRole('button', { name: 'Submit for review' });
    await until(() => submit.isDisabled()).toBe(true);
    await until(async () => (await w.page.getByTestId('workflow-actions').getByRole('button').allTextContents()).join('|')).toBe('Submit for review');

    await w.page.getByLabel('Dek').fill('One sentence that frames the argument.');
    const sectionName = (await (await t.http().get(`/v1/admin/sections/${world.sectionId}`).set(editor.auth)).body).name as string;
    const typeName = (await (await t.http().get(`/v1/admin/article-types/${world.typeId}`).set(editor.auth)).body).name as string;
    await w.page.getByLabel('Type', { exact: true }).selectOption({ label: typeName });
    await w.page.getByLabel('Section', { exact: true }).selectOption({ label: sectionName });
    await until(() => w.page.getByTestId('kicker').textContent()).toBe(`${typeName} | ${sectionName}`);
    // the writer's own profile is the first byline
    await until(() => w.page.getByRole('list', { name: 'Bylines in order' }).textContent()).toMatch(/^⋮⋮Ada Writer/);

    // the body: typed, with a bold word and an inline image from an upload
    const body = w.page.getByRole('textbox', { name: 'Body' });
    await body.click();
    await w.page.keyboard.type('The summit opened with a warning. ');
    await w.page.keyboard.press('Control+b');
    await w.page.keyboard.type('Nobody');
    await w.page.keyboard.press('Control+b');
    await w.page.keyboard.type(' expected the vote.');
    await w.page.keyboard.press('Enter');
    await w.page.keyboard.type('A second paragraph follows.');
    await until(() => w.page.getByTestId('word-count').textContent()).toBe('14 words, 1 min read');
    await w.page.getByRole('button', { name: 'Image', exact: true }).click();
    await w.page.getByLabel('Image file').setInputFiles(IMAGE2);
    await until(() => body.locator('img').count(), { timeout: 15_000 }).toBe(1);

    // the top image: upload, describe, credit (parties created inline)
    await w.page.getByRole('button', { name: 'Choose or upload a top image…' }).click();
    await w.page.getByLabel('Image file').setInputFiles(IMAGE);
    await w.page.getByLabel('Alt text').waitFor();
    await w.page.getByLabel('Alt text').fill('Three heads of state at the summit table');
    await w.page.getByLabel('Default caption').fill('The leaders meet in Brussels on 1 December 2026.');
    // credit parties come from the shared list (a contributor may not create them)
    await w.page.getByLabel('Photographer', { exact: true }).fill('Legrand');
    await w.page.getByRole('button', { name: 'Frederic Legrand' }).click();
    await w.page.getByLabel('Agency', { exact: true }).fill('COM');
    await w.page.getByRole('button', { name: 'COMEO' }).click();
    await w.page.getByLabel('Provider', { exact: true }).fill('shutter');
    await w.page.getByRole('button', { name: 'Shutterstock.com' }).click();
    await w.page.getByRole('button', { name: 'Save image details' }).click();
    await until(() => w.page.getByTestId('credit-line').textContent(), { timeout: 10_000 }).toBe('Top image credit: Frederic Legrand - COMEO / Shutterstock.com');
    await waitSaved(w.page);
    await until(() => submit.isDisabled()).toBe(false);
    await screen(w, 'editor-draft');

    // round trip: what the editor shows now is what comes back from the api
    // (the selection's decoration aside: the image may be the selected node before the reload)
    const doc = async () => (await body.innerHTML()).replace(/ ?ProseMirror-selectednode/g, '').replace(/ class=""| style=""| draggable="true"/g, '');
    const before = await doc();
    await w.page.reload();
    await body.waitFor();
    expect(await doc()).toBe(before);
    const stored = (await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth)).body;
    expect(stored.bodyHtml).toMatch(
      /^<p>The summit opened with a warning\. <strong>Nobody<\/strong> expected the vote\.<\/p><p>A second paragraph follows\.<\/p><figure><img src="https:\/\/images\.desk-test\.example\/media\/images\/[0-9a-f]{64}\.png" alt="" \/><\/figure><p><\/p>$/,
    );

    await submit.focus();
    await w.page.keyboard.press('Enter');
    await until(() => w.page.locator('.workflow .status').textContent()).toBe('in review');
    // in review, a contributor is offered nothing (and the api refuses them everything)
    await until(() => w.page.getByTestId('workflow-actions').getByRole('button').count()).toBe(0);
    // leaving the page releases the edit lock
    await w.page.getByRole('link', { name: 'Home' }).click();

    // the editor asks for changes
    const e = await openDesk(browser, t);
    await signIn(e, editor);
    await screen(e, 'home-editor');
    await e.page
      .getByRole('region', { name: 'Waiting for review' })
      .getByRole('link', { name: /coalition of the willing/ })
      .click();
    await e.page.getByRole('button', { name: 'Request changes' }).click();
    await e.page.getByLabel('Comment for the author (required)').fill('Please name the three leaders in the first paragraph.');
    await e.page.locator('.action-form').getByRole('button', { name: 'Request changes' }).click();
    await until(() => e.page.locator('.workflow .status').textContent()).toBe('draft');
    await e.page.getByRole('link', { name: 'Home' }).click();

    // the writer sees the comment, edits, resubmits
    await w.page.goto(`/desk/articles/${id}`);
    await until(() => w.page.getByTestId('change-request').textContent()).toContain('Please name the three leaders in the first paragraph.');
    await w.page.getByRole('textbox', { name: 'Body' }).click();
    await w.page.keyboard.press('Control+End');
    await w.page.keyboard.press('Enter');
    await w.page.keyboard.type('Macron, Tusk and Merz spoke first.');
    await waitSaved(w.page);
    await w.page.getByRole('button', { name: 'Submit for review' }).click();
    await until(() => w.page.locator('.workflow .status').textContent()).toBe('in review');
    await w.page.getByRole('link', { name: 'Home' }).click();

    // the editor approves and schedules a few seconds ahead, picked in the newsroom's zone
    await e.page.goto(`/desk/articles/${id}`);
    await e.page.getByRole('button', { name: 'Approve' }).click();
    await until(() => e.page.locator('.workflow .status').textContent()).toBe('approved');
    await e.page.getByRole('button', { name: 'Schedule' }).click();
    const when = new Date(Math.ceil((Date.now() + 25_000) / 1000) * 1000);
    await e.page.getByLabel('Publish at (Europe/Berlin)').fill(wallClock(when, 'Europe/Berlin'));
    await screen(e, 'editor-schedule');
    await e.page.locator('.action-form').getByRole('button', { name: 'Schedule' }).click();
    await until(() => e.page.locator('.workflow .status').textContent()).toBe('scheduled');
    const scheduled = (await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth)).body;
    expect(scheduled.scheduledAt).toBe(when.toISOString());

    // it goes live: the content API serves it
    const key = await contentKey(t, admin);
    await until(async () => (await t.http().get(`/v1/content/articles/${scheduled.slug}`).set('X-Api-Key', key)).status, { timeout: 60_000, interval: 500 }).toBe(200);
    const live = (await t.http().get(`/v1/content/articles/${scheduled.slug}`).set('X-Api-Key', key)).body;
    expect(JSON.stringify(live)).toContain('Macron, Tusk and Merz spoke first.');
    expect(JSON.stringify(live)).toContain('Top image credit: Frederic Legrand - COMEO / Shutterstock.com');

    await e.page.goto(`/desk/articles/${id}`);
    await until(() => e.page.locator('.workflow .status').textContent(), { timeout: 10_000 }).toBe('published');
    await screen(e, 'editor-published');
    await e.page.goto(`/desk/articles/${id}/revisions`);
    await e.page.getByRole('heading', { name: /Changes from/ }).waitFor();
    await screen(e, 'revisions');
    await e.page.goto('/desk/articles');
    await e.page.getByRole('link', { name: /coalition of the willing/ }).waitFor();
    await screen(e, 'article-list');
    await e.page.goto('/desk/images');
    await e.page.getByRole('list', { name: 'Image library' }).getByRole('listitem').first().waitFor();
    await screen(e, 'image-library');
    expect([...w.problems, ...e.problems]).toEqual([]);
  });
});
