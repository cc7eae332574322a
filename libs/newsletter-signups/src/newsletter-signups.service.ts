import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions } from '#libs/database';
import { Clock, newId, randomToken, sha256 } from '#libs/kernel';
import { MAIL_SEND_TOPIC } from '#libs/mail';
import { Outbox } from '#libs/outbox';
import { RateLimiter } from '#libs/rate-limit';
import { NewsletterConsentTextEntity, NewsletterListEntity } from './newsletter.entities.js';
import { NewsletterErrorCode, newsletterErrors } from './newsletter.errors.js';
import { confirmationMail, newsletterLinks } from './newsletter.mails.js';
import { NewsletterRepository, type ConsentRecordInput, type SignupSource } from './newsletter.repository.js';
import {
  CONFIRMATION_TTL_MS,
  HOUR_MS,
  canonicalEmail,
  confirmationMailDecision,
  confirmationTokenState,
  hashIp,
  planSignup,
  unsubscribeTargets,
  type ConsentChannel,
} from './newsletter.rules.js';

export interface SignupInput {
  email: string;
  lists: string[];
  consentTextId: string;
  source?: { page?: string; articleId?: string; placement?: string };
  /** Honeypot: a field people never see. */
  website?: string;
}

/** Where a reader's request came from (kept hashed in consent records). */
export interface ReaderOrigin {
  ip: string | null;
}

export interface ListRef {
  id: string;
  name: string;
}

export interface NewsletterOffer {
  lists: NewsletterListEntity[];
  consentText: NewsletterConsentTextEntity | null;
}

/**
 * The reader side of the newsletter: double opt-in signup, confirmation, unsubscribe. Every
 * change for one address runs under that subscriber row's lock, so concurrent submissions
 * queue up instead of racing; the confirmation mail is an outbox message in the same
 * transaction, so a signup is never lost to a mail outage.
 */
@Injectable()
export class NewsletterSignupsService {
  private readonly log = new Logger('NewsletterSignups');
  private readonly ipKey: string;

  constructor(
    private readonly repo: NewsletterRepository,
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // a key of its own, derived from the instance secret (identical on every instance)
    this.ipKey = createHash('sha256').update(`newsletter-ip-hash:${config.auth.jwtSecret}`).digest('hex');
  }

  async offer(): Promise<NewsletterOffer> {
    const [lists, consentText] = await Promise.all([this.repo.activeLists(), this.repo.currentConsentText()]);
    return { lists, consentText };
  }

  /**
   * Accepts a signup. The outcome is the same whatever the address's history (new, pending,
   * confirmed, unsubscribed), so the answer tells a caller nothing about who is subscribed.
   */
  async subscribe(input: SignupInput, origin: ReaderOrigin): Promise<void> {
    const email = canonicalEmail(input.email);
    if (!email) throw newsletterErrors.emailInvalid();
    const listIds = [...new Set(input.lists.map((l) => l.toLowerCase()))];
    const open = await this.repo.openLists(listIds);
    if (open.length !== listIds.length) throw newsletterErrors.listUnknown(listIds.filter((id) => !open.some((l) => l.id === id)));
    const consentText = await this.repo.findConsentText(input.consentTextId);
    if (!consentText) throw newsletterErrors.consentTextUnknown();

    const { newsletter } = this.config;
    await this.limiter.enforce(
      [
        { key: `newsletter:signup:ip:${origin.ip ?? 'unknown'}`, max: newsletter.signupsPerIpPerHour, windowMs: HOUR_MS },
        { key: `newsletter:signup:address:${email}`, max: newsletter.signupsPerAddressPerHour, windowMs: HOUR_MS },
      ],
      NewsletterErrorCode.RateLimited,
    );
    // RULE: a filled honeypot is a bot: it gets the normal answer and nothing is written
    if (input.website) {
      this.log.log({ ipHash: hashIp(origin.ip, this.ipKey) }, 'newsletter honeypot filled; signup dropped');
      return;
    }

    const source: SignupSource = { page: input.source?.page ?? null, articleId: input.source?.articleId?.toLowerCase() ?? null, placement: input.source?.placement ?? null };
    const ipHash = hashIp(origin.ip, this.ipKey);
    await this.tx.run(async (tx) => {
      const now = this.clock.now();
      const sub = await this.repo.upsertSubscriber({ id: newId(), email, unsubscribeToken: randomToken(24), now }, tx);
      const plan = planSignup(await this.repo.subscriptionsOf(sub.id, tx), listIds);
      await this.repo.insertPendingSubscriptions(
        plan.insert.map((listId) => ({ id: newId(), subscriberId: sub.id, listId })),
        consentText.id,
        source,
        now,
        tx,
      );
      await this.repo.reactivateSubscriptions(sub.id, plan.reactivate, consentText.id, source, now, tx);
      const signedUp = [...plan.insert, ...plan.reactivate];
      await this.repo.insertConsentRecords(
        signedUp.map((listId) => ({
          subscriberId: sub.id,
          listId,
          action: 'signup',
          previousStatus: plan.reactivate.includes(listId) ? 'unsubscribed' : null,
          channel: 'form',
          consentTextId: consentText.id,
          at: now,
          source,
          ipHash,
        })),
        newId,
        tx,
      );

      const pending = [...signedUp, ...plan.stillPending];
      if (!pending.length) return;
      const openToken = await this.repo.openToken(sub.id, now, tx);
      const decision = confirmationMailDecision(sub.lastConfirmationSentAt, openToken !== null, now, newsletter.confirmationIntervalMs);
      if (decision.action === 'join') {
        await this.repo.addListsToToken(openToken!.id, pending, tx);
        return;
      }
      // throttled, never dropped: inside the interval the mail goes out when the interval ends
      const sendAt = decision.at;
      const token = randomToken(32);
      await this.repo.insertToken(
        {
          id: newId(),
          tokenHash: sha256(token),
          subscriberId: sub.id,
          listIds: pending,
          consentTextId: consentText.id,
          sourcePage: source.page,
          sourceArticleId: source.articleId,
          sourcePlacement: source.placement,
          createdAt: now,
          expiresAt: new Date(sendAt.getTime() + CONFIRMATION_TTL_MS),
          usedAt: null,
        },
        tx,
      );
      await this.repo.markConfirmationSent(sub.id, sendAt, tx);
      const base = this.config.publicBaseUrl;
      const names = (await this.repo.listsByIds(pending, tx)).map((l) => l.name);
      const mail = confirmationMail({
        to: email,
        listNames: names,
        confirmUrl: newsletterLinks.confirm(base, token),
        unsubscribePageUrl: newsletterLinks.unsubscribePage(base, sub.unsubscribeToken),
        oneClickUrl: newsletterLinks.oneClick(base, sub.unsubscribeToken),
      });
      // the subscriber lock already serializes this decision; the key ("the mail after the one
      // sent at X") makes a second mail for the same decision impossible even without it
      const previous = sub.lastConfirmationSentAt ? new Date(sub.lastConfirmationSentAt).toISOString() : 'first';
      await this.outbox.emit(
        tx,
        MAIL_SEND_TOPIC,
        { ...mail },
        { dedupeKey: `newsletter.confirmation:${sub.id}:after:${previous}`, ...(sendAt > now ? { availableAt: sendAt } : {}) },
      );
    });
  }

  /** Confirms the lists of a confirmation token (double opt-in, second step). */
  async confirm(token: string, origin: ReaderOrigin): Promise<ListRef[]> {
    const hash = sha256(token);
    return this.tx.run(async (tx) => {
      const now = this.clock.now();
      const found = await this.repo.tokenByHash(hash, tx);
      if (!found) throw newsletterErrors.tokenNotFound();
      // lock order everywhere: subscriber row first
      await this.repo.lockSubscriber(found.subscriberId, tx);
      const t = await this.repo.lockTokenByHash(hash, tx);
      if (!t) throw newsletterErrors.tokenNotFound();
      const state = confirmationTokenState(t, now);
      if (state === 'used') throw newsletterErrors.tokenUsed();
      if (state === 'expired') throw newsletterErrors.tokenExpired();
      await this.repo.markTokenUsed(t.id, now, tx);
      const changed = (await this.repo.confirmPending(t.subscriberId, t.listIds, now, tx)).map((r) => r.listId);
      const source: SignupSource = { page: t.sourcePage, articleId: t.sourceArticleId, placement: t.sourcePlacement };
      await this.repo.insertConsentRecords(
        changed.map((listId) => ({
          subscriberId: t.subscriberId,
          listId,
          action: 'confirm',
          previousStatus: 'pending',
          channel: 'mail_link',
          consentTextId: t.consentTextId,
          at: now,
          source,
          ipHash: hashIp(origin.ip, this.ipKey),
        })),
        newId,
        tx,
      );
      return this.repo.listsByIds(changed, tx);
    });
  }

  /**
   * Unsubscribes the holder of an unsubscribe token from one list or from all. Idempotent:
   * unsubscribing again (or from a list one is not on) changes nothing and is not an error.
   */
  async unsubscribe(token: string, listId: string | undefined, channel: Extract<ConsentChannel, 'mail_link' | 'one_click'>, origin: ReaderOrigin): Promise<ListRef[]> {
    return this.tx.run(async (tx) => {
      const now = this.clock.now();
      const sub = await this.repo.lockSubscriberByUnsubscribeToken(token, tx);
      if (!sub) throw newsletterErrors.tokenNotFound();
      const targets = unsubscribeTargets(await this.repo.subscriptionsOf(sub.id, tx), listId?.toLowerCase());
      await this.repo.markUnsubscribed(
        targets.map((t) => t.id),
        now,
        tx,
      );
      const ipHash = hashIp(origin.ip, this.ipKey);
      await this.repo.insertConsentRecords(
        targets.map((t): ConsentRecordInput => ({
          subscriberId: sub.id,
          listId: t.listId,
          action: 'unsubscribe',
          previousStatus: t.status,
          channel,
          consentTextId: null,
          at: now,
          source: { page: null, articleId: null, placement: null },
          ipHash,
        })),
        newId,
        tx,
      );
      return this.repo.listsByIds(
        targets.map((t) => t.listId),
        tx,
      );
    });
  }
}
