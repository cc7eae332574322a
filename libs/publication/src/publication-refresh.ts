import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Transactions } from '#libs/database';
import { OutboxRelay, type OutboxMessage } from '#libs/outbox';
import { PublicationService } from './publication.service.js';
import { SITE_SETTINGS_CHANGED_TOPIC, SITE_SETTINGS_KEY } from '#libs/site-settings';
import { sharedPartKeys } from './publication.rules.js';

type Refs = { imageId?: string; contributorId?: string; sectionId?: string; typeId?: string; tagId?: string };

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
    const on = (topic: string, refs: (p: Record<string, unknown>) => Refs | string[]) =>
      this.relay.register({ name: `publication.refresh:${topic}`, topic, handle: (m) => this.refresh(m, refs(m.payload)) });
    on('image.changed', (p) => ({ imageId: p.imageId as string }));
    on('contributor.changed', (p) => ({ contributorId: p.id as string }));
    on('taxonomy.changed', (p) => (p.kind === 'section' ? { sectionId: p.id as string } : p.kind === 'type' ? { typeId: p.id as string } : { tagId: p.id as string }));
    // another lib names the pages itself (e.g. teaser pins changed)
    on('publication.refresh', (p) => [p.articleId as string]);
    // what every page shows besides the piece: purge the CDN; the newsletter box is in the cached page too
    this.relay.register({
      name: 'publication.purge:newsletter',
      topic: 'newsletter.offer_changed',
      handle: (m) => this.purgeShared(m, sharedPartKeys({ newsletter: true }), true),
    });
    // the site settings are served from the content cache too (GET /v1/content/settings)
    this.relay.register({
      name: 'publication.purge:site-settings',
      topic: SITE_SETTINGS_CHANGED_TOPIC,
      handle: (m) => this.purgeShared(m, [SITE_SETTINGS_KEY], true),
    });
    this.relay.register({
      name: 'publication.purge:donation-banners',
      topic: 'donation_banners.changed',
      // banners are chosen per request from each instance's campaign snapshot, never cached here
      handle: (m) => this.purgeShared(m, sharedPartKeys({ campaignId: m.payload.campaignId as string | undefined, articleId: m.payload.articleId as string | undefined }), false),
    });
    this.relay.register({
      name: 'publication.teasers:went_live',
      topic: 'publication.went_live',
      handle: (m) => this.tx.run(async (tx) => void (await this.publication.offerToNeighbours(tx, m.payload.articleId as string))),
    });
    this.relay.register({
      name: 'publication.teasers:target_changed',
      topic: 'publication.teaser_target_changed',
      handle: (m) => this.tx.run(async (tx) => void (await this.publication.refreshTeasersPointingAt(tx, m.payload.articleId as string))),
    });
  }

  private async purgeShared(m: OutboxMessage, surrogateKeys: string[], dropCaches: boolean): Promise<void> {
    await this.tx.run(async (tx) => {
      await this.publication.purge(tx, { cause: m.id, surrogateKeys });
      if (dropCaches) await this.publication.announceChange(tx, m.id);
    });
  }

  private async refresh(m: OutboxMessage, refs: Refs | string[]): Promise<void> {
    await this.tx.run(async (tx) => {
      const ids = Array.isArray(refs) ? refs : await this.publication.liveArticlesShowing(tx, refs);
      for (const id of ids) await this.publication.refresh(tx, id);
      // caches drop even when no live page changed: lists show section, type and tag names too
      await this.publication.announceChange(tx, m.id);
      if (ids.length) this.log.log({ topic: m.topic, articles: ids.length }, 'refreshed live pages');
    });
  }
}
