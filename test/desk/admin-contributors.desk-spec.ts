import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, type Credential, type TestApp } from '../support/app-harness.js';
import { completeArticle, makeTopImage, makeWorld, type World } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

describe('the desk: contributor profiles', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: Credential;
  let editor: Credential;
  let writer: Credential;
  let world: World;

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    admin = await actingAs(t, 'admin', { displayName: 'Ana Admin' });
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    writer = await actingAs(t, 'contributor', { displayName: 'Wes Writer' });
    world = await makeWorld(t, editor);
    await makeTopImage(t, editor, 'Portrait of Jane Doe');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const post = async (path: string, body: object) => {
    const r = await t.http().post(path).set(editor.auth).send(body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string };
  };

  it('an editor creates a profile with an avatar and links, renames its slug, and merges a duplicate into it with a preview', async () => {
    const e = await openDesk(browser, t);
    await signIn(e, editor);
    const adminNav = e.page.getByRole('navigation', { name: 'Admin' });
    await until(() => adminNav.getByRole('link').allTextContents()).toContain('Contributors');
    expect(await adminNav.getByRole('link', { name: 'Accounts' }).count()).toBe(0);
    await adminNav.getByRole('link', { name: 'Contributors' }).click();

    // a bad link: the words beside it, nothing typed lost
    const form = e.page.getByRole('form', { name: 'New profile' });
    await form.getByLabel('Name').fill('Jane Doe');
    await form.getByLabel('Title or affiliation').fill('Senior Fellow, Carnegie Europe');
    await form.getByLabel('Bio').fill('Jane Doe writes about European security.');
    await form.getByLabel('Disclosure').fill('Jane Doe has advised the European Commission.');
    await form.getByRole('button', { name: 'Add a link' }).click();
    await form.getByLabel('Network of link 1').selectOption('bluesky');
    await form.getByLabel('Address of link 1').fill('https://example.org/jane');
    await form.getByRole('button', { name: 'Create the profile' }).click();
    await until(() => form.getByRole('alert').first().textContent()).toMatch(/CONTRIBUTOR_SOCIAL_LINK_INVALID/);
    expect(await form.getByLabel('Bio').inputValue()).toBe('Jane Doe writes about European security.');
    await screen(e, 'admin-contributors');
    await form.getByLabel('Address of link 1').fill('https://bsky.app/profile/jane.example.org');

    // the avatar from the image library
    await form.getByRole('button', { name: 'Choose an avatar from the library' }).click();
    await e.page.getByRole('dialog', { name: 'Choose the avatar' }).getByRole('button', { name: 'Portrait of Jane Doe' }).click();
    await until(() => form.getByRole('img', { name: 'Portrait of Jane Doe' }).count()).toBe(1);
    await form.getByRole('button', { name: 'Create the profile' }).click();
    await e.page.getByRole('heading', { name: 'Jane Doe', level: 1 }).waitFor();
    const janeId = new URL(e.page.url()).pathname.split('/').pop()!;
    const jane = (await t.http().get(`/v1/admin/contributors/${janeId}`).set(editor.auth)).body;
    expect(jane).toMatchObject({
      name: 'Jane Doe',
      slug: 'jane-doe',
      title: 'Senior Fellow, Carnegie Europe',
      disclosure: 'Jane Doe has advised the European Commission.',
      socialLinks: [{ network: 'bluesky', url: 'https://bsky.app/profile/jane.example.org' }],
    });
    expect(jane.avatarImageId).toMatch(/^[0-9a-f-]{36}$/);

    // a new slug: the old address keeps redirecting
    const profile = e.page.getByRole('form', { name: 'Profile' });
    await profile.getByLabel('Slug').fill('jane-doe-carnegie');
    await profile.getByRole('button', { name: 'Save the profile' }).click();
    await until(() => e.page.getByRole('main').getByRole('status').first().textContent()).toMatch(/old address \/jane-doe now redirects to \/jane-doe-carnegie/);

    // an editor cannot read the accounts list: linking says who can
    await until(() => e.page.getByRole('region', { name: 'Login account' }).textContent()).toMatch(/only admins \(accounts\.manage\)/);
    await screen(e, 'admin-contributor-profile');

    // a duplicate with two pieces, one of which already credits Jane
    const dup = await post('/v1/admin/contributors', { name: 'J. Doe' });
    const only = await post('/v1/admin/articles', completeArticle(world, { headline: 'Only J. Doe wrote this', bylineIds: [dup.id] }));
    await post('/v1/admin/articles', completeArticle(world, { headline: 'Both of them wrote this', bylineIds: [janeId, dup.id] }));
    await e.page.goto(`/desk/admin/contributors/${dup.id}`);
    await e.page.getByLabel('Find the profile that remains').fill('Jane');
    await e.page
      .getByRole('list', { name: 'Profiles found' })
      .getByRole('button', { name: /Jane Doe/ })
      .click();
    const preview = e.page.getByRole('region', { name: 'What the merge moves' });
    await until(() => preview.textContent()).toMatch(/1 byline moves to Jane Doe:Only J\. Doe wrote this/);
    expect(await preview.textContent()).toMatch(/1 article already credits Jane Doe: J\. Doe’s byline is dropped there\./);
    expect(await preview.textContent()).toMatch(/The address \/j-doe redirects to \/jane-doe-carnegie\./);
    await screen(e, 'admin-contributor-merge');
    await preview.getByRole('button', { name: 'Merge J. Doe into Jane Doe' }).click();
    await e.page.getByRole('dialog', { name: 'Merge J. Doe into Jane Doe?' }).getByRole('button', { name: 'Merge' }).click();
    await e.page.getByRole('heading', { name: 'Jane Doe', level: 1 }).waitFor();
    await until(() => e.page.getByRole('main').getByRole('status').first().textContent()).toBe('Merged: 1 byline moved, 1 duplicate dropped.');
    const moved = (await t.http().get(`/v1/admin/articles/${only.id}`).set(editor.auth)).body;
    expect(moved.bylineIds).toEqual([janeId]);
    expect((await t.http().get(`/v1/admin/contributors/${dup.id}`).set(editor.auth)).body.mergedIntoId).toBe(janeId);
    expect(e.problems).toEqual([]);
  });

  it('an admin links a login account to a profile and unlinks it again', async () => {
    const p = await post('/v1/admin/contributors', { name: 'Wes Writer' });
    const a = await openDesk(browser, t);
    await signIn(a, admin, `/desk/admin/contributors/${p.id}`);
    await a.page.getByLabel('Find an account to link').fill('Wes');
    await a.page.getByRole('button', { name: `Link Wes Writer (${writer.email})` }).click();
    const box = a.page.getByRole('region', { name: 'Login account' });
    await until(() => box.textContent()).toMatch(new RegExp(`Linked to Wes Writer \\(${writer.email.replace(/\./g, '\\.')}, contributor\\)`));
    expect((await t.http().get(`/v1/admin/contributors/${p.id}`).set(admin.auth)).body.accountId).toBe(writer.accountId);
    // the same account on a second profile: the API's words
    const other = await post('/v1/admin/contributors', { name: 'W. Writer' });
    await a.page.goto(`/desk/admin/contributors/${other.id}`);
    await a.page.getByLabel('Find an account to link').fill('Wes');
    await a.page.getByRole('button', { name: `Link Wes Writer (${writer.email})` }).click();
    await until(() => a.page.getByRole('region', { name: 'Login account' }).getByRole('alert').textContent()).toMatch(/CONTRIBUTOR_ACCOUNT_TAKEN/);
    await a.page.goto(`/desk/admin/contributors/${p.id}`);
    await box.getByRole('button', { name: 'Unlink the account' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Unlink the account?' });
    await until(() => dialog.textContent()).toMatch(/Bylines already on articles stay/);
    await dialog.getByRole('button', { name: 'Unlink' }).click();
    await until(() => box.textContent()).toMatch(/No account: an outside writer/);
    expect((await t.http().get(`/v1/admin/contributors/${p.id}`).set(admin.auth)).body.accountId).toBeNull();
    expect(a.problems).toEqual([]);
  });
});
