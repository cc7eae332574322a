import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Transactions } from '#libs/database';
import { CONTRIBUTOR_CHANGED_TOPIC } from '#libs/contributors';
import { DONATION_BANNERS_CHANGED_TOPIC } from '#libs/donation-banners';
import { IMAGE_CHANGED_TOPIC } from '#libs/image-credits';
import { NEWSLETTER_OFFER_CHANGED_TOPIC } from '#libs/newsletter-signups';
import { OutboxRelay, type OutboxEvents, type OutboxMessage, type OutboxTopic } from '#libs/outbox';
import { PUBLICATION_REFRESH_TOPIC } from '#libs/related-stories';
import { TAXONOMY_CHANGED_TOPIC } from '#libs/taxonomy';
import { PUBLICATION_TEASER_TARGET_CHANGED_TOPIC, PUBLICATION_WENT_LIVE_TOPIC } from './publication.events.js';
import { PublicationService } from './publication.service.js';
import { SITE_SETTINGS_CHANGED_TOPIC, SITE_SETTINGS_KEY } from '#libs/site-settings';
import { sharedPartKeys } from './publication.rules.js';

type Refs = { imageId?: string; contributorId?: string; sectionId?: string; typeId?: string; tagId?: string; articleIds?: string[] };

/**
 * Keeps live pages current when something they show changes elsewhere: an image's credit or
 * caption, a contributor profile, a section/type/tag name. Runs in the worker, from the
 * outbox events those libs write in their own transactions.
 */
@Injectable()
export class PublicationRefresher implements OnModuleInit {
  private readonly log = new Logger('PublicationRefresher');

  constructor(
    private readonly relay: OutboxRelay,
    private readonly tx: Transactions,
    private readonly publication: PublicationService,
  ) {}

  onModuleInit(): void {
    const on = <T extends OutboxTopic>(topic: T, refs: (p: OutboxEvents[T]) => Refs | string[]) =>
      this.relay.register<T>({ name: `publication.refresh:${topic}`, topic, handle: (m) => this.refresh(m, refs(m.payload)) });
    // the top image is found in the read model; the share-card images by the articles using the image
    on(IMAGE_CHANGED_TOPIC, (p) => ({ imageId: p.imageId, articleIds: p.usages.filter((u) => u.usageType === 'article').map((u) => u.usageId) }));
    on(CONTRIBUTOR_CHANGED_TOPIC, (p) => ({ contributorId: p.id }));
    on(TAXONOMY_CHANGED_TOPIC, (p) => (p.kind === 'section' ? { sectionId: p.id } : p.kind === 'type' ? { typeId: p.id } : { tagId: p.id }));
    // another lib names the pages itself (e.g. teaser pins changed)
    on(PUBLICATION_REFRESH_TOPIC, (p) => [p.articleId]);
    // what every page shows besides the piece: purge the CDN; the newsletter box is in the cached page too
    this.relay.register({
      name: 'publication.purge:newsletter',
      topic: NEWSLETTER_OFFER_CHANGED_TOPIC,
      handle: (m) => this.purgeShared(m, sharedPartKeys({ newsletter: true }), true),
    });
    // the settings show on GET /v1/content/settings and on every article page (its newsletter box,
    // its publisher): pages naming an old publisher are rewritten, then everything keyed to the
    // settings is purged and the content caches dropped
    this.relay.register({
      name: 'publication.purge:site-settings',
      topic: SITE_SETTINGS_CHANGED_TOPIC,
      handle: async (m) => {
        let pages = 0;
        let after: string | null = null;
        // one transaction per batch: a site of 100k pages never holds them all locked at once
        do {
          const r: { last: string | null; rewritten: number } = await this.tx.run((tx) => this.publication.rewritePublisher(tx, after));
          pages += r.rewritten;
          after = r.last;
        } while (after);
        if (pages) this.log.log({ topic: m.topic, articles: pages }, 'rewrote the publisher of live pages');
        await this.purgeShared(m, [SITE_SETTINGS_KEY], true);
      },
    });
    this.relay.register({
      name: 'publication.purge:donation-banners',
      topic: DONATION_BANNERS_CHANGED_TOPIC,
      // banners are chosen per request from each instance's campaign snapshot, never cached here
      handle: (m) => this.purgeShared(m, sharedPartKeys({ campaignId: m.payload.campaignId, articleId: m.payload.articleId }), false),
    });
    this.relay.register({
      name: 'publication.teasers:went_live',
      topic: PUBLICATION_WENT_LIVE_TOPIC,
      handle: (m) => this.tx.run(async (tx) => void (await this.publication.offerToNeighbours(tx, m.payload.articleId))),
    });
    this.relay.register({
      name: 'publication.teasers:target_changed',
      topic: PUBLICATION_TEASER_TARGET_CHANGED_TOPIC,
      handle: (m) => this.tx.run(async (tx) => void (await this.publication.refreshTeasersPointingAt(tx, m.payload.articleId))),
    });
  }

  private async purgeShared(m: Pick<OutboxMessage, 'id'>, surrogateKeys: string[], dropCaches: boolean): Promise<void> {
    await this.tx.run(async (tx) => {
      await this.publication.purge(tx, { cause: m.id, surrogateKeys });
      if (dropCaches) await this.publication.announceChange(tx, m.id);
    });
  }

  private async refresh(m: Pick<OutboxMessage, 'id' | 'topic'>, refs: Refs | string[]): Promise<void> {
    await this.tx.run(async (tx) => {
      // (a piece not live among `articleIds` is skipped by refresh)
      const ids = Array.isArray(refs) ? refs : [...new Set([...(await this.publication.liveArticlesShowing(tx, refs)), ...(refs.articleIds ?? [])])].sort();
      let refreshed = 0;
      for (const id of ids) if (await this.publication.refresh(tx, id)) refreshed++;
      // caches drop even when no live page changed: lists show section, type and tag names too
      await this.publication.announceChange(tx, m.id);
      if (refreshed) this.log.log({ topic: m.topic, articles: refreshed }, 'refreshed live pages');
    });
  }
}
