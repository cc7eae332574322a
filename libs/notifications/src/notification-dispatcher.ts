import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions } from '#libs/database';
import { Clock, newId } from '#libs/kernel';
import { MAIL_SEND_TOPIC } from '#libs/mail';
import { Outbox } from '#libs/outbox';
import { deskUrl, notificationMail, oneClickUrl } from './notification.mails.js';
import { NotificationDirectory, type DirectoryAccount } from './notification-directory.js';
import {
  AUDIENCE,
  defaultDelivery,
  kindForTransition,
  mentionedEmails,
  planFor,
  unsubscribeToken,
  type Delivery,
  type NotifiableEvent,
  type NotificationKind,
  type PieceFacts,
} from './notification.rules.js';
import { NotificationsRepository } from './notifications.repository.js';

/** What one notification says, before it is addressed. */
export interface NotificationContent {
  title: string;
  body: string;
  /** Path under the desk, e.g. `/desk/articles/<id>`. */
  link: string;
}

export const DESK_PATHS = {
  article: (id: string) => `/desk/articles/${id}`,
  image: (id: string) => `/desk/images/${id}`,
  inbox: '/desk/notifications',
  preferences: '/desk/notifications/preferences',
};

/** Dedupe keys of an account's notification mails start with this (so they can be cancelled together). */
export const mailKeyPrefix = (accountId: string) => `notification.mail:${accountId}:`;

const SCHEDULE_WORD: Record<string, string> = { publish_due: 'publish', unpublish_due: 'take-down' };

/**
 * Turns source events into notifications: picks the recipients with the pure rules, applies
 * each one's preference, writes the inbox rows and (for `mail`) one mail each through the
 * outbox, all in one transaction. The event key makes a redelivered event a no-op.
 */
@Injectable()
export class NotificationDispatcher {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly directory: NotificationDirectory,
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A workflow transition (`article.transitioned`), and the mentions in its comment. */
  async transition(eventKey: string, p: { articleId: string; action: string; to: string; actorId?: string | null; comment?: string | null }): Promise<number> {
    const kind = kindForTransition(p.action, p.to);
    const emails = mentionedEmails(p.comment);
    if (!kind && !emails.length) return 0;
    const piece = await this.directory.piece(p.articleId);
    if (!piece) return 0;
    const actorId = p.actorId ?? null;
    const mentioned = emails.length ? await this.directory.accountsByEmail(emails) : [];
    const events: NotifiableEvent[] = [];
    if (kind) events.push({ kind, actorId, piece });
    if (mentioned.length) events.push({ kind: 'mentioned', actorId, piece, mentionedIds: mentioned.map((a) => a.id) });
    const actor = actorId ? (await this.directory.accounts([actorId]))[0] : undefined;
    const who = actor?.displayName ?? 'The system';
    const comment = p.comment?.trim() ?? '';
    const content = (k: NotificationKind): NotificationContent => {
      const h = `“${piece.headline || 'Untitled'}”`;
      const link = DESK_PATHS.article(piece.id);
      switch (k) {
        case 'review_requested':
          return { title: `Review requested: ${h}`, body: `${who} submitted ${h} for review.${comment ? `\n${comment}` : ''}`, link };
        case 'changes_requested':
          return { title: `Changes requested: ${h}`, body: `${who} asked for changes.${comment ? `\n${comment}` : ''}`, link };
        case 'piece_approved':
          return { title: `Approved: ${h}`, body: `${who} approved ${h}.`, link };
        case 'piece_scheduled':
          return { title: `Scheduled: ${h}`, body: `${who} scheduled ${h} for publication.`, link };
        case 'piece_published':
          return { title: `Published: ${h}`, body: actorId ? `${who} published ${h}.` : `${h} went live as scheduled.`, link };
        case 'piece_unpublished':
          return { title: `Taken down: ${h}`, body: actorId ? `${who} took ${h} down.` : `${h} was taken down as scheduled.`, link };
        default:
          return { title: `${who} mentioned you: ${h}`, body: comment, link };
      }
    };
    return this.deliver(eventKey, events, piece, content, [...mentioned]);
  }

  /** A scheduled publish or take-down failed (`article.scheduled_job_failed`). */
  async scheduleFailed(eventKey: string, p: { articleId: string; action: string; error: string }): Promise<number> {
    const piece = await this.directory.piece(p.articleId);
    if (!piece) return 0;
    const h = `“${piece.headline || 'Untitled'}”`;
    return this.deliver(eventKey, [{ kind: 'schedule_failed', actorId: null, piece }], piece, () => ({
      title: `Scheduled ${SCHEDULE_WORD[p.action] ?? 'job'} failed: ${h}`,
      body: `The scheduled ${SCHEDULE_WORD[p.action] ?? 'job'} of ${h} failed and is being retried.\nReason: ${p.error}`,
      link: DESK_PATHS.article(piece.id),
    }));
  }

  /** A pinned teaser dropped out of a page (`related-stories.teaser_alert_opened`). */
  async teaserAlert(eventKey: string, p: { articleId: string; reason: string }): Promise<number> {
    const piece = await this.directory.piece(p.articleId);
    if (!piece) return 0;
    const h = `“${piece.headline || 'Untitled'}”`;
    // RULE: the alert names the page only: the target may be a piece the recipient cannot see
    return this.deliver(eventKey, [{ kind: 'teaser_alert', actorId: null, piece }], piece, () => ({
      title: `A related story left ${h}`,
      body: `A story pinned as related on ${h} was ${p.reason} and no longer shows there. Pick another one.`,
      link: DESK_PATHS.article(piece.id),
    }));
  }

  /** An image licence lapses soon or has lapsed (`image.license_lapsing`). */
  async licenceLapsing(eventKey: string, p: { imageId: string; expiresAt: string; expired: boolean; daysLeft: number; licensor: string | null; usages: number }): Promise<number> {
    const day = p.expiresAt.slice(0, 10);
    return this.deliver(eventKey, [{ kind: 'licence_lapsing', actorId: null, piece: null }], null, () => ({
      title: p.expired ? `Image licence lapsed on ${day}` : `Image licence lapses on ${day} (${p.daysLeft} day${p.daysLeft === 1 ? '' : 's'} left)`,
      body: `${p.licensor ? `Licensor: ${p.licensor}. ` : ''}Used in ${p.usages} place${p.usages === 1 ? '' : 's'}.`,
      link: DESK_PATHS.image(p.imageId),
    }));
  }

  /** Pieces over their workflow SLA: each (piece, state, since) is told once. */
  async overdue(): Promise<number> {
    let made = 0;
    for (const o of await this.directory.overduePieces()) {
      const piece = await this.directory.piece(o.articleId);
      if (!piece || piece.status !== o.status) continue;
      const hours = Math.floor(o.waitedMs / 3_600_000);
      made += await this.deliver(`overdue:${o.articleId}:${o.status}:${o.since.toISOString()}`, [{ kind: 'piece_overdue', actorId: null, piece }], piece, () => ({
        title: `Overdue in ${o.status.replace(/_/g, ' ')}: “${piece.headline || 'Untitled'}”`,
        body: `Waiting for ${hours} h (the workflow allows ${Math.round(o.budgetMs / 3_600_000)} h).`,
        link: DESK_PATHS.article(piece.id),
      }));
    }
    return made;
  }

  private async deliver(
    eventKey: string,
    events: NotifiableEvent[],
    piece: PieceFacts | null,
    content: (kind: NotificationKind) => NotificationContent,
    extra: DirectoryAccount[] = [],
  ): Promise<number> {
    const wantsEditors = events.some((e) => AUDIENCE[e.kind].editors === true);
    const known = new Map<string, DirectoryAccount>();
    for (const a of wantsEditors ? await this.directory.staff() : []) known.set(a.id, a);
    for (const a of extra) known.set(a.id, a);
    const related = piece ? [piece.ownerId, ...piece.bylineAccountIds].filter((id): id is string => !!id && !known.has(id)) : [];
    for (const a of related.length ? await this.directory.accounts(related) : []) known.set(a.id, a);
    const plan = planFor(events, [...known.values()]);
    if (!plan.length) return 0;
    const prefs = await this.repo.preferences(plan.map((p) => p.accountId));
    const now = this.clock.now();
    const base = this.config.publicBaseUrl;
    return this.tx.run(async (tx) => {
      let made = 0;
      for (const { accountId, kind } of plan) {
        const account = known.get(accountId)!;
        const delivery: Delivery = prefs.find((p) => p.accountId === accountId && p.kind === kind)?.delivery ?? defaultDelivery(account.role, kind);
        if (delivery === 'off') continue;
        const c = content(kind);
        const inserted = await this.repo.insert(tx, {
          id: newId(),
          accountId,
          kind,
          eventKey,
          articleId: piece?.id ?? null,
          title: c.title,
          body: c.body,
          link: c.link,
          delivery,
          createdAt: now,
        });
        if (!inserted) continue;
        made++;
        if (delivery === 'mail') await this.mail(tx, account, kind, c, eventKey, now, base);
      }
      return made;
    });
  }

  private async mail(tx: EntityManager, account: DirectoryAccount, kind: NotificationKind, c: NotificationContent, eventKey: string, now: Date, base: string): Promise<void> {
    const settings = await this.repo.settings(tx, account.id, now);
    const mail = notificationMail({
      to: account.email,
      kind,
      title: c.title,
      body: c.body,
      url: deskUrl(base, c.link),
      preferencesUrl: deskUrl(base, DESK_PATHS.preferences),
      oneClickUrl: oneClickUrl(base, unsubscribeToken(settings.unsubscribeKey, account.id, kind)),
    });
    // RULE: one mail per event per recipient, whatever redelivers the event
    await this.outbox.emit(tx, MAIL_SEND_TOPIC, { ...mail }, { dedupeKey: `${mailKeyPrefix(account.id)}${eventKey}` });
  }
}
