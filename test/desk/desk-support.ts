import { AxeBuilder } from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import { createTestApp, type Credential, type TestApp, type TestAppOptions } from '../support/app-harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const DESK_DIR = `${root}apps/desk/dist`;
export const SCREENSHOTS = `${root}test/desk/screenshots`;
/** Test images are served by the api over http; the body keeps https images only, so the
 * desk is told an https base and the browser fetches those URLs from the api (page.route). */
export const IMAGE_BASE = 'https://images.desk-test.example/media/images';

export async function deskApp(opts: TestAppOptions = {}): Promise<TestApp> {
  if (!existsSync(`${DESK_DIR}/index.html`)) throw new Error('the desk is not built: run `npm run test:desk` (it builds first)');
  return createTestApp({ ...opts, env: { DESK_DIR, IMAGE_BASE_URL: IMAGE_BASE, NEWSROOM_TIME_ZONE: 'Europe/Berlin', ...opts.env } });
}

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });

export interface DeskPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP violations seen so far (a test asserts none). */
  problems: string[];
}

export function baseUrlOf(t: TestApp): string {
  const a = t.app.getHttpServer().address();
  if (!a || typeof a !== 'object') throw new Error('not listening');
  return `http://127.0.0.1:${a.port}`;
}

let opened = 0;

export async function openDesk(browser: Browser, t: TestApp): Promise<DeskPage> {
  const base = baseUrlOf(t);
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1360, height: 900 } });
  await context.route(`${IMAGE_BASE}/**`, async (route) => {
    const url = route.request().url().replace(IMAGE_BASE, `${base}/media/images`);
    await route.fulfill({ response: await route.fetch({ url }) });
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // (4xx answers the desk handles, and images registered by URL on hosts this machine cannot reach)
    if (m.type() === 'error' && !/status of 4\d\d|ERR_NAME_NOT_RESOLVED/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const n = ++opened;
  onTestFailed(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/failed-${n}.png`, fullPage: true }).catch(() => undefined);
  });
  return { context, page, problems };
}

export async function signIn(p: DeskPage, who: Credential, path = '/desk'): Promise<void> {
  await p.page.goto(path);
  await p.page.getByLabel('Email').fill(who.email);
  await p.page.getByLabel('Password').fill(who.password);
  await p.page.getByRole('button', { name: 'Sign in' }).press('Enter');
  await p.page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A screenshot of a main screen, and axe on it: no serious or critical violations. */
export async function screen(p: DeskPage, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await p.page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  const result = await new AxeBuilder({ page: p.page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join('; ')}`,
    );
  expect(bad, `axe on ${name}`).toEqual([]);
}

export async function waitSaved(page: Page): Promise<void> {
  await until(() => page.getByTestId('save-state').textContent()).toMatch(/^Saved/);
}

/** expect.poll with room for a loaded two-core machine (its default gives up after 1 s). */
export const until = <T>(fn: () => T | Promise<T>, opts: { timeout?: number; interval?: number } = {}) => expect.poll(fn, { timeout: 20_000, interval: 100, ...opts });
