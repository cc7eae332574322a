import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Outbox } from '#libs/outbox';
import { Transactions, pgConstraint, pgErrorCode } from '#libs/database';
import { AuditLog, type ActionContext } from '#libs/identity';
import { Clock, DomainError, decodeCursor, encodeCursor, isSlug, newId, plainText, slugify, type Page } from '#libs/kernel';
import { NewsletterConsentTextEntity, NewsletterListEntity } from './newsletter.entities.js';
import { newsletterErrors } from './newsletter.errors.js';
import {
  NewsletterRepository,
  type AttributionRow,
  type ConsentRecordInput,
  type ConsentRecordView,
  type GrowthRow,
  type ListWithCounts,
  type SubscriberSummary,
} from './newsletter.repository.js';
import { NEWSLETTER_OFFER_CHANGED_TOPIC, type NewsletterOfferChangedPayload } from './newsletter.events.js';
import { LIST_SLUG_MAX, csvRow, reportRange, unsubscribeTargets, type SubscriptionStatus } from './newsletter.rules.js';

export interface NewListInput {
  name: string;
  slug?: string;
  description?: string;
}

export interface ListPatch {
  name?: string;
  slug?: string;
  description?: string;
}

export interface SubscriberQuery {
  q?: string;
  listId?: string;
  status?: SubscriptionStatus;
  cursor?: string;
  limit: number;
}

export interface ExportFilter {
  listId?: string;
  status?: SubscriptionStatus;
}

export interface GrowthReport {
  from: Date;
  to: Date;
  lists: ListWithCounts[];
  days: (GrowthRow & { net: number })[];
}

export interface AttributionReport {
  from: Date;
  to: Date;
  byArticle: AttributionRow[];
  byPlacement: AttributionRow[];
}

const EXPORT_BATCH = 500;
export const EXPORT_COLUMNS = [
  'subscriber_id',
  'email',
  'list_slug',
  'list_name',
  'status',
  'subscribed_at',
  'confirmed_at',
  'unsubscribed_at',
  'source_page',
  'source_article_id',
  'source_placement',
] as const;

const NO_SOURCE = { page: null, articleId: null, placement: null };

/** The admin side: lists, consent texts, subscribers, erasure, reports. Every write is audited in its transaction. */
@Injectable()
export class NewsletterAdminService {
  constructor(
    private readonly repo: NewsletterRepository,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  // ---- lists

  lists(includeArchived: boolean): Promise<ListWithCounts[]> {
    return this.repo.listsWithCounts(includeArchived);
  }

  async createList(ctx: ActionContext, input: NewListInput): Promise<NewsletterListEntity> {
    const slug = input.slug ?? slugify(input.name, LIST_SLUG_MAX);
    if (!isSlug(slug)) throw newsletterErrors.listSlugInvalid();
    const name = plainText(input.name);
    if (!name) throw blankListName();
    const now = this.clock.now();
    const list: NewsletterListEntity = {
      id: newId(),
      slug,
      name,
      description: plainText(input.description ?? '', { multiline: true }),
      createdAt: now,
      updatedAt: now,
      archivedAt: null,
    };
    await this.run(async (tx) => {
      await this.repo.insertList(list, tx);
      await this.audit.record(tx, ctx, { action: 'newsletter_list.create', targetType: 'newsletter_list', targetId: list.id, summary: { after: { slug, name: list.name } } });
      await this.offerChanged(tx, { listId: list.id });
    });
    return list;
  }

  async updateList(ctx: ActionContext, id: string, patch: ListPatch): Promise<NewsletterListEntity> {
    if (patch.slug !== undefined && !isSlug(patch.slug)) throw newsletterErrors.listSlugInvalid();
    return this.run(async (tx) => {
      const before = await this.repo.findList(id, tx, true);
      if (!before) throw newsletterErrors.listNotFound();
      if (patch.name !== undefined && !plainText(patch.name)) throw blankListName();
      const changes = {
        ...(patch.name !== undefined ? { name: plainText(patch.name) } : {}),
        ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
        ...(patch.description !== undefined ? { description: plainText(patch.description, { multiline: true }) } : {}),
      };
      const after: NewsletterListEntity = { ...before, ...changes, updatedAt: this.clock.now() };
      await this.repo.updateList(id, { ...changes, updatedAt: after.updatedAt }, tx);
      await this.audit.record(tx, ctx, {
        action: 'newsletter_list.update',
        targetType: 'newsletter_list',
        targetId: id,
        summary: {
          before: { slug: before.slug, name: before.name, description: before.description },
          after: { slug: after.slug, name: after.name, description: after.description },
        },
      });
      await this.offerChanged(tx, { listId: id });
      return after;
    });
  }

  /** Archiving stops signups; subscriptions, consent and unsubscribe links stay valid. */
  async archiveList(ctx: ActionContext, id: string): Promise<NewsletterListEntity> {
    return this.run(async (tx) => {
      const list = await this.repo.findList(id, tx, true);
      if (!list) throw newsletterErrors.listNotFound();
      if (list.archivedAt) return list;
      const now = this.clock.now();
      await this.repo.updateList(id, { archivedAt: now, updatedAt: now }, tx);
      await this.audit.record(tx, ctx, {
        action: 'newsletter_list.archive',
        targetType: 'newsletter_list',
        targetId: id,
        summary: { before: { archivedAt: null }, after: { archivedAt: now.toISOString() } },
      });
      await this.offerChanged(tx, { listId: id });
      return { ...list, archivedAt: now, updatedAt: now };
    });
  }

  // ---- consent texts

  consentTexts(): Promise<NewsletterConsentTextEntity[]> {
    return this.repo.consentTexts();
  }

  /** A new version; earlier versions stay as they were (consent records point at them). */
  async createConsentText(ctx: ActionContext, text: string): Promise<NewsletterConsentTextEntity> {
    return this.tx.run(async (tx) => {
      const created = await this.repo.insertConsentTextVersion(
        { id: newId(), text: plainText(text, { multiline: true }), createdAt: this.clock.now(), createdBy: ctx.actor.accountId },
        tx,
      );
      await this.audit.record(tx, ctx, {
        action: 'newsletter_consent_text.create',
        targetType: 'newsletter_consent_text',
        targetId: created.id,
        summary: { after: { version: created.version } },
      });
      await this.offerChanged(tx, { consentTextId: created.id });
      return created;
    });
  }

  // ---- subscribers

  async searchSubscribers(q: SubscriberQuery): Promise<Page<SubscriberSummary>> {
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    const rows = await this.repo.searchSubscribers({ q: q.q, listId: q.listId, status: q.status, after, limit: q.limit + 1 });
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > q.limit && last ? encodeCursor({ at: new Date(last.createdAt).toISOString(), id: last.id }) : null };
  }

  async subscriber(id: string): Promise<SubscriberSummary & { consent: ConsentRecordView[] }> {
    const found = await this.repo.subscriberDetail(id);
    if (!found) throw newsletterErrors.subscriberNotFound();
    return found;
  }

  /** Unsubscribes a subscriber from one list or all, on a reader's request by other means (mail, phone). */
  async unsubscribeSubscriber(ctx: ActionContext, id: string, listId?: string): Promise<string[]> {
    return this.run(async (tx) => {
      const sub = await this.repo.lockSubscriber(id, tx);
      if (!sub || sub.erasedAt) throw newsletterErrors.subscriberNotFound();
      const lists = await this.unsubscribeAll(tx, id, listId);
      // the audit entry names the subscriber by id only: it outlives an erasure
      await this.audit.record(tx, ctx, {
        action: 'newsletter_subscriber.unsubscribe',
        targetType: 'newsletter_subscriber',
        targetId: id,
        summary: { after: { unsubscribedFrom: lists } },
      });
      return lists;
    });
  }

  /**
   * Erasure on request: the address, its tokens and the hashed client addresses go; the
   * subscriber row stays as an anonymous anchor, so consent history and counts stay true.
   */
  async eraseSubscriber(ctx: ActionContext, id: string): Promise<void> {
    await this.run(async (tx) => {
      const sub = await this.repo.lockSubscriber(id, tx);
      if (!sub || sub.erasedAt) throw newsletterErrors.subscriberNotFound();
      const lists = await this.unsubscribeAll(tx, id, undefined);
      const now = this.clock.now();
      await this.repo.insertConsentRecords(
        [{ subscriberId: id, listId: null, action: 'erase', previousStatus: null, channel: 'admin', consentTextId: null, at: now, source: NO_SOURCE, ipHash: null }],
        newId,
        tx,
      );
      // the address also sits in queued and sent mail: redact it there too (and cancel unsent mail)
      const redactedMessages = await this.outbox.redact(tx, { email: sub.email ?? undefined, dedupeKeyPrefix: `newsletter.confirmation:${id}:` });
      await this.repo.erase(id, now, tx);
      await this.audit.record(tx, ctx, {
        action: 'newsletter_subscriber.erase',
        targetType: 'newsletter_subscriber',
        targetId: id,
        summary: { after: { erased: true, unsubscribedFrom: lists, redactedMessages } },
      });
    });
  }

  private async unsubscribeAll(tx: EntityManager, subscriberId: string, listId: string | undefined): Promise<string[]> {
    const now = this.clock.now();
    const targets = unsubscribeTargets(await this.repo.subscriptionsOf(subscriberId, tx), listId);
    await this.repo.markUnsubscribed(
      targets.map((t) => t.id),
      now,
      tx,
    );
    await this.repo.insertConsentRecords(
      targets.map((t): ConsentRecordInput => ({
        subscriberId,
        listId: t.listId,
        action: 'unsubscribe',
        previousStatus: t.status,
        channel: 'admin',
        consentTextId: null,
        at: now,
        source: NO_SOURCE,
        ipHash: null,
      })),
      newId,
      tx,
    );
    return targets.map((t) => t.listId);
  }

  /**
   * The subscriptions as CSV, produced batch by batch (keyset pages of 500), so an export of
   * any size streams in constant memory. The export itself is audited: it is personal data.
   */
  async exportCsv(ctx: ActionContext, filter: ExportFilter): Promise<AsyncIterable<string>> {
    await this.tx.run((tx) =>
      this.audit.record(tx, ctx, { action: 'newsletter_subscribers.export', targetType: 'newsletter_subscriber', targetId: null, summary: { after: { ...filter } } }),
    );
    const repo = this.repo;
    return (async function* () {
      yield csvRow(EXPORT_COLUMNS);
      let after: { at: Date; id: string } | undefined;
      for (;;) {
        const rows = await repo.exportBatch({ ...filter, after, limit: EXPORT_BATCH });
        if (!rows.length) return;
        yield rows
          .map((r) =>
            csvRow([r.subscriberId, r.email, r.listSlug, r.listName, r.status, r.createdAt, r.confirmedAt, r.unsubscribedAt, r.sourcePage, r.sourceArticleId, r.sourcePlacement]),
          )
          .join('');
        const last = rows[rows.length - 1]!;
        after = { at: last.createdAt, id: last.subscriptionId };
        if (rows.length < EXPORT_BATCH) return;
      }
    })();
  }

  // ---- reports

  async growth(from: string | undefined, to: string | undefined, listId?: string): Promise<GrowthReport> {
    const range = this.range(from, to);
    const [lists, rows] = await Promise.all([this.repo.listsWithCounts(true), this.repo.growth(range.from, range.to, listId)]);
    return {
      ...range,
      lists: listId ? lists.filter((l) => l.id === listId) : lists,
      days: rows.map((r) => ({ ...r, net: r.confirmations - r.lostConfirmed })),
    };
  }

  async attribution(from: string | undefined, to: string | undefined): Promise<AttributionReport> {
    const range = this.range(from, to);
    const [byArticle, byPlacement] = await Promise.all([this.repo.attribution('article', range.from, range.to), this.repo.attribution('placement', range.from, range.to)]);
    return { ...range, byArticle, byPlacement };
  }

  private range(from: string | undefined, to: string | undefined): { from: Date; to: Date } {
    const r = reportRange(from, to, this.clock.now());
    if ('error' in r) throw newsletterErrors.rangeInvalid(r.error);
    return r;
  }

  /** RULE: a change to the lists or the consent text changes every page's signup box: purge it (outbox, after commit). */
  private offerChanged(tx: EntityManager, payload: NewsletterOfferChangedPayload): Promise<unknown> {
    return this.outbox.emit(tx, NEWSLETTER_OFFER_CHANGED_TOPIC, payload);
  }

  /** A transaction whose slug-uniqueness violations become a 409. */
  private async run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.tx.run(work);
    } catch (e) {
      if (pgErrorCode(e) === '23505' && pgConstraint(e) === 'uq_newsletter_lists_slug') throw newsletterErrors.listSlugTaken();
      throw e;
    }
  }
}

const blankListName = () =>
  new DomainError('validation', 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'name', code: 'blank', message: 'name must contain text (markup is removed)' }]);
