import type { INestApplicationContext } from '@nestjs/common';
import type { Logger as Pino } from 'pino';
import type { AppConfig } from '#libs/config';
import { AccountsService, ApiKeysService, type ActionContext } from '#libs/identity';
import { randomToken } from '#libs/kernel';
import { ArticlesService } from '#libs/articles';
import { ContributorsService } from '#libs/contributors';
import { DonationCampaignsService } from '#libs/donation-banners';
import { WorkflowService } from '#libs/editorial-workflow';
import { CreditPartiesService, ImagesService } from '#libs/image-credits';
import { NewsletterAdminService } from '#libs/newsletter-signups';
import { TaxonomyService } from '#libs/taxonomy';
import { ARTICLES, CONTRIBUTORS, DONATION_APPEAL, IMAGES, NEWSLETTER, PARTIES, SECTIONS, TAGS, TYPES } from './demo-content.js';
import type { Database } from '#libs/boot';
import { PublicationService } from '#libs/publication';
import { Transactions } from '#libs/database';

export interface SeedResult {
  adminEmail: string;
  adminPassword: string;
  apiKey: string;
}

export const DEMO_ADMIN_EMAIL = 'admin@newsroom.example';

/** Loads the demo world into an empty database. Returns the credentials it created. */
export async function seedDemo(app: INestApplicationContext): Promise<SeedResult> {
  const accounts = app.get(AccountsService);
  const adminPassword = randomToken(12);
  const admin = await accounts.create({ email: DEMO_ADMIN_EMAIL, displayName: 'Demo Admin', role: 'admin', password: adminPassword });
  await accounts.create({ email: 'editor@newsroom.example', displayName: 'Demo Editor', role: 'editor', password: adminPassword });
  await accounts.create({ email: 'writer@newsroom.example', displayName: 'Demo Writer', role: 'contributor', password: adminPassword });
  const { secret } = await app.get(ApiKeysService).create('demo front-end', null, admin.id);
  const ctx: ActionContext = {
    actor: { accountId: admin.id, role: 'admin', sessionId: 'seed', email: admin.email, displayName: admin.displayName },
    requestId: 'seed',
    ip: null,
  };
  await seedNewsroom(app, ctx);
  return { adminEmail: admin.email, adminPassword, apiKey: secret };
}

/** Sections, types, tags, contributors, credited images, articles, an appeal and a newsletter. */
async function seedNewsroom(app: INestApplicationContext, ctx: ActionContext): Promise<void> {
  const taxonomy = app.get(TaxonomyService);
  const sections = new Map<string, string>();
  for (const s of SECTIONS) sections.set(s.name, (await taxonomy.createSection(ctx, s)).id);
  const types = new Map<string, string>();
  for (const name of TYPES) types.set(name, (await taxonomy.createType(ctx, { name })).id);
  const tags = new Map<string, string>();
  for (const t of TAGS) tags.set(t.name, (await taxonomy.createTag(ctx, t)).id);
  const contributors: string[] = [];
  for (const c of CONTRIBUTORS) contributors.push((await app.get(ContributorsService).create(ctx, c)).id);

  const partiesService = app.get(CreditPartiesService);
  const party = new Map<string, string>();
  for (const name of PARTIES.photographers) party.set(name, (await partiesService.create(ctx, { kind: 'person', name })).id);
  for (const name of PARTIES.agencies) party.set(name, (await partiesService.create(ctx, { kind: 'agency', name })).id);
  for (const name of PARTIES.providers) party.set(name, (await partiesService.create(ctx, { kind: 'provider', name })).id);
  const images = app.get(ImagesService);
  const imageIds: string[] = [];
  for (const img of IMAGES) {
    const { details } = await images.registerUrl(ctx, { url: img.url, width: img.width, height: img.height, altText: img.alt, caption: img.caption });
    const id = details.image.id;
    const c = img.credit;
    await images.setCredit(ctx, id, {
      photographerId: party.get(c.photographer) ?? null,
      agencyId: c.agency ? party.get(c.agency)! : null,
      providerId: c.provider ? party.get(c.provider)! : null,
      form: c.form as never,
      label: c.label as never,
    });
    await images.setLicense(ctx, id, {
      licensor: c.provider ?? c.agency ?? c.photographer,
      terms: 'Editorial use',
      canSyndicate: false,
      expiresAt: new Date(Date.now() + 365 * 86_400_000),
    });
    imageIds.push(id);
  }

  const articles = app.get(ArticlesService);
  const workflow = app.get(WorkflowService);
  const published: string[] = [];
  for (const a of ARTICLES) {
    let article = await articles.create(ctx, {
      headline: a.headline,
      dek: a.dek,
      sectionId: sections.get(a.section)!,
      typeId: types.get(a.type)!,
      tagIds: a.tags.map((t) => tags.get(t)!),
      bylineIds: a.bylines.map((i) => contributors[i]!),
      bodyHtml: a.paragraphs.map((p) => `<p>${p}</p>`).join('\n'),
      topImageId: imageIds[a.image]!,
    });
    if (!a.publish) continue;
    for (const action of ['submit', 'approve', 'publish'] as const) article = await workflow.transition(ctx, article.id, article.version, { action });
    published.push(article.id);
  }
  // what the worker does from the outbox moments after each publish, done now so the demo
  // pages carry their teasers at once: pages published early take the later pieces
  const publication = app.get(PublicationService);
  for (const id of published) await app.get(Transactions).run((tx) => publication.offerToNeighbours(tx, id));

  const campaigns = app.get(DonationCampaignsService);
  const now = new Date();
  const campaign = await campaigns.create(ctx, {
    name: DONATION_APPEAL.name,
    startsAt: now,
    endsAt: new Date(Date.UTC(now.getUTCFullYear(), 11, 31, 23, 59, 59)),
    placement: 'after_body',
    paragraph: null,
    priority: 10,
    targeting: {},
    frequency: {},
  });
  for (const v of DONATION_APPEAL.variants) await campaigns.addVariant(ctx, campaign.campaign.id, v);
  await campaigns.transition(ctx, campaign.campaign.id, 'activate');

  const newsletter = app.get(NewsletterAdminService);
  await newsletter.createList(ctx, { name: NEWSLETTER.name, description: NEWSLETTER.description });
  await newsletter.createConsentText(ctx, NEWSLETTER.consent);
}

export function printCredentials(r: SeedResult, baseUrl: string): void {
  const lines = [
    '',
    '================ demo content loaded ================',
    `  admin login : ${r.adminEmail}`,
    `  password    : ${r.adminPassword}`,
    `  (editor@newsroom.example and writer@newsroom.example share this password)`,
    `  content key : ${r.apiKey}`,
    `  try         : curl -H 'X-Api-Key: ${r.apiKey}' ${baseUrl}/v1/content/latest`,
    '  These are shown once; they are not stored in clear anywhere.',
    '=====================================================',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** SEED_DEMO=auto seeds the embedded database on its first start; `always` any empty database. */
export async function seedIfWanted(app: INestApplicationContext, config: AppConfig, db: Database, log: Pino): Promise<void> {
  if (config.seedDemo === 'never') return;
  if (config.seedDemo === 'auto' && !db.embedded) return;
  if ((await app.get(AccountsService).count()) > 0) return;
  log.info('empty database: loading demo content');
  printCredentials(await seedDemo(app), config.publicBaseUrl);
}
