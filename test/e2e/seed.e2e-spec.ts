import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type SeedResult } from '../../apps/api/src/seed/seed-runner.js';
import { createTestApp, type TestApp } from '../support/app-harness.js';

let t: TestApp;
let seed: SeedResult;

beforeAll(async () => {
  t = await createTestApp();
  seed = await seedDemo(t.app);
});
afterAll(() => t?.close());

describe('demo content', () => {
  it('the license report names the live articles using each image', async () => {
    const login = await t.http().post('/v1/auth/login').send({ email: seed.adminEmail, password: seed.adminPassword });
    const report = await t.http().get('/v1/admin/images/license-report?withinDays=400').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(report.status).toBe(200);
    expect(report.body.items).toHaveLength(3);
    const usages = report.body.items.flatMap((i: { usages: { live: boolean; slug?: string }[] }) => i.usages);
    expect(usages.filter((u: { live: boolean }) => u.live)).toHaveLength(7);
    expect(usages.filter((u: { live: boolean }) => !u.live)).toHaveLength(1); // the draft
    expect(usages.find((u: { live: boolean }) => u.live).slug).toMatch(/^[a-z0-9-]+$/);
  });

  it('gives a working admin login and content key', async () => {
    const login = await t.http().post('/v1/auth/login').send({ email: seed.adminEmail, password: seed.adminPassword });
    expect(login.status).toBe(200);
    const latest = await t.http().get('/v1/content/latest').set('X-Api-Key', seed.apiKey);
    expect(latest.status).toBe(200);
    expect(latest.body.items).toHaveLength(7); // the eighth piece stays a draft
  });

  it('serves a whole article page like the one in DOMAIN.md', async () => {
    const latest = await t.http().get('/v1/content/latest').set('X-Api-Key', seed.apiKey);
    const lead = latest.body.items.find((i: { headline: string }) => i.headline.startsWith('Three leaders bet'));
    const page = await t.http().get(`/v1/content/articles/${lead.slug}?reader=reader-42`).set('X-Api-Key', seed.apiKey);
    expect(page.status).toBe(200);
    const { article, relatedStories, donationBanners, newsletterBox } = page.body;
    expect(article.kicker).toBe('Analysis | Europe');
    expect(article.tags.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['Chancellor Ilse Marbach', 'President Aurel Dragan', 'Prime Minister Noor Haddad']));
    expect(article.topImage.creditLine).toBe('Top image credit: Lena Fischbach - NORDLICHT / Stockframe.com');
    expect(article.topImage.caption).toContain('Valletta');
    expect(relatedStories).toHaveLength(3);
    for (const teaser of relatedStories) {
      expect(teaser.articleId).not.toBe(article.articleId);
      expect(teaser.topImage.creditLine).toMatch(/credit|via/);
    }
    expect(donationBanners.after_body).toMatchObject({ campaignId: expect.any(String), headline: expect.any(String) });
    expect(donationBanners.after_body).not.toHaveProperty('campaignName');
    expect(newsletterBox.lists[0].name).toBe('Weekly round-up');
    const credits = (await t.sql<{ line: string }>(`SELECT page->'topImage'->>'creditLine' AS line FROM published_articles`)).map((r) => r.line);
    expect(new Set(credits)).toEqual(
      new Set(['Top image credit: Lena Fischbach - NORDLICHT / Stockframe.com', 'Top photo credit: Meridian Images / Omar Qadri', 'Palehorse77 via stockframe.com']),
    );
  });

  it('attributes appeal conversions to the articles and their contributors', async () => {
    const latest = await t.http().get('/v1/content/latest').set('X-Api-Key', seed.apiKey);
    const lead = latest.body.items.find((i: { headline: string }) => i.headline.startsWith('Three leaders bet'));
    const page = await t.http().get(`/v1/content/articles/${lead.slug}?reader=reader-7`).set('X-Api-Key', seed.apiKey);
    const banner = page.body.donationBanners.after_body;
    const event = (type: string) => ({ eventId: randomUUID(), type, campaignId: banner.campaignId, variantId: banner.variantId, articleId: lead.articleId });
    const sent = await t
      .http()
      .post('/v1/content/donation-campaigns/events')
      .set('X-Api-Key', seed.apiKey)
      .send({ events: [event('impression'), event('click'), event('conversion')] });
    expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
    const login = await t.http().post('/v1/auth/login').send({ email: seed.adminEmail, password: seed.adminPassword });
    const report = await t.http().get(`/v1/admin/donation-campaigns/${banner.campaignId}/report`).set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(report.status).toBe(200);
    expect(report.body.articles).toEqual([expect.objectContaining({ articleId: lead.articleId, conversions: 1 })]);
    expect(report.body.contributors).toEqual([expect.objectContaining({ name: 'Maren Okafor', impressions: 1, clicks: 1, conversions: 1 })]);
  });
});
