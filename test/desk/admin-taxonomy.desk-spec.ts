import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, type Credential, type TestApp } from '../support/app-harness.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

describe('the desk: taxonomy', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: Credential;

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    for (const name of ['Europe', 'Africa']) expect((await t.http().post('/v1/admin/sections').set(editor.auth).send({ name })).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an editor creates, searches and renames sections, types and tags; the slug stays', async () => {
    const e = await openDesk(browser, t);
    await signIn(e, editor);
    await e.page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Taxonomy' }).click();

    // sections: a taken slug is refused beside the field, the name typed stays
    const create = e.page.getByRole('form', { name: 'New section' });
    await create.getByLabel('Name').fill('Middle East');
    await create.getByLabel('Slug').fill('europe');
    await create.getByRole('button', { name: 'Create the section' }).click();
    await until(() => create.getByRole('alert').first().textContent()).toMatch(/SECTION_SLUG_TAKEN/);
    expect(await create.getByLabel('Name').inputValue()).toBe('Middle East');
    await create.getByLabel('Slug').fill('');
    await create.getByLabel('Description').fill('From the Maghreb to the Gulf.');
    await create.getByRole('button', { name: 'Create the section' }).click();
    await until(() => create.getByRole('status').textContent()).toBe('Created “Middle East” at /middle-east.');

    const sections = e.page.getByRole('table', { name: 'Sections' });
    await until(() => sections.getByRole('row').count()).toBe(4);
    await e.page.getByLabel('Search sections').fill('midd');
    await until(() => sections.getByRole('row').count()).toBe(2);
    await sections.getByLabel('Name of Middle East').fill('Middle East & North Africa');
    await sections.getByLabel('Name of Middle East').press('Enter');
    await until(() => sections.getByRole('status').textContent()).toBe('Saved; the slug stays /middle-east.');
    const rows = await t.http().get('/v1/admin/sections').set(editor.auth);
    expect(rows.body.find((s: { slug: string }) => s.slug === 'middle-east')).toMatchObject({ name: 'Middle East & North Africa', description: 'From the Maghreb to the Gulf.' });
    await screen(e, 'admin-taxonomy-sections');

    // article types
    await e.page.getByRole('navigation', { name: 'Taxonomy' }).getByRole('link', { name: 'Article types' }).click();
    const newType = e.page.getByRole('form', { name: 'New article type' });
    await newType.getByLabel('Name').fill('Analysis');
    await newType.getByRole('button', { name: 'Create the article type' }).click();
    await until(() => newType.getByRole('status').textContent()).toBe('Created “Analysis” at /analysis.');
    const types = e.page.getByRole('table', { name: 'Article types' });
    await types.getByLabel('Name of Analysis').fill('Long analysis');
    await types.getByRole('button', { name: 'Save Analysis' }).click();
    await until(() => types.getByRole('status').textContent()).toBe('Saved; the slug stays /analysis.');
    await screen(e, 'admin-taxonomy-types');

    // tags, with their kind; search on the server
    await e.page.getByRole('navigation', { name: 'Taxonomy' }).getByRole('link', { name: 'Tags' }).click();
    const newTag = e.page.getByRole('form', { name: 'New tag' });
    for (const [name, kind] of [
      ['Donald Tusk', 'person'],
      ['Gdansk', 'place'],
      ['NATO', 'organization'],
    ]) {
      await newTag.getByLabel('Name').fill(name!);
      await newTag.getByLabel('Kind').selectOption(kind!);
      await newTag.getByRole('button', { name: 'Create the tag' }).click();
      await until(() => newTag.getByRole('status').textContent()).toMatch(name!);
    }
    const tags = e.page.getByRole('table', { name: 'Tags' });
    await until(() => tags.getByRole('row').count()).toBe(4);
    await e.page.getByRole('search', { name: 'Find tags' }).getByLabel('Kind').selectOption('place');
    await until(() => tags.getByRole('row').count()).toBe(2);
    await e.page.getByRole('search', { name: 'Find tags' }).getByLabel('Kind').selectOption('');
    await e.page.getByLabel('Search tags').fill('tusk');
    await until(() => tags.getByRole('row').count()).toBe(2);
    await tags.getByLabel('Name of Donald Tusk').fill('Donald Franciszek Tusk');
    await tags.getByLabel('Kind of Donald Tusk').selectOption('topic');
    await tags.getByRole('button', { name: 'Save Donald Tusk' }).click();
    await until(() => tags.getByRole('status').textContent()).toBe('Saved; the slug stays /donald-tusk.');
    const tag = (await t.http().get('/v1/admin/tags').query({ q: 'tusk' }).set(editor.auth)).body.items[0];
    expect(tag).toMatchObject({ name: 'Donald Franciszek Tusk', slug: 'donald-tusk', kind: 'topic' });
    await screen(e, 'admin-taxonomy-tags');
    expect(e.problems).toEqual([]);
  });
});
