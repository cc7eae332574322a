import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ArticlesService } from '#libs/articles';
import { Transactions } from '#libs/database';
import { ContributorsService } from '#libs/contributors';
import { DonationCampaignsService } from '#libs/donation-banners';
import { WorkflowService } from '#libs/editorial-workflow';
import { AccountsService, ApiKeysService, type ActionContext } from '#libs/identity';
import { CreditPartiesService, ImagesService } from '#libs/image-credits';
import { randomToken } from '#libs/kernel';
import { NewsletterAdminService } from '#libs/newsletter-signups';
import { PublicationService } from '#libs/publication';
import { TaxonomyService } from '#libs/taxonomy';
import { DONATION_APPEAL, NEWSLETTER } from '../apps/api/src/seed/demo-content.js';
import { Progress, prng } from './lib.js';

/**
 * Seeds a benchmark newsroom: taxonomy, contributors, credit parties, credited and licensed
 * images (registered by URL) through the services, then N articles (tags, bylines, top image),
 * by default through the set-based import path (WorkflowService.importMany: the same rows a
 * publish writes, 500 per transaction), or with `path: 'services'` each created with
 * ArticlesService and published with WorkflowService (submit, approve, publish), `concurrency`
 * at a time. Taxonomy, contributors and images are shared by all.
 */

const SECTIONS: { name: string; description: string; weight: number }[] = [
  { name: 'Europe', description: 'The European Union, its neighbours and its quarrels.', weight: 24 },
  { name: 'Middle East', description: 'From the Levant to the Gulf.', weight: 18 },
  { name: 'Africa', description: 'Politics, security and economies across the continent.', weight: 12 },
  { name: 'Asia', description: 'Power and trade from the Indian Ocean to the Pacific.', weight: 14 },
  { name: 'Americas', description: 'From the Arctic to Tierra del Fuego.', weight: 10 },
  { name: 'Global Crises', description: 'Wars, famines and the institutions meant to stop them.', weight: 10 },
  { name: 'Economy', description: 'Trade, sanctions, energy and money.', weight: 7 },
  { name: 'Climate', description: 'The politics of a warming planet.', weight: 5 },
];
const TYPES: { name: string; weight: number }[] = [
  { name: 'Analysis', weight: 50 },
  { name: 'News', weight: 30 },
  { name: 'Opinion', weight: 15 },
  { name: 'Interview', weight: 5 },
];
const TAGS: { name: string; kind: 'person' | 'place' | 'organization' | 'topic' }[] = [
  ...[
    'Chancellor Ilse Marbach',
    'President Aurel Dragan',
    'Prime Minister Noor Haddad',
    'Foreign Minister Teodor Vass',
    'General Amara Keita',
    'Envoy Lucia Ferrant',
    'Senator Jonas Whitcombe',
    'President Mei-Lin Zhou',
  ].map((name) => ({ name, kind: 'person' as const })),
  ...['Sahel', 'Red Sea', 'Baltic', 'Black Sea', 'Horn of Africa', 'South China Sea', 'Caucasus', 'Balkans', 'Levant', 'Arctic', 'Andes', 'Gulf'].map((name) => ({
    name,
    kind: 'place' as const,
  })),
  ...['NATO', 'European Union', 'United Nations', 'African Union', 'ASEAN', 'OPEC', 'World Bank', 'IMF', 'G20', 'OSCE'].map((name) => ({ name, kind: 'organization' as const })),
  ...['Energy security', 'Migration', 'Sanctions', 'Elections', 'Arms control', 'Food security', 'Shipping', 'Debt', 'Cyber', 'Refugees'].map((name) => ({
    name,
    kind: 'topic' as const,
  })),
];
const FIRST = ['Maren', 'Tariq', 'Ines', 'David', 'Sofia', 'Kwame', 'Yuki', 'Lars', 'Amina', 'Pavel', 'Clara', 'Rashid', 'Elena', 'Tomás', 'Hana'];
const LAST = ['Okafor', 'Benali', 'Kovač', 'Achterberg', 'Lindqvist', 'Mensah', 'Tanaka', 'Moreau', 'Haddad', 'Novak', 'Duarte', 'Ibrahim', 'Weiss', 'Costa', 'Nakamura'];
const PHOTOGRAPHERS = ['Lena Fischbach', 'Omar Qadri', 'Palehorse77', 'Ruth Adeyemi', 'Sven Aalto', 'Marta Grillo', 'Kenji Mori', 'Nadia Sabry', 'Ilya Petrov', 'Ana Lucero'];
const AGENCIES = ['NORDLICHT', 'Meridian Images', 'Southlight Press'];
const PROVIDERS = ['Stockframe.com', 'Wirepix'];

const SUBJECTS = [
  'Sanctions',
  'Energy security',
  'The coalition',
  'Border talks',
  'A ceasefire',
  'Migration policy',
  'The grain corridor',
  'Arms control',
  'Debt relief',
  'The election',
  'Shipping insurers',
  'A new envoy',
  'The summit',
  'Drone strikes',
  'Food prices',
];
const VERBS = ['test', 'reshape', 'strain', 'expose', 'revive', 'complicate', 'divide', 'unsettle', 'redraw', 'stall'];
const OBJECTS = [
  'diplomacy in the Sahel',
  'the Red Sea trade route',
  'Europe’s eastern flank',
  'Gulf mediation',
  'the Baltic balance',
  'Black Sea shipping',
  'the Horn of Africa',
  'alliances in the Pacific',
  'the Balkan accession talks',
  'Andean politics',
  'the Caucasus truce',
  'Arctic claims',
];
export const WORDS = (
  'government minister ministers parliament coalition talks negotiation negotiations ceasefire truce sanctions enforcement embargo tariffs trade ' +
  'energy security pipeline gas oil grid refinery shipping insurers port corridor convoy border refugees migration asylum camps aid donors ' +
  'election campaign opposition vote turnout referendum constitution court ruling protest police army general officers militia insurgents ' +
  'drone strike missile defence alliance summit envoy mediator diplomats embassy ministry treaty accord framework deadline budget debt bond ' +
  'inflation currency central bank loan creditors restructuring drought harvest grain food prices famine flood climate emissions summit ' +
  'analysts officials sources observers residents farmers traders investors leaders rivals partners neighbours capital province region ' +
  'Europe Sahel Gulf Levant Baltic Arctic Balkans Caucasus Pacific Atlantic Mediterranean Africa Asia Americas ' +
  'quietly sharply slowly openly suddenly again still already barely largely ' +
  'said warned argued insisted conceded promised rejected signalled announced delayed ' +
  'new old fragile fierce uneasy costly lasting narrow broad regional global domestic foreign rival'
).split(/\s+/);

export interface SeedOptions {
  articles: number;
  concurrency: number;
  seed: number;
  /**
   * `bulk` (default): articles go in batches through the set-based import path
   * (WorkflowService.importMany, PublicationService.chooseTeasersAgain), each piece published
   * with its place on the timeline; `services`: create, submit, approve, publish one by one.
   */
  path?: 'bulk' | 'services';
}

/** Pieces per transaction on the bulk path. */
const BULK_BATCH = 500;

export interface SeedResult {
  apiKey: string;
  /** The bench admin, who owns the API keys (a reused schema mints a fresh one). */
  adminId: string;
  sections: { id: string; slug: string; name: string }[];
  articles: number;
  servicesSeconds: number;
  rate: number;
  spreadSeconds: number;
  spreadYears: number;
  counts: { tags: number; contributors: number; images: number; sections: number; types: number };
}

function pickWeighted<T extends { weight: number }>(items: T[], r: number): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let x = r * total;
  for (const i of items) {
    x -= i.weight;
    if (x < 0) return i;
  }
  return items[items.length - 1]!;
}

const FUNCTION_WORDS =
  'the of and to in a that is for on with as was by it at from has have but not are were their its an this which after over into than more while who would could also'.split(' ');

/**
 * Text model: every article draws its own 25 topic words from WORDS and writes sentences
 * alternating function words (stop words to full-text search) and its topic words, so a
 * content word appears in roughly 8 % of articles (not in all of them): search terms have a
 * realistic selectivity and ranking has real work to do.
 */
function topicWords(rand: () => number): string[] {
  const picked = new Set<string>();
  while (picked.size < 25) picked.add(WORDS[Math.floor(rand() * WORDS.length)]!);
  return [...picked];
}

function sentence(rand: () => number, topic: string[] = WORDS): string {
  const n = 10 + Math.floor(rand() * 12);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(i % 2 ? topic[Math.floor(rand() * topic.length)]! : FUNCTION_WORDS[Math.floor(rand() * FUNCTION_WORDS.length)]!);
  const s = words.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

function body(rand: () => number, topic: string[]): string {
  const paras: string[] = [];
  const n = 6 + Math.floor(rand() * 5);
  for (let p = 0; p < n; p++) {
    const sentences: string[] = [];
    const k = 3 + Math.floor(rand() * 3);
    for (let s = 0; s < k; s++) sentences.push(sentence(rand, topic));
    paras.push(`<p>${sentences.join(' ')}</p>`);
  }
  return paras.join('\n');
}

export async function seedBench(app: INestApplicationContext, db: DataSource, o: SeedOptions, say: (line: string) => void): Promise<SeedResult> {
  const rand = prng(o.seed);
  const accounts = app.get(AccountsService);
  const admin = await accounts.create({ email: 'bench-admin@newsroom.example', displayName: 'Bench Admin', role: 'admin', password: randomToken(12) });
  const { secret: apiKey } = await app.get(ApiKeysService).create('bench front-end', null, admin.id);
  const ctx: ActionContext = {
    actor: { accountId: admin.id, role: 'admin', sessionId: 'bench', email: admin.email, displayName: admin.displayName },
    requestId: 'bench',
    ip: null,
  };

  const taxonomy = app.get(TaxonomyService);
  const sections: { id: string; slug: string; name: string; weight: number }[] = [];
  for (const s of SECTIONS) {
    const created = await taxonomy.createSection(ctx, { name: s.name, description: s.description });
    sections.push({ id: created.id, slug: created.slug, name: created.name, weight: s.weight });
  }
  const types: { id: string; weight: number }[] = [];
  for (const t of TYPES) types.push({ id: (await taxonomy.createType(ctx, { name: t.name })).id, weight: t.weight });
  const tagIds: string[] = [];
  for (const t of TAGS) tagIds.push((await taxonomy.createTag(ctx, t)).id);

  const contributorsService = app.get(ContributorsService);
  const contributorIds: string[] = [];
  for (let i = 0; i < 30; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length]}`;
    const c = await contributorsService.create(ctx, {
      name,
      title: i % 3 ? 'Contributing writer' : 'Senior correspondent',
      bio: `${name} writes about ${OBJECTS[i % OBJECTS.length]}.`,
    });
    contributorIds.push(c.id);
  }

  const parties = app.get(CreditPartiesService);
  const photographers: string[] = [];
  for (const name of PHOTOGRAPHERS) photographers.push((await parties.create(ctx, { kind: 'person', name })).id);
  const agencies: string[] = [];
  for (const name of AGENCIES) agencies.push((await parties.create(ctx, { kind: 'agency', name })).id);
  const providers: string[] = [];
  for (const name of PROVIDERS) providers.push((await parties.create(ctx, { kind: 'provider', name })).id);
  const images = app.get(ImagesService);
  const imageIds: string[] = [];
  for (let i = 0; i < 60; i++) {
    const { details } = await images.registerUrl(ctx, {
      url: `https://images.example.org/bench/photo-${i + 1}.jpg`,
      width: 2400,
      height: 1600,
      altText: `${SUBJECTS[i % SUBJECTS.length]} and ${OBJECTS[i % OBJECTS.length]}, photograph ${i + 1}`,
      caption: `${sentence(rand)} ${sentence(rand)}`,
    });
    const id = details.image.id;
    const via = i % 5 === 4;
    await images.setCredit(ctx, id, {
      photographerId: photographers[i % photographers.length]!,
      agencyId: i % 2 ? agencies[i % agencies.length]! : null,
      providerId: via || i % 3 === 0 ? providers[i % providers.length]! : null,
      form: via ? 'via' : 'standard',
      label: i % 2 ? 'photo' : 'image',
    });
    await images.setLicense(ctx, id, { licensor: AGENCIES[i % AGENCIES.length]!, terms: 'Editorial use', canSyndicate: false, expiresAt: new Date(Date.now() + 365 * 86_400_000) });
    imageIds.push(id);
  }

  // The page's other slots, as on the demo site: a running donation appeal and a newsletter box.
  const campaigns = app.get(DonationCampaignsService);
  const now = new Date();
  const campaign = await campaigns.create(ctx, {
    name: DONATION_APPEAL.name,
    startsAt: now,
    endsAt: new Date(now.getTime() + 365 * 86_400_000),
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

  // Article specs are drawn up front so the result does not depend on the interleaving.
  const specs = Array.from({ length: o.articles }, (_, i) => {
    const nTags = 2 + Math.floor(rand() * 3);
    const tags = new Set<string>();
    while (tags.size < nTags) tags.add(tagIds[Math.floor(rand() * tagIds.length)]!);
    const nBylines = rand() < 0.8 ? 1 : 2;
    const bylines = new Set<string>();
    while (bylines.size < nBylines) bylines.add(contributorIds[Math.floor(rand() * contributorIds.length)]!);
    const headline = `${SUBJECTS[Math.floor(rand() * SUBJECTS.length)]} ${VERBS[Math.floor(rand() * VERBS.length)]} ${OBJECTS[Math.floor(rand() * OBJECTS.length)]} (${i + 1})`;
    return {
      headline,
      sectionId: pickWeighted(sections, rand()).id,
      typeId: pickWeighted(types, rand()).id,
      tagIds: [...tags],
      bylineIds: [...bylines],
      seed: Math.floor(rand() * 2 ** 31),
      topImageId: imageIds[Math.floor(rand() * imageIds.length)]!,
    };
  });

  const articles = app.get(ArticlesService);
  const workflow = app.get(WorkflowService);
  const progress = new Progress('seeding', o.articles, 'articles');
  let done = 0;
  const inputOf = (spec: (typeof specs)[number]) => {
    const text = prng(spec.seed);
    const topic = topicWords(text);
    return {
      headline: spec.headline,
      dek: sentence(text, topic),
      sectionId: spec.sectionId,
      typeId: spec.typeId,
      tagIds: spec.tagIds,
      bylineIds: spec.bylineIds,
      bodyHtml: body(text, topic),
      topImageId: spec.topImageId,
    };
  };
  if ((o.path ?? 'bulk') === 'bulk') {
    // one transaction per batch; the spread below then places every piece on the timeline
    const tx = app.get(Transactions);
    const publication = app.get(PublicationService);
    const now = new Date();
    for (let i = 0; i < specs.length; i += BULK_BATCH) {
      const batch = specs.slice(i, i + BULK_BATCH);
      await tx.run(async (m) => {
        const saved = await workflow.importMany(
          m,
          ctx,
          batch.map((spec) => ({ input: inputOf(spec), target: { status: 'published' as const, firstPublishedAt: now, updatedAt: now } })),
        );
        await publication.chooseTeasersAgain(
          m,
          saved.map((a) => a.id),
        );
      });
      done += batch.length;
      progress.update(done);
    }
  } else {
    let next = 0;
    let failed: Error | undefined;
    const worker = async () => {
      while (failed === undefined && next < specs.length) {
        const spec = specs[next++]!;
        try {
          let a = await articles.create(ctx, inputOf(spec));
          for (const action of ['submit', 'approve', 'publish'] as const) a = await workflow.transition(ctx, a.id, a.version, { action });
        } catch (e) {
          failed = e instanceof Error ? e : new Error(String(e));
          return;
        }
        progress.update(++done);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
    if (failed !== undefined) {
      process.stderr.write('\n');
      throw failed;
    }
  }
  const timing = progress.done(done);

  // Publishing took seconds, not years: one UPDATE per table spreads published_at over the
  // past (about 10 pieces a day, millisecond precision like the app's own timestamps), and the
  // page JSON's dates follow, so lists, feeds and deep pagination see a realistic timeline.
  const spreadStart = Date.now();
  const slotMs = 2.4 * 3_600_000;
  await db.transaction(async (tx) => {
    await tx.query(
      `CREATE TEMP TABLE bench_spread ON COMMIT DROP AS
         SELECT article_id,
                date_trunc('milliseconds', now() - make_interval(secs => ((row_number() OVER (ORDER BY md5(article_id::text))) - 1 + random() * 0.9) * $1 / 1000.0)) AS at
           FROM published_articles`,
      [slotMs],
    );
    await tx.query(
      `UPDATE published_articles p
          SET published_at = s.at, updated_at = s.at,
              page = p.page || jsonb_build_object(
                'publishedAt', to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'firstPublishedAt', to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'updatedAt', to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
         FROM bench_spread s WHERE s.article_id = p.article_id`,
    );
    await tx.query(`UPDATE articles a SET published_at = s.at, first_published_at = s.at FROM bench_spread s WHERE s.article_id = a.id`);
  });
  // Fresh statistics and no dead rows left by the UPDATE (autovacuum would get there too).
  await db.query('VACUUM ANALYZE published_articles');
  await db.query('ANALYZE articles');
  const spreadSeconds = (Date.now() - spreadStart) / 1000;
  say(
    `  spread published_at over ${((o.articles * slotMs) / (365.25 * 86_400_000)).toFixed(1)} years with one UPDATE on published_articles (+ page JSON dates) and one on articles, then VACUUM ANALYZE (${spreadSeconds.toFixed(1)} s)`,
  );

  return {
    apiKey,
    adminId: admin.id,
    sections: sections.map(({ id, slug, name }) => ({ id, slug, name })),
    articles: done,
    servicesSeconds: timing.seconds,
    rate: timing.rate,
    spreadSeconds,
    spreadYears: (o.articles * slotMs) / (365.25 * 86_400_000),
    counts: { tags: tagIds.length, contributors: contributorIds.length, images: imageIds.length, sections: sections.length, types: types.length },
  };
}
