import { Injectable } from '@nestjs/common';
import { Transactions } from '#libs/database';
import { AuditLog, type ActionContext, type Actor } from '#libs/identity';
import { Clock, clampLimit, newId, type Page } from '#libs/kernel';
import { Outbox } from '#libs/outbox';
import { alertNotFound } from './related-stories.errors.js';
import { RelatedStoriesRepository, type TeaserAlertRow } from './related-stories.repository.js';
import { PUBLICATION_REFRESH_TOPIC, TEASER_ALERT_OPENED_TOPIC } from './related-stories.events.js';
import type { AlertReason } from './related-stories.rules.js';

/** A teaser alert as editors see it. */
export type TeaserAlertView = TeaserAlertRow;

export interface TeaserAlertQuery {
  /** false (default): open alerts; true: resolved ones. */
  resolved?: boolean;
  articleId?: string;
  limit?: number;
  cursor?: string;
}

/**
 * The "teaser alerts" list: when a pinned target is unpublished, retracted or archived, each
 * page pinning it gets one open alert, until an editor resolves it (or unpins the target).
 */
@Injectable()
export class TeaserAlertsService {
  constructor(
    private readonly repo: RelatedStoriesRepository,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
  ) {}

  /** Alerts on pages the actor can see (contributors: pages they own), newest first. */
  list(actor: Actor, q: TeaserAlertQuery): Promise<Page<TeaserAlertView>> {
    return this.repo.listAlerts({
      resolved: q.resolved ?? false,
      ownerId: actor.role === 'contributor' ? actor.accountId : undefined,
      articleId: q.articleId,
      limit: clampLimit(q.limit),
      cursor: q.cursor,
    });
  }

  /** Marks an alert handled. Resolving a resolved alert changes nothing and answers it as is. */
  async resolve(ctx: ActionContext, id: string): Promise<TeaserAlertView> {
    return this.tx.run(async (tx) => {
      const alert = await this.repo.findAlert(id, tx);
      if (!alert || (ctx.actor.role === 'contributor' && alert.ownerId !== ctx.actor.accountId)) throw alertNotFound();
      if (await this.repo.resolveAlert(tx, id, this.clock.now(), ctx.actor.accountId)) {
        await this.audit.record(tx, ctx, {
          action: 'teaser_alert.resolve',
          targetType: 'teaser_alert',
          targetId: id,
          summary: { articleId: alert.articleId, targetArticleId: alert.targetArticleId, reason: alert.reason },
        });
      }
      const { ownerId: _o, ...view } = (await this.repo.findAlert(id, tx))!;
      return view;
    });
  }

  /**
   * Opens one alert per page pinning `targetArticleId` (idempotent: an open alert for the same
   * page, target and reason is kept) and asks for each page to be refreshed, so the dropped
   * teaser leaves it. `eventId` (the outbox message) makes a redelivery emit nothing new.
   */
  async raise(targetArticleId: string, reason: AlertReason, eventId: string): Promise<{ pages: string[]; opened: number }> {
    return this.tx.run(async (tx) => {
      const pages = await this.repo.pagesPinning(targetArticleId, tx);
      const now = this.clock.now();
      let opened = 0;
      for (const articleId of pages) {
        const alertId = newId();
        if (await this.repo.openAlert(tx, { id: alertId, articleId, targetArticleId, reason, createdAt: now, resolvedAt: null, resolvedBy: null })) {
          opened++;
          await this.outbox.emit(tx, TEASER_ALERT_OPENED_TOPIC, { alertId, articleId, targetArticleId, reason });
        }
        await this.outbox.emit(tx, PUBLICATION_REFRESH_TOPIC, { articleId }, { dedupeKey: `${PUBLICATION_REFRESH_TOPIC}:${eventId}:${articleId}` });
      }
      return { pages, opened };
    });
  }
}
