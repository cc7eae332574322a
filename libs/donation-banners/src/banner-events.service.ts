import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Clock, Coalescer, DomainError, type ErrorDetail } from '#libs/kernel';
import { RateLimiter } from '#libs/rate-limit';
import { BannerArticleContextSource } from './article-context.js';
import { BannerErrorCode, BannerEventProblem } from './donation-banners.errors.js';
import { DonationBannersRepository, type CampaignRef, type EventRow } from './donation-banners.repository.js';
import { eventTimeAcceptable } from './banner-events.rules.js';
import { EVENT_DEDUPE_RETENTION_MS, MAX_EVENTS_PER_BATCH, type BannerEventType } from './donation-banners.rules.js';

export interface BannerEventInput {
  eventId: string;
  type: BannerEventType;
  campaignId: string;
  variantId: string;
  articleId?: string | null;
  /** When it happened on the reader's side; default: now. */
  at?: Date | null;
}

export interface EventsClient {
  apiKeyId: string;
  ip: string;
}

export interface EventsResult {
  received: number;
  /** New events, now counted. */
  counted: number;
  /** Already counted before (a retry): ignored. */
  duplicates: number;
}

const SWEEP_EVERY_MS = 10 * 60_000;
const KNOWN_PAIRS_MAX = 10_000;
const pairKey = (campaignId: string, variantId: string) => `${campaignId.toLowerCase()}:${variantId.toLowerCase()}`;

/**
 * Impression, click, dismiss and conversion events from front-ends. A batch is validated
 * whole before anything is written (one bad event refuses all), then counted in one statement
 * that also deduplicates by event id.
 */
@Injectable()
export class BannerEventsService {
  private readonly log = new Logger('BannerEvents');
  private lastSweep = 0;
  private readonly known = new Set<string>();
  private readonly liveArticles = new Set<string>();
  /**
   * Batches from concurrent requests are written together (group commit): one statement per
   * few milliseconds instead of one lock wait per request on the same day-counter rows. Each
   * request is answered only after the statement holding its events has committed.
   */
  private readonly writes = new Coalescer<EventRow[], Set<string>>(
    async (batches) => {
      const fresh = await this.repo.recordEvents(batches.flat(), this.clock.now());
      // an event id sent twice in one group counts for the first request only
      return batches.map((rows) => {
        const mine = new Set<string>();
        for (const r of rows) if (fresh.delete(r.eventId.toLowerCase()) || fresh.delete(r.eventId)) mine.add(r.eventId);
        return mine;
      });
    },
    { maxWaitMs: 3, maxItems: 200 },
  );

  constructor(
    private readonly repo: DonationBannersRepository,
    private readonly articles: BannerArticleContextSource,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async record(client: EventsClient, events: BannerEventInput[]): Promise<EventsResult> {
    await this.limiter.enforce(
      [{ key: `donation-events:${client.apiKeyId}:${client.ip}`, max: this.config.donationBanners.eventsPerMinute, windowMs: 60_000 }],
      BannerErrorCode.EventsRateLimited,
    );
    const now = this.clock.now();
    const rows = await this.validate(events, now);
    const counted = (await this.writes.submit(rows)).size;
    this.maybeSweep(now);
    return { received: events.length, counted, duplicates: events.length - counted };
  }

  /** Every problem of the batch at once, or the rows to write. */
  private async validate(events: BannerEventInput[], now: Date): Promise<EventRow[]> {
    const problems: ErrorDetail[] = [];
    if (events.length === 0 || events.length > MAX_EVENTS_PER_BATCH) {
      throw new DomainError('validation', BannerErrorCode.EventsInvalid, `Send 1 to ${MAX_EVENTS_PER_BATCH} events per request.`, [
        { field: 'events', code: 'batchSize', message: `1 to ${MAX_EVENTS_PER_BATCH} events` },
      ]);
    }
    const unknown = events.filter((e) => !this.known.has(pairKey(e.campaignId, e.variantId)));
    const refs: Map<string, CampaignRef> = unknown.length ? await this.repo.campaignRefs([...new Set(unknown.map((e) => e.campaignId.toLowerCase()))]) : new Map();
    // RULE: an event may name only an article the public can see (a live piece): a banner is
    // never shown anywhere else, so an id of nothing live is a client bug or made up, and the
    // batch is refused like one naming an unknown campaign. Live ids are remembered.
    const askArticles = [...new Set(events.map((e) => e.articleId?.toLowerCase()).filter((id): id is string => !!id && !this.liveArticles.has(id)))];
    const live = new Set(
      (await Promise.all(askArticles.map(async (id) => ((await this.articles.find(id))?.articleId.toLowerCase() === id ? id : null)))).filter((id): id is string => id !== null),
    );
    const seen = new Map<string, string>();
    const rows: EventRow[] = [];
    events.forEach((e, i) => {
      const row: EventRow = {
        eventId: e.eventId.toLowerCase(),
        type: e.type,
        campaignId: e.campaignId.toLowerCase(),
        variantId: e.variantId.toLowerCase(),
        articleId: e.articleId?.toLowerCase() ?? null,
        at: e.at ?? now,
      };
      const field = (name: string) => `events.${i}.${name}`;
      if (!this.known.has(pairKey(row.campaignId, row.variantId))) {
        const campaign = refs.get(row.campaignId);
        // RULE: a campaign that never ran cannot have been shown: its events are refused
        if (!campaign || !campaign.activatedAt) {
          problems.push({ field: field('campaignId'), code: BannerEventProblem.UnknownCampaign, message: 'no such campaign' });
        } else if (!campaign.variantIds.includes(row.variantId)) {
          problems.push({ field: field('variantId'), code: BannerEventProblem.VariantNotInCampaign, message: 'this variant does not belong to the campaign' });
        }
      }
      if (row.articleId && !this.liveArticles.has(row.articleId) && !live.has(row.articleId)) {
        problems.push({ field: field('articleId'), code: BannerEventProblem.UnknownArticle, message: 'no live article has this id' });
      }
      if (!eventTimeAcceptable(row.at, now)) {
        problems.push({ field: field('at'), code: BannerEventProblem.TimeOutOfRange, message: 'at must lie within the last 7 days' });
      }
      // the same event twice in one batch counts once; two different events under one id are a client bug
      const fingerprint = `${row.type}|${row.campaignId}|${row.variantId}|${row.articleId}|${row.at.toISOString()}`;
      const earlier = seen.get(row.eventId);
      if (earlier === undefined) {
        seen.set(row.eventId, fingerprint);
        rows.push(row);
      } else if (earlier !== fingerprint) {
        problems.push({ field: field('eventId'), code: BannerEventProblem.DuplicateInBatch, message: 'another event in this batch has this id' });
      }
    });
    if (problems.length) {
      throw new DomainError('validation', BannerErrorCode.EventsInvalid, 'Some events are not valid; none were counted.', problems);
    }
    this.remember(rows);
    if (this.liveArticles.size + live.size > KNOWN_PAIRS_MAX) this.liveArticles.clear();
    for (const id of live) this.liveArticles.add(id);
    return rows;
  }

  /**
   * Valid (campaign, variant) pairs stay valid: a campaign that ran is never deleted or un-run,
   * and a variant never changes campaign. So they are remembered, and a steady stream of events
   * costs no lookup; anything not remembered is checked in the database.
   */
  private remember(rows: EventRow[]): void {
    if (this.known.size + rows.length > KNOWN_PAIRS_MAX) this.known.clear();
    for (const r of rows) this.known.add(pairKey(r.campaignId, r.variantId));
  }

  /** Drops dedupe rows no acceptable retry can need any more (at most every 10 minutes per process). */
  private maybeSweep(now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now.getTime();
    this.repo.sweepEventIds(new Date(now.getTime() - EVENT_DEDUPE_RETENTION_MS)).catch((err: unknown) => this.log.warn({ err }, 'event id sweep failed'));
  }
}
