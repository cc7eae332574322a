import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleGrants, type AccessPolicy, type Role } from '#libs/identity';
import { actingAs, contentKey, createTestApp, rawClient, type Credential, type TestApp } from '../support/app-harness.js';
import { collectRoutes } from '../support/routes.js';
import { act, completeArticle, makeWorld } from '../support/world.js';
import { call, type Reply } from './support/http.js';
import {
  ETAG_REF,
  POOL_REF,
  contentTypes,
  hostileString,
  junkValue,
  kindOfPathParam,
  malformedJson,
  multipartBody,
  mutatedValue,
  poolRef,
  toJson,
  validValue,
  writeOperations,
  type GenContext,
  type OpenApiDoc,
  type Operation,
  type RawBody,
  type Schema,
} from './support/openapi-fuzz.js';
import { WriteLog } from './support/write-log.js';

/**
 * Fuzz: at least 10,000 generated requests (fast-check, fixed seed) over every write route of
 * /v1/admin, /v1/auth and /v1/content, for every kind of caller, built from the OpenAPI
 * document. Asserts no answer >= 500 (nor a dropped connection), and that no refused (4xx)
 * request committed a database change, using the trigger-based write log (support/write-log.ts).
 */

const SEED = 20_261_127;
const TOTAL = Number(process.env.REL_FUZZ_REQUESTS ?? 10_000);
const PREFIXES = ['/v1/admin', '/v1/auth', '/v1/content'];
type Who = 'anonymous' | 'contributor' | 'editor' | 'admin' | 'api_key';
const WHO: readonly Who[] = ['anonymous', 'contributor', 'editor', 'admin', 'api_key'];

/**
 * Writes a refused request may make by design, each the memory of a refused attempt:
 * throttling counters (login failures, rate-limit windows and their expiry sweep), and the
 * revocation of a session whose rotated-out refresh token was replayed (theft detection).
 */
const DESIGNED_4XX_WRITES: { table: RegExp; when: (r: Reply) => boolean; why: string }[] = [
  { table: /^rate_limit_counters /, when: () => true, why: 'rate-limit counter (counts refused attempts too)' },
  { table: /^login_throttle /, when: (r) => r.status === 401 || r.status === 429, why: 'failed-login counter / lock' },
  { table: /^sessions UPDATE$/, when: (r) => r.body?.error?.code === 'AUTH_REFRESH_TOKEN_REUSED', why: 'replayed refresh token revokes its session' },
];

interface Case {
  op: number;
  who: Who;
  pathValues: string[];
  query: [string, string][];
  ifMatch: string | undefined;
  body: RawBody;
}

interface Finding {
  n: number;
  route: string;
  who: Who;
  request: string;
  status: number;
  code?: string;
  writes?: string[];
  body: string;
}

let t: TestApp;
let scratch: string;
let base: string;
let doc: OpenApiDoc;
let ops: Operation[];
const creds: Partial<Record<Exclude<Who, 'anonymous' | 'api_key'>, Credential>> = {};
let apiKey: string;
const pools = new Map<string, string[]>();
/** Every refresh token the fuzz's callers were given (current and rotated-out ones: replays are part of the fuzz). */
const refreshTokens: string[] = [];
const etags = new Map<string, string>();
let writeLog: WriteLog;
let logClient: ReturnType<typeof rawClient>;
let corpus: string[];
let images: Uint8Array[];
const stats = {
  sent: 0,
  byClass: {} as Record<string, number>,
  byStatus: {} as Record<string, number>,
  designedWrites: {} as Record<string, number>,
  committed2xx: 0,
  relogins: 0,
  perRouteWho: new Map<string, Set<Who>>(),
  ms: 0,
};
const server5xx: Finding[] = [];
const dirty4xx: Finding[] = [];
const network: Finding[] = [];

async function seedWorld(): Promise<void> {
  const admin = creds.admin!;
  const editor = creds.editor!;
  const h = (who: Credential = admin) => t.http().set(who.auth);
  const w = await makeWorld(t, editor, { contributorAccountId: creds.contributor!.accountId });
  const keep = <R extends { status: number; body: unknown }>(res: R): R => res;
  // images, credits
  const upload = keep(
    await h().post('/v1/admin/images').attach('file', Buffer.from(images[0]!), 'sample.jpg').field('altText', 'A summit').field('caption', 'Leaders at a summit'),
  );
  expect(upload.status, JSON.stringify(upload.body)).toBeLessThan(300);
  keep(await h().post('/v1/admin/images/by-url').send({ url: 'https://images.example.org/a.jpg', width: 1600, height: 900, altText: 'alt' }));
  const person = keep(await h().post('/v1/admin/credit-parties').send({ kind: 'person', name: 'Jane Photographer' }));
  const agency = keep(await h().post('/v1/admin/credit-parties').send({ kind: 'agency', name: 'Wire Agency' }));
  keep(await h().put(`/v1/admin/images/${upload.body.id}/credit`).send({ photographerId: person.body.id, agencyId: agency.body.id }));
  // articles in several states, one owned by the contributor
  const states = ['draft', 'in_review', 'approved', 'published', 'unpublished', 'archived'];
  for (const [i, target] of states.entries()) {
    const who = i === 0 ? creds.contributor! : editor;
    const created = keep(
      await h(who)
        .post('/v1/admin/articles')
        .send(completeArticle(w, { topImageId: upload.body.id })),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const path: Record<string, string[]> = {
      draft: [],
      in_review: ['submit'],
      approved: ['submit', 'approve'],
      published: ['submit', 'approve', 'publish'],
      unpublished: ['submit', 'approve', 'publish', 'unpublish'],
      archived: ['archive'],
    };
    for (const action of path[target]!) expect((await act(t, editor, id, action)).status).toBe(200);
    keep(await h(editor).post(`/v1/admin/articles/${id}/preview-links`).send({ expiresInHours: 2 }));
    keep(await h(editor).post(`/v1/admin/articles/${id}/corrections`).send({ kind: 'correction', text: 'A date was wrong.' }));
  }
  keep(
    await h()
      .post('/v1/admin/webhooks')
      .send({ name: 'site build', url: 'http://127.0.0.1:9/hook', events: ['publish'] }),
  );
  const list = keep(await h().post('/v1/admin/newsletter/lists').send({ name: 'Weekly round-up' }));
  const consent = keep(await h().post('/v1/admin/newsletter/consent-texts').send({ text: 'I agree to receive the weekly round-up.' }));
  keep(
    await t
      .http()
      .post('/v1/content/newsletter/subscriptions')
      .set('X-Api-Key', apiKey)
      .send({ email: 'reader@test.example', lists: [list.body.id], consentTextId: consent.body.id }),
  );
  keep(await h().get('/v1/admin/newsletter/subscribers'));
  const campaign = keep(await h().post('/v1/admin/donation-campaigns').send({ name: 'Year-end appeal', placement: 'after_body' }));
  keep(
    await h()
      .post(`/v1/admin/donation-campaigns/${campaign.body.id}/variants`)
      .send({ name: 'A', weight: 50, headline: 'Dear readers:', bodyHtml: '<p>Please give.</p>', ctaLabel: 'Give', ctaUrl: 'https://donate.example.org/x' }),
  );
  keep(await h().post('/v1/admin/accounts').send({ email: 'victim-editor@test.example', displayName: 'Victim', role: 'editor' }));
  await actingAs(t, 'editor'); // another account the admins may act on
  keep(await h().post('/v1/admin/api-keys').send({ name: 'victim key' }));
}

function headersOf(who: Who): Record<string, string> {
  if (who === 'anonymous') return {};
  if (who === 'api_key') return { 'X-Api-Key': apiKey };
  return { Authorization: `Bearer ${creds[who]!.accessToken}` };
}

/** encodeURIComponent, except that a lone surrogate goes out as the (invalid UTF-8) bytes of one. */
const enc = (s: string): string => Array.from(s, (ch) => (/[\ud800-\udfff]/.test(ch) && ch.length === 1 ? '%ED%A0%80' : encodeURIComponent(ch))).join('');

function resolvePool(s: string): string {
  return s.replace(POOL_REF, (_m, kind: string, n: string) => {
    const ids = pools.get(kind)?.length ? pools.get(kind)! : pools.get('')!;
    return ids.length ? ids[Number(n) % ids.length]! : '00000000-0000-4000-8000-000000000000';
  });
}

/** Every id of every kind, straight from the tables (the fuzz's own callers left out). */
async function refreshPools(): Promise<void> {
  const byTable: [string, string][] = [
    ['articles', 'articles'],
    ['images', 'images'],
    ['contributors', 'contributors'],
    ['sections', 'sections'],
    ['article-types', 'article_types'],
    ['tags', 'tags'],
    ['credit-parties', 'credit_parties'],
    ['webhooks', 'webhooks'],
    ['deliveries', 'webhook_deliveries'],
    ['lists', 'newsletter_lists'],
    ['consent-texts', 'newsletter_consent_texts'],
    ['subscribers', 'newsletter_subscribers'],
    ['donation-campaigns', 'donation_campaigns'],
    ['variants', 'donation_campaign_variants'],
    ['preview-links', 'article_preview_links'],
    ['teaser-alerts', 'teaser_alerts'],
    ['api-keys', 'api_keys'],
    ['accounts', 'accounts'],
  ];
  const own = Object.values(creds).map((c) => c!.accountId);
  const rows = await logClient.query<{ kind: string; id: string }>(
    byTable
      .map(([kind, table]) => `SELECT '${kind}' AS kind, id::text AS id FROM "${t.schema}".${table}${kind === 'accounts' ? ` WHERE NOT (id = ANY($1::uuid[]))` : ''}`)
      .join(' UNION ALL '),
    [own],
  );
  pools.clear();
  pools.set('', []);
  pools.set('refresh-tokens', [...refreshTokens]);
  for (const r of rows.rows) {
    if (!pools.has(r.kind)) pools.set(r.kind, []);
    pools.get(r.kind)!.push(r.id);
    pools.get('')!.push(r.id);
  }
}

function materialize(c: Case): { method: string; url: string; headers: Record<string, string>; body?: string | Uint8Array } {
  const op = ops[c.op]!;
  let i = 0;
  const path = op.path.replace(/\{[^}]+\}/g, () => resolvePool(c.pathValues[i++] ?? 'x'));
  const query = c.query.length ? `?${c.query.map(([k, v]) => `${enc(k)}=${enc(resolvePool(v))}`).join('&')}` : '';
  const headers = headersOf(c.who);
  if (c.ifMatch !== undefined) {
    const id = path.match(/articles\/([0-9a-f-]{36})/)?.[1];
    headers['If-Match'] = c.ifMatch === ETAG_REF ? (id && etags.get(id)) || '"v1"' : c.ifMatch;
  }
  if (c.body.contentType !== undefined) headers['content-type'] = c.body.contentType;
  const body = typeof c.body.body === 'string' ? resolvePool(c.body.body) : c.body.body;
  return { method: op.method, url: `${path}${query}`, headers, body };
}

/** The case generator of one operation (any caller). */
function caseArbitrary(opIndex: number, ctx: GenContext): fc.Arbitrary<Omit<Case, 'who'>> {
  const op = ops[opIndex]!;
  const junkPath = fc.oneof(
    fc.constantFrom('0', '-1', 'null', 'undefined', '%00', '..%2F..%2Fetc%2Fpasswd', "1'%20OR%20'1'%3D'1", 'a'.repeat(300), '00000000-0000-0000-0000-000000000000'),
    fc.constantFrom(
      'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
      '%7Bf47ac10b-58cc-4372-a567-0e02b2c3d479%7D',
      '%F0%9F%98%80',
      '%C0%AE%C0%AE',
      '%25',
      '..',
      '%20',
      'f47ac10b-58cc-4372-a567-0e02b2c3d47',
    ),
    fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }).map(enc),
  );
  const pathValue = (name: string) =>
    name === 'number'
      ? fc.oneof(fc.nat({ max: 12 }).map(String), fc.constantFrom('-1', '1.5', '1e3', '99999999999999999999', 'abc', '0x10'))
      : fc.oneof(
          { weight: 6, arbitrary: poolRef(kindOfPathParam(op.path, name)) },
          { weight: 1, arbitrary: poolRef() },
          { weight: 2, arbitrary: fc.uuid() },
          { weight: 2, arbitrary: junkPath },
        );
  const jsonBody = (schema: Schema | undefined): fc.Arbitrary<RawBody> => {
    const s = schema ?? { type: 'object', properties: {} };
    return fc.oneof(
      { weight: 4, arbitrary: validValue(s, ctx).map((v) => ({ contentType: 'application/json', body: toJson(v) })) },
      { weight: 5, arbitrary: mutatedValue(s, ctx).map((v) => ({ contentType: 'application/json', body: toJson(v) })) },
      { weight: 1, arbitrary: malformedJson.map((body) => ({ contentType: 'application/json', body })) },
      { weight: 1, arbitrary: fc.tuple(contentTypes, validValue(s, ctx)).map(([ct, v]) => ({ contentType: ct, body: toJson(v) })) },
    );
  };
  let body: fc.Arbitrary<RawBody>;
  switch (op.bodyKind) {
    case 'json':
      body = jsonBody(op.bodySchema);
      break;
    case 'multipart':
      body = fc.oneof({ weight: 4, arbitrary: multipartBody(images, corpus) }, { weight: 1, arbitrary: jsonBody(op.bodySchema) });
      break;
    case 'form':
      body = fc.oneof(
        { weight: 3, arbitrary: fc.constant({ contentType: 'application/x-www-form-urlencoded', body: 'List-Unsubscribe=One-Click' }) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(fc.string({ maxLength: 20 }), hostileString(corpus))
            .map(([k, v]) => ({ contentType: 'application/x-www-form-urlencoded', body: `${enc(k)}=${enc(v)}` })),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom('%', '=&=&', 'a=%zz', 'List-Unsubscribe=One-Click&'.repeat(5000)).map((b) => ({ contentType: 'application/x-www-form-urlencoded', body: b })),
        },
        { weight: 1, arbitrary: jsonBody(undefined) },
      );
      break;
    default:
      body = fc.oneof(
        { weight: 6, arbitrary: fc.constant({}) },
        { weight: 2, arbitrary: junkValue(corpus).map((v) => ({ contentType: 'application/json', body: toJson(v) })) },
        { weight: 1, arbitrary: malformedJson.map((b) => ({ contentType: 'application/json', body: b })) },
      );
  }
  const ifMatch = op.headerParams.some((h) => h.name.toLowerCase() === 'if-match')
    ? fc.oneof(
        { weight: 5, arbitrary: fc.constant(ETAG_REF) },
        { weight: 3, arbitrary: fc.constantFrom('"v1"', '"v0"', '"v999999999999"', '*', 'W/"v1"', 'v1', '"v-1"', '"vabc"', `"${'v'.repeat(500)}"`, '"v1", "v2"') },
        { weight: 2, arbitrary: fc.constant(undefined) },
      )
    : fc.constant(undefined);
  const query = fc.tuple(
    ...op.queryParams.map((q) =>
      fc.option(
        fc.tuple(
          fc.constant(q.name),
          q.name === 'list' ? fc.oneof(poolRef('lists'), fc.uuid(), hostileString(corpus)) : fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{10,60}$/), hostileString(corpus)),
        ),
        { freq: 4 },
      ),
    ),
  );
  return fc.record({
    op: fc.constant(opIndex),
    pathValues: fc.tuple(...op.pathParams.map(pathValue)),
    query: query.map((qs) => qs.filter((q): q is [string, string] => q !== null)),
    ifMatch,
    body,
  });
}

/** Callers a route is for get more requests than the ones it must refuse (all get some). */
function natural(policy: AccessPolicy | undefined, who: Who): boolean {
  if (!policy) return true;
  switch (policy.kind) {
    case 'public':
      return true;
    case 'content':
      return who === 'api_key';
    case 'content-or-permission':
      return who === 'api_key' || ((who === 'admin' || who === 'editor' || who === 'contributor') && roleGrants(who as Role, policy.permission));
    case 'authenticated':
      return who === 'admin' || who === 'editor' || who === 'contributor';
    case 'permission':
      return (who === 'admin' || who === 'editor' || who === 'contributor') && roleGrants(who as Role, policy.permission);
  }
}

async function ensureLoggedIn(who: Who): Promise<void> {
  if (who === 'anonymous' || who === 'api_key') return;
  const c = creds[who]!;
  const me = await call(base, 'GET', '/v1/auth/me', { headers: headersOf(who) });
  if (me.status === 200) return;
  const res = await call(base, 'POST', '/v1/auth/login', { json: { email: c.email, password: c.password } });
  if (res.status !== 200) throw new Error(`${who} cannot log in again: ${res.status} ${res.text}`);
  creds[who] = { ...c, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
  refreshTokens.push(res.body.refreshToken);
  stats.relogins++;
}

beforeAll(async () => {
  corpus = Object.values((JSON.parse(readFileSync('test/fixtures/xss/hostile-strings.json', 'utf8')) as { categories: Record<string, string[]> }).categories).flat();
  images = ['sample.jpg', 'sample.png', 'sample.webp', 'sample.gif'].map((f) => new Uint8Array(readFileSync(path.join('test/fixtures/images', f))));
  scratch = mkdtempSync(path.join(tmpdir(), 'rel-fuzz-'));
  t = await createTestApp({ env: { IMAGE_STORAGE_DIR: path.join(scratch, 'images'), MAIL_DIR: path.join(scratch, 'mail') } });
  const address = t.app.getHttpServer().address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  creds.admin = await actingAs(t, 'admin');
  creds.editor = await actingAs(t, 'editor');
  creds.contributor = await actingAs(t, 'contributor');
  apiKey = await contentKey(t, creds.admin);
  refreshTokens.push(...Object.values(creds).map((c) => c!.refreshToken));
  await seedWorld();
  doc = (await call(base, 'GET', '/docs/openapi.json')).body as OpenApiDoc;
  ops = writeOperations(doc, PREFIXES);
  logClient = rawClient();
  await logClient.connect();
  writeLog = new WriteLog(logClient, t.schema);
  await writeLog.install();
  await refreshPools();
}, 180_000);

afterAll(async () => {
  await logClient?.end().catch(() => undefined);
  await t?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('fuzzing every write route from the OpenAPI document', () => {
  it('documents every write route the app serves (the fuzz reaches them all)', () => {
    const served = collectRoutes(t.app)
      .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && PREFIXES.some((p) => r.path.startsWith(`${p}/`)))
      .map((r) => `${r.method} ${r.path}`);
    const documented = new Set(ops.map((o) => `${o.method} ${o.path}`));
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
    expect(ops.length).toBeGreaterThan(30);
  });

  it(`sends ${TOTAL} generated requests: 0 answers >= 500, 0 database changes on a 4xx`, async () => {
    const policies = new Map(collectRoutes(t.app).map((r) => [`${r.method} ${r.path}`, r.policy]));
    const ctx: GenContext = { doc, corpus };
    // per (route, caller): a share of TOTAL, 4x for callers the route is meant for
    const weights = ops.flatMap((op, i) => WHO.map((who) => ({ i, who, w: natural(policies.get(`${op.method} ${op.path}`), who) ? 4 : 1 })));
    const sum = weights.reduce((s, x) => s + x.w, 0);
    const lanes = weights.map(({ i, who, w }, k) => {
      const n = Math.max(3, Math.ceil((TOTAL * w) / sum));
      return fc.sample(caseArbitrary(i, ctx), { seed: SEED + k, numRuns: n }).map((c) => ({ ...c, who }) as Case);
    });
    // interleave the lanes so the state each route sees keeps changing
    const cases: Case[] = [];
    for (let r = 0; cases.length < lanes.reduce((s, l) => s + l.length, 0); r++) for (const l of lanes) if (r < l.length) cases.push(l[r]!);

    const started = performance.now();
    await writeLog.skip();
    for (const [n, c] of cases.entries()) {
      if (n % 200 === 0) await refreshPools();
      const req = materialize(c);
      const op = ops[c.op]!;
      const key = `${op.method} ${op.path}`;
      if (!stats.perRouteWho.has(key)) stats.perRouteWho.set(key, new Set());
      stats.perRouteWho.get(key)!.add(c.who);
      let res: Reply;
      try {
        res = await call(base, req.method, req.url, { headers: req.headers, raw: req.body, timeoutMs: 30_000 });
      } catch (e) {
        network.push({ n, route: key, who: c.who, request: `${req.method} ${req.url}`, status: 0, body: String(e) });
        await writeLog.skip();
        continue;
      }
      stats.sent++;
      const cls = `${Math.floor(res.status / 100)}xx`;
      stats.byClass[cls] = (stats.byClass[cls] ?? 0) + 1;
      stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
      const writes = await writeLog.since();
      const describe = (): Finding => ({
        n,
        route: key,
        who: c.who,
        request: `${req.method} ${req.url} [${req.headers['content-type'] ?? '-'}${req.headers['If-Match'] ? ` If-Match ${req.headers['If-Match']}` : ''}] ${typeof req.body === 'string' ? req.body.slice(0, 300) : req.body ? `<${req.body.length} bytes>` : ''}`,
        status: res.status,
        code: res.body?.error?.code,
        writes: writes.length ? [...new Set(writes)] : undefined,
        body: res.text.slice(0, 300),
      });
      if (res.status >= 500) server5xx.push(describe());
      else if (res.status >= 400 && writes.length) {
        const unexpected = writes.filter((wr) => !DESIGNED_4XX_WRITES.some((d) => d.table.test(wr) && d.when(res)));
        for (const wr of writes.filter((x) => !unexpected.includes(x))) {
          const why = DESIGNED_4XX_WRITES.find((d) => d.table.test(wr))!.why;
          stats.designedWrites[why] = (stats.designedWrites[why] ?? 0) + 1;
        }
        if (unexpected.length) dirty4xx.push({ ...describe(), writes: [...new Set(unexpected)] });
      } else if (res.status < 300) {
        if (writes.length) stats.committed2xx++;
        const etag = res.headers.get('etag');
        const id = res.body?.id ?? req.url.match(/articles\/([0-9a-f-]{36})/)?.[1];
        if (etag && typeof id === 'string') etags.set(id, etag);
        if (typeof res.body?.refreshToken === 'string') refreshTokens.push(res.body.refreshToken);
      }
      if (c.who !== 'anonymous' && c.who !== 'api_key' && (res.status === 401 || (res.status < 300 && op.path.startsWith('/v1/auth')))) {
        await ensureLoggedIn(c.who);
        await writeLog.skip();
      }
    }
    stats.ms = performance.now() - started;

    const summary = {
      requests: stats.sent,
      routes: stats.perRouteWho.size,
      seconds: Math.round(stats.ms / 1000),
      perSecond: Math.round(stats.sent / (stats.ms / 1000)),
      byClass: stats.byClass,
      byStatus: stats.byStatus,
      writing2xx: stats.committed2xx,
      designed4xxWrites: stats.designedWrites,
      relogins: stats.relogins,
      server5xx: server5xx.length,
      dirty4xx: dirty4xx.length,
      network: network.length,
    };
    console.log(`[fuzz] ${JSON.stringify(summary)}`);
    // one example per route and status (the request id finds the stack in the app's log: TEST_LOG_LEVEL=error)
    const seen = new Set<string>();
    for (const f of [...server5xx, ...dirty4xx, ...network]) {
      const k = `${f.route} ${f.status} ${f.writes?.join() ?? ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const count = [...server5xx, ...dirty4xx, ...network].filter((x) => `${x.route} ${x.status} ${x.writes?.join() ?? ''}` === k).length;
      console.log(`[fuzz] finding x${count} ${JSON.stringify({ ...f, request: f.request.slice(0, 240), body: f.body.slice(0, 120) })}`);
    }

    expect(stats.sent).toBeGreaterThanOrEqual(TOTAL);
    // every write route was called by every kind of caller
    const missing = ops.flatMap((o) => WHO.filter((w) => !stats.perRouteWho.get(`${o.method} ${o.path}`)?.has(w)).map((w) => `${w} ${o.method} ${o.path}`));
    expect(missing).toEqual([]);
    // the generator does reach the routes' success paths, not only their validation
    expect(stats.byClass['2xx'] ?? 0).toBeGreaterThan(TOTAL / 50);
    expect(server5xx.map((f) => `${f.status} ${f.request.slice(0, 200)}`)).toEqual([]);
    expect(network.map((f) => `${f.request.slice(0, 200)}: ${f.body}`)).toEqual([]);
    expect(dirty4xx.map((f) => `${f.status} ${f.code} ${f.request.slice(0, 160)} wrote ${f.writes?.join(', ')}`)).toEqual([]);
  }, 900_000);
});
