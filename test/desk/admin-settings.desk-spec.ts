import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actingAs, contentKey, type Credential, type TestApp } from '../support/app-harness.js';
import { makeTopImage } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

describe('the desk: site settings and navigation', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: Credential;
  let writer: Credential;
  let key: string;
  let listId: string;
  let sectionId: string;

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    admin = await actingAs(t, 'admin', { displayName: 'Ana Admin' });
    writer = await actingAs(t, 'contributor', { displayName: 'Wes Writer' });
    key = await contentKey(t, admin);
    await makeTopImage(t, admin, 'Foreign Desk masthead');
    listId = (await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Weekly round-up' })).body.id;
    await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Europe briefing' });
    sectionId = (await t.http().post('/v1/admin/sections').set(admin.auth).send({ name: 'Europe' })).body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const content = async () => {
    const r = await t.http().get('/v1/content/settings').set('X-Api-Key', key);
    expect(r.status).toBe(200);
    return r.body;
  };

  it('an admin edits the settings and menus by keyboard and drag, sees the errors beside the field, and front-ends read it', async () => {
    const a = await openDesk(browser, t);
    await signIn(a, admin);
    await a.page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Site settings' }).click();
    const form = a.page.getByRole('form', { name: 'Site settings' });
    await form.getByLabel('Title').fill('The Foreign Desk');
    await form.getByLabel('Description').fill('Independent analysis of foreign policy.');

    // the logo from the image library
    await form.getByRole('button', { name: 'Choose a logo from the library' }).click();
    await a.page.getByRole('dialog', { name: 'Choose the logo' }).getByRole('button', { name: 'Foreign Desk masthead' }).click();
    await until(() => form.getByRole('img', { name: 'Foreign Desk masthead' }).count()).toBe(1);

    // a social account on http: the API's words beside that field, nothing typed lost
    await form.getByRole('button', { name: 'Add a social account' }).click();
    await form.getByLabel('Network of social account 1').selectOption('bluesky');
    await form.getByLabel('Address of social account 1').fill('http://bsky.app/profile/foreigndesk.example');
    await form.getByLabel('Handle of social account 1').fill('@foreigndesk');

    // the primary menu: three links, typed; then reordered by keyboard and by drag
    const addPrimary = form.getByRole('button', { name: 'Add a link to the primary menu' });
    for (const [label, url] of [
      ['Europe', '/europe'],
      ['Africa', '/africa'],
      ['Donate', 'https://donate.example.org/'],
    ]) {
      await addPrimary.click();
      const n = await form.getByTestId('primary-item').count();
      await form.getByLabel(`Label of primary link ${n}`).fill(label!);
      await form.getByLabel(`Address of primary link ${n}`).fill(url!);
    }
    await form.getByRole('button', { name: 'Add a sub-link to primary link 1' }).click();
    await form.getByLabel('Label of sub-link 1 of primary link 1').fill('Germany');
    await form.getByLabel('Address of sub-link 1 of primary link 1').fill('/europe/germany');
    const primaryLabels = () => form.getByTestId('primary-item').evaluateAll((lis) => lis.map((li) => (li.querySelector('input') as unknown as { value: string }).value));
    // keyboard: the handle of Donate, Alt+Up: Donate goes second and keeps the focus
    await form.getByRole('button', { name: 'Reorder primary link 3' }).focus();
    await a.page.keyboard.press('Alt+ArrowUp');
    await until(primaryLabels).toEqual(['Europe', 'Donate', 'Africa']);
    await until(() => a.page.evaluate('document.activeElement?.textContent')).toMatch(/Reorder primary link 2/);
    await until(() => form.getByRole('status').filter({ hasText: 'moved to position' }).textContent()).toBe('Donate moved to position 2 of 3.');
    // the arrow buttons
    await form.getByRole('button', { name: 'Move primary link 1 down' }).click();
    await until(primaryLabels).toEqual(['Donate', 'Europe', 'Africa']);
    // drag: Africa's handle onto the first link
    await form.getByRole('button', { name: 'Reorder primary link 3' }).dragTo(form.getByTestId('primary-item').first());
    await until(primaryLabels).toEqual(['Africa', 'Donate', 'Europe']);
    // remove Donate
    await form.getByRole('button', { name: 'Remove primary link 2' }).click();
    await until(primaryLabels).toEqual(['Africa', 'Europe']);

    await form.getByRole('button', { name: 'Add a link to the footer menu' }).click();
    await form.getByLabel('Label of footer link 1').fill('About');
    await form.getByLabel('Address of footer link 1').fill('/about');

    // the newsletter box copy and a list; one section with its own heading
    await form.getByLabel('Box heading').fill('Get the Foreign Desk weekly');
    await form.getByLabel('Button label').fill('Sign me up');
    await form.getByRole('group', { name: 'Lists the box offers' }).getByLabel('Weekly round-up').check();
    await form.getByLabel('Section for its own box').selectOption({ label: 'Europe' });
    await form.getByRole('button', { name: 'Give this section its own box' }).click();
    await form.getByLabel('Heading for Europe').fill('The Europe briefing');

    await form.getByRole('button', { name: 'Save the settings' }).click();
    const social = form.getByLabel('Address of social account 1');
    await until(() => social.getAttribute('aria-invalid')).toBe('true');
    // the words are the field's own description (aria-describedby), beside it
    const describedBy = () =>
      social.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id: string) => el.ownerDocument.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    await until(describedBy).toMatch(/an https URL \(isUrl\)/);
    expect(await a.page.evaluate('document.activeElement?.value')).toBe('http://bsky.app/profile/foreigndesk.example');
    expect(await form.getByLabel('Box heading').inputValue()).toBe('Get the Foreign Desk weekly');
    expect(await primaryLabels()).toEqual(['Africa', 'Europe']);
    await screen(a, 'admin-settings-error');
    expect((await t.http().get('/v1/admin/site-settings').set(admin.auth)).body.version).toBe(0);

    await social.fill('https://bsky.app/profile/foreigndesk.example');
    await form.getByRole('button', { name: 'Save the settings' }).click();
    await until(() => form.getByTestId('save-state').textContent()).toMatch(/^Saved as version 1\./);
    await screen(a, 'admin-settings');

    const s = await content();
    expect(s).toMatchObject({
      title: 'The Foreign Desk',
      description: 'Independent analysis of foreign policy.',
      logo: { alt: 'Foreign Desk masthead' },
      socialAccounts: [{ network: 'bluesky', url: 'https://bsky.app/profile/foreigndesk.example', label: '@foreigndesk' }],
      preferredSource: null,
      menus: {
        primary: [
          { label: 'Africa', url: '/africa', children: [] },
          { label: 'Europe', url: '/europe', children: [{ label: 'Germany', url: '/europe/germany' }] },
        ],
        footer: [{ label: 'About', url: '/about', children: [] }],
      },
      newsletterBox: { heading: 'Get the Foreign Desk weekly', buttonLabel: 'Sign me up', lists: [{ id: listId, name: 'Weekly round-up' }] },
      sectionBoxes: [{ section: { id: sectionId, name: 'Europe' }, heading: 'The Europe briefing', buttonLabel: 'Sign me up' }],
    });

    // every control is reachable by Tab, from the title to the save button
    await form.getByLabel('Title').focus();
    let reached = false;
    for (let i = 0; i < 150 && !reached; i++) {
      await a.page.keyboard.press('Tab');
      reached = await a.page.evaluate("document.activeElement?.textContent === 'Save the settings'");
    }
    expect(reached).toBe(true);
    expect(a.problems).toEqual([]);
  });

  it('someone else saves meanwhile: the 412 keeps what was typed, takes their other changes and lets the admin choose', async () => {
    const a = await openDesk(browser, t);
    await signIn(a, admin, '/desk/admin/settings');
    const form = a.page.getByRole('form', { name: 'Site settings' });
    await form.getByLabel('Title').waitFor();
    const before = (await t.http().get('/v1/admin/site-settings').set(admin.auth)).body;
    await form.getByLabel('Title').fill('The Foreign Desk, daily');
    await form.getByLabel('Box text').fill('Our analysts, in your inbox every Friday.');

    // meanwhile, in another tab: a new description and another title
    const { version, updatedAt: _u, ...doc } = before;
    const other = await t
      .http()
      .put('/v1/admin/site-settings')
      .set(admin.auth)
      .set('If-Match', `"s${version}"`)
      .send({ ...doc, title: 'The Foreign Desk (theirs)', description: 'Foreign policy, explained.' });
    expect(other.status, JSON.stringify(other.body)).toBe(200);

    await form.getByRole('button', { name: 'Save the settings' }).click();
    const panel = a.page.getByRole('region', { name: /Someone else saved the settings \(version \d+\)/ });
    await until(() => panel.textContent()).toMatch(/Their changes to Description are taken\. Your changes to Newsletter box are kept\./);
    const row = panel.getByRole('row', { name: /^Title/ });
    expect(await row.textContent()).toMatch(/The Foreign Desk \(theirs\)The Foreign Desk, daily/);
    expect(await form.getByLabel('Title').inputValue()).toBe('The Foreign Desk, daily');
    await screen(a, 'admin-settings-conflict');
    await row.getByLabel('mine').check();
    await panel.getByRole('button', { name: 'Use this merge' }).click();
    await until(() => form.getByLabel('Description').inputValue()).toBe('Foreign policy, explained.');
    expect(await form.getByLabel('Title').inputValue()).toBe('The Foreign Desk, daily');
    // nothing resent by itself: the admin saves the merge
    expect((await t.http().get('/v1/admin/site-settings').set(admin.auth)).body.title).toBe('The Foreign Desk (theirs)');
    await form.getByRole('button', { name: 'Save the settings' }).click();
    await until(() => form.getByTestId('save-state').textContent()).toMatch(/^Saved as version \d+\./);
    await until(async () => (await content()) as Record<string, unknown>).toMatchObject({
      title: 'The Foreign Desk, daily',
      description: 'Foreign policy, explained.',
      newsletterBox: { body: 'Our analysts, in your inbox every Friday.' },
    });
    expect(a.problems).toEqual([]);
  });

  it('a contributor is offered none of the admin screens, and one opened by address says why', async () => {
    const w = await openDesk(browser, t);
    await signIn(w, writer);
    expect(await w.page.getByRole('navigation', { name: 'Admin' }).count()).toBe(0);
    for (const [path, permission] of [
      ['/desk/admin/settings', 'settings.manage'],
      ['/desk/admin/newsletter/signups', 'newsletter.manage'],
      ['/desk/admin/webhooks', 'webhooks.manage'],
      ['/desk/admin/taxonomy', 'taxonomy.manage'],
    ]) {
      await w.page.goto(path!);
      const alert = w.page.getByRole('main').getByRole('alert');
      await until(() => alert.textContent()).toMatch(new RegExp(`role contributor.*needs the permission ${permission!.replace('.', '\\.')}`));
    }
    await screen(w, 'admin-settings-contributor');
    expect(w.problems).toEqual([]);
  });
});
