import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ACTIONS } from '#libs/editorial-workflow';
import { actingAs, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until, waitSaved } from './desk-support.js';

/**
 * Issue 19's quality bar, in the browser: two desks on one piece (the 412 merge keeps both
 * writers' text), a session that ends mid-edit (nothing typed is lost, the save lands after
 * signing in again), a contributor offered exactly what the API allows, and the main actions
 * done with the keyboard alone.
 */

describe('the desk: editing together, sessions, what is offered, the keyboard', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: Credential;
  let editor2: Credential;
  let writer: Credential;
  let world: World;

  const piece = async (who: Credential, extra: Record<string, unknown> = {}) => {
    const r = await t.http().post('/v1/admin/articles').set(who.auth).send(completeArticle(world, extra));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const stored = async (id: string) =>
    (await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth)).body as { headline: string; dek: string; bodyHtml: string; status: string };
  const typeInBody = async (page: Page, text: string) => {
    await page.getByRole('textbox', { name: 'Body' }).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(text);
  };

  beforeAll(async () => {
    t = await deskApp();
    browser = await launch();
    editor = await actingAs(t, 'editor', { displayName: 'Erin Editor' });
    editor2 = await actingAs(t, 'editor', { displayName: 'Otto Other' });
    writer = await actingAs(t, 'contributor', { displayName: 'Wes Writer' });
    world = await makeWorld(t, editor, { contributorAccountId: writer.accountId });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('two browsers on one piece: the 412 merge keeps both writers’ text', async () => {
    const id = await piece(editor, { headline: 'The coalition meets again' });
    const a = await openDesk(browser, t);
    await signIn(a, editor, `/desk/articles/${id}`);
    await a.page.getByRole('textbox', { name: 'Body' }).waitFor();

    // the second desk finds the piece held, takes it over, and changes the headline and dek
    const b = await openDesk(browser, t);
    await signIn(b, editor2, `/desk/articles/${id}`);
    await until(() => b.page.getByTestId('lock-banner').textContent()).toContain('Erin Editor is editing this piece');
    await b.page.getByRole('button', { name: 'Take over' }).click();
    await until(() => b.page.getByTestId('lock-banner').count()).toBe(0);
    await b.page.getByLabel('Headline').fill('The coalition meets again, without Hungary');
    await b.page.getByLabel('Dek').fill('Otto’s dek: a smaller table, a faster decision.');
    await waitSaved(b.page);

    // the first desk types on in the body, unaware: its save meets the newer version (412)
    await typeInBody(a.page, ' Erin’s paragraph end: the vote is on Friday.');
    const dialog = a.page.getByRole('dialog', { name: /Someone else saved this piece/ });
    await dialog.waitFor({ timeout: 20_000 });
    expect(await a.page.getByTestId('save-state').textContent()).toBe('Not saved: another version was saved meanwhile.');
    // (the second desk leaves, so the merged save is not refused for the lock)
    await b.page.getByRole('link', { name: 'Home' }).click();
    await until(async () => (await t.sql<{ holder: string | null }>(`SELECT lock_holder_id AS holder FROM articles WHERE id = $1`, [id]))[0]!.holder).not.toBe(editor2.accountId);
    const row = (field: string) => dialog.locator(`tr[data-field="${field}"]`);
    expect(await row('headline').textContent()).toContain('they changed');
    expect(await row('dek').textContent()).toContain('they changed');
    expect(await row('bodyHtml').textContent()).toContain('you changed');
    expect(await row('bodyHtml').textContent()).toContain('the vote is on Friday.');
    await screen(a, 'merge-dialog');
    await dialog.getByRole('button', { name: 'Merge as chosen' }).click();
    await waitSaved(a.page);

    // both writers' text, in the desk and in the api
    expect(await a.page.getByLabel('Headline').inputValue()).toBe('The coalition meets again, without Hungary');
    expect(await a.page.getByRole('textbox', { name: 'Body' }).textContent()).toContain('the vote is on Friday.');
    const s = await stored(id);
    expect(s.headline).toBe('The coalition meets again, without Hungary');
    expect(s.dek).toBe('Otto’s dek: a smaller table, a faster decision.');
    expect(s.bodyHtml).toContain('Erin’s paragraph end: the vote is on Friday.');
    expect([...a.problems, ...b.problems]).toEqual([]);
  });

  it('a session that ends mid-edit keeps everything typed, asks to sign in again, then saves', async () => {
    const id = await piece(writer, { headline: 'A piece written across a lost session' });
    const w = await openDesk(browser, t);
    await signIn(w, writer, `/desk/articles/${id}`);
    await typeInBody(w.page, ' Before the session ended.');
    await waitSaved(w.page);

    // the session ends elsewhere (signed out on another device, revoked): access and refresh fail
    const tokens = JSON.parse((await w.page.evaluate('localStorage.getItem("desk.session")')) as string) as { accessToken: string };
    expect((await t.http().post('/v1/auth/logout').set('Authorization', `Bearer ${tokens.accessToken}`)).status).toBeLessThan(300);

    await typeInBody(w.page, ' Typed after it ended, every word.');
    await w.page.getByLabel('Dek').fill('A dek typed after the session ended.');
    const dialog = w.page.getByRole('dialog', { name: 'Your session ended' });
    await dialog.waitFor({ timeout: 20_000 });
    await screen(w, 'session-expired');
    // nothing typed is gone: on the page behind the dialog, and in this browser's backup
    expect(await w.page.getByRole('textbox', { name: 'Body' }).textContent()).toContain('Before the session ended. Typed after it ended, every word.');
    expect(await w.page.getByLabel('Dek').inputValue()).toBe('A dek typed after the session ended.');
    expect(
      JSON.stringify(
        await w.page.evaluate(
          `localStorage.getItem("desk.draft.${id}") ?? Object.keys(localStorage).filter((k) => k.includes("${id}")).map((k) => localStorage.getItem(k)).join("")`,
        ),
      ),
    ).toContain('Typed after it ended, every word.');
    expect((await stored(id)).bodyHtml).not.toContain('Typed after it ended');

    // signing in again in the dialog replays the save
    await dialog.getByLabel('Email').fill(writer.email);
    await dialog.getByLabel('Password').fill(writer.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await until(() => dialog.count()).toBe(0);
    await waitSaved(w.page);
    await until(async () => (await stored(id)).bodyHtml).toContain('Before the session ended. Typed after it ended, every word.');
    expect((await stored(id)).dek).toBe('A dek typed after the session ended.');
    expect(w.problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
  });

  it('a contributor is offered exactly the actions the API accepts from them, in every state', async () => {
    const id = await piece(writer, { headline: 'A piece walked through every state' });
    const w = await openDesk(browser, t);
    await signIn(w, writer);
    const future = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const body = (action: string) => ({ comment: 'A comment for the record.', ...(action === 'schedule' ? { at: future } : {}) });
    // the editor moves the piece on between visits (the contributor's page is not on it then)
    const steps: [string, (() => Promise<void>) | null][] = [
      ['draft', null],
      ['in_review', null],
      ['approved', async () => void expect((await act(t, editor, id, 'approve')).status).toBe(200)],
      ['scheduled', async () => void expect((await act(t, editor, id, 'schedule', { at: future })).status).toBe(200)],
      ['published', async () => void expect((await act(t, editor, id, 'publish')).status).toBe(200)],
      ['unpublished', async () => void expect((await act(t, editor, id, 'unpublish')).status).toBe(200)],
      ['archived', async () => void expect((await act(t, editor, id, 'archive')).status).toBe(200)],
    ];
    const seen: Record<string, string[]> = {};
    for (const [state, move] of steps) {
      await move?.();
      expect((await stored(id)).status).toBe(state);
      await w.page.goto(`/desk/articles/${id}`);
      await until(() => w.page.locator('.workflow .status').textContent()).toBe(state.replace('_', ' '));
      // what the desk offers is what the api lists for this contributor (read once it has loaded)
      const listed = ((await t.http().get(`/v1/admin/articles/${id}/actions`).set(writer.auth)).body as { action: string }[]).map((o) => o.action);
      const labelled = listed.map((a) => ({ submit: 'Submit for review' })[a] ?? a);
      await until(() => w.page.getByTestId('workflow-actions').getByRole('button').allTextContents()).toEqual(labelled);
      if (!listed.length) await w.page.getByText('No workflow action is open to you on this piece now.').waitFor();
      const offered = await w.page.getByTestId('workflow-actions').getByRole('button').allTextContents();
      seen[state] = offered;
      await w.page.getByRole('link', { name: 'Home' }).click(); // releases the lock
      await w.page.getByRole('heading', { name: /Hello/ }).waitFor();
      // every action not offered is refused by the api, and changes nothing
      const offeredActions = offered.map((label) => ({ 'Submit for review': 'submit' })[label] ?? label);
      for (const action of ACTIONS.filter((a) => !offeredActions.includes(a))) {
        const r = await act(t, writer, id, action, body(action));
        expect(r.status, `${state}: ${action} is not offered, so the api must refuse it (${JSON.stringify(r.body)})`).toBeGreaterThanOrEqual(400);
        expect((await stored(id)).status).toBe(state);
      }
      // and what is offered, the api accepts (a contributor: submit, of their own draft)
      for (const action of offeredActions) {
        const r = await act(t, writer, id, action, body(action));
        expect(r.status, `${state}: ${action} is offered, so the api must accept it (${JSON.stringify(r.body)})`).toBe(200);
      }
    }
    expect(seen).toEqual({ draft: ['Submit for review'], in_review: [], approved: [], scheduled: [], published: [], unpublished: [], archived: [] });
    expect(w.problems).toEqual([]);
  });

  it('every main action by keyboard alone: sign in, navigate, filter, create, write, submit, review, sign out', async () => {
    const k = await openDesk(browser, t);
    const page = k.page;
    /** Tab (or Shift+Tab) until the focused element's text, label or value matches; fails if it never does. */
    const tabTo = async (name: RegExp, opts: { back?: boolean; max?: number } = {}) => {
      for (let i = 0; i < (opts.max ?? 60); i++) {
        await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
        const label = (await page.evaluate(
          `(() => { const e = document.activeElement; if (!e) return ''; const l = e.labels && e.labels[0]; return [e.getAttribute('aria-label'), l && l.textContent, e.textContent, e.getAttribute('placeholder')].filter(Boolean).join(' | '); })()`,
        )) as string;
        if (name.test(label)) return;
      }
      throw new Error(`no focusable element matching ${name} within reach of Tab`);
    };

    // sign in
    await page.goto('/desk');
    await tabTo(/^Email/);
    await page.keyboard.type(writer.email);
    await tabTo(/^Password/);
    await page.keyboard.type(writer.password);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // the skip link, then the main navigation
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await tabTo(/^Articles$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Articles' }).waitFor();
    // filter by keyboard: a status, then a search
    await tabTo(/^Status/);
    await page.keyboard.press('ArrowDown'); // draft
    await until(() => new URL(page.url()).searchParams.get('status')).toBe('draft');
    await tabTo(/^Search/, { back: true });
    await page.keyboard.type('every state');
    await until(() => new URL(page.url()).searchParams.get('q')).toBe('every state');

    // a new piece, written and submitted
    await tabTo(/^New article$/, { back: true });
    await page.keyboard.press('Enter');
    await tabTo(/^Headline/);
    await page.keyboard.type('Written without a mouse');
    await tabTo(/^Create the draft$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('save-state').waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await tabTo(/^Dek/);
    await page.keyboard.type('Every control is in the tab order.');
    const typeName = (await (await t.http().get(`/v1/admin/article-types/${world.typeId}`).set(editor.auth)).body).name as string;
    const sectionName = (await (await t.http().get(`/v1/admin/sections/${world.sectionId}`).set(editor.auth)).body).name as string;
    await tabTo(/^Type/);
    await page.keyboard.type(typeName.slice(0, 8)); // a select takes typed letters
    await tabTo(/^Section/);
    await page.keyboard.type(sectionName.slice(0, 6));
    await until(() => page.getByTestId('kicker').textContent()).toBe(`${typeName} | ${sectionName}`);
    await tabTo(/^Body$/); // past the bylines and the body's toolbar
    await page.keyboard.type('A body typed at the keyboard.');
    await waitSaved(page);
    await stored(id).then((s) => expect(s.dek).toBe('Every control is in the tab order.'));
    // the remaining gate (top image) by keyboard: the picker opens and a library image is chosen with Enter
    await tabTo(/Choose or upload a top image/);
    await page.keyboard.press('Enter');
    await tabTo(/Three leaders at a summit table|img\.example\.org/);
    await page.keyboard.press('Enter');
    await waitSaved(page);
    await tabTo(/^Submit for review$/);
    await until(() => page.evaluate('document.activeElement.disabled')).toBe(false);
    await page.keyboard.press('Enter');
    await until(() => page.locator('.workflow .status').textContent()).toBe('in review');

    // the editor reviews by keyboard: opens it from the home page, requests changes with a comment
    await tabTo(/^Sign out$/, { back: true });
    await page.keyboard.press('Enter');
    await tabTo(/^Email/);
    await page.keyboard.type(editor.email);
    await tabTo(/^Password/);
    await page.keyboard.type(editor.password);
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Waiting for review' }).getByRole('link', { name: 'Written without a mouse' }).waitFor();
    await tabTo(/^Written without a mouse$/);
    await page.keyboard.press('Enter');
    await tabTo(/^Request changes$/);
    await page.keyboard.press('Enter');
    await tabTo(/Comment for the author/);
    await page.keyboard.type('Add the date of the vote.');
    await tabTo(/^Request changes$/);
    await page.keyboard.press('Enter');
    await until(() => page.locator('.workflow .status').textContent()).toBe('draft');
    await until(async () => (await stored(id)).status).toBe('draft');
    // notifications and sign out, by keyboard
    await tabTo(/^Notifications/, { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Notifications', exact: true }).waitFor();
    await tabTo(/^Sign out$/, { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(k.problems).toEqual([]);
  });
});
