import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions } from '#libs/database';
import { Jobs } from '#libs/jobs';
import { Clock } from '#libs/kernel';
import { MAIL_SEND_TOPIC } from '#libs/mail';
import { Outbox } from '#libs/outbox';
import { DESK_PATHS, NotificationDispatcher } from './notification-dispatcher.js';
import { NotificationDirectory } from './notification-directory.js';
import { deskUrl, digestMail, oneClickUrl } from './notification.mails.js';
import { digestDayDue, mayStillSee, unsubscribeToken } from './notification.rules.js';
import { NotificationsRepository } from './notifications.repository.js';

export const DIGEST_QUEUE = 'notifications.digest';

interface DigestJob {
  accountId: string;
  /** The recipient's local day the digest is for. */
  day: string;
}

const FIRST_CHECK_MS = 30_000;

/**
 * Daily digests and the overdue sweep. Every worker process checks every NOTIFY_CHECK_INTERVAL: it
 * raises overdue pieces (idempotent per piece, state and since) and enqueues one digest job
 * per recipient whose local digest hour has come, keyed `<account>:<local day>` on an
 * `exclusive` queue, so N workers asking store one job. The job itself claims the
 * (account, day) row in the same transaction that marks the items and writes the mail, so a
 * worker killed mid-run leaves nothing behind and the retry sends it: exactly once.
 */
@Injectable()
export class NotificationDigests implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('NotificationDigests');
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;

  constructor(
    private readonly jobs: Jobs,
    private readonly repo: NotificationsRepository,
    private readonly dispatcher: NotificationDispatcher,
    private readonly directory: NotificationDirectory,
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<DigestJob>({
      name: DIGEST_QUEUE,
      options: { policy: 'exclusive', retryLimit: 10, retryDelay: 5, retryBackoff: true } as never,
      batchSize: 2,
      handle: async (job) => {
        const items = await this.send(job.data.accountId, job.data.day);
        this.log.log({ accountId: job.data.accountId, day: job.data.day, items }, 'notification digest done');
      },
    });
  }

  onApplicationBootstrap(): void {
    const every = this.config.notifications.checkIntervalMs;
    if (every === 0) return;
    const check = () => void (this.jobs.isWorking ? this.tick() : Promise.resolve()).catch((err: unknown) => this.log.warn({ err }, 'notification check failed'));
    this.first = setTimeout(check, Math.min(FIRST_CHECK_MS, every));
    this.timer = setInterval(check, every);
    this.first.unref();
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.first);
    clearInterval(this.timer);
  }

  /** One check: raise overdue pieces, then enqueue the digests that are due. Returns the jobs enqueued. */
  async tick(now = this.clock.now()): Promise<number> {
    await this.dispatcher.overdue();
    return this.enqueueDue(now);
  }

  async enqueueDue(now = this.clock.now()): Promise<number> {
    let enqueued = 0;
    for (const c of await this.repo.digestCandidates()) {
      const day = digestDayDue(now, c.timeZone ?? this.config.notifications.defaultTimeZone, this.config.notifications.digestHour);
      if (!day || (await this.repo.digestSent(c.accountId, day))) continue;
      const id = await this.jobs.send(DIGEST_QUEUE, { accountId: c.accountId, day } satisfies DigestJob, { singletonKey: `${c.accountId}:${day}` });
      if (id) enqueued++;
    }
    return enqueued;
  }

  /** Sends the account's digest for `day` unless it went out already; returns the items it carried. */
  async send(accountId: string, day: string): Promise<number> {
    const account = (await this.directory.accounts([accountId]))[0];
    const now = this.clock.now();
    const base = this.config.publicBaseUrl;
    return this.tx.run(async (tx) => {
      if (!(await this.repo.claimDigest(tx, accountId, day, now))) return 0;
      const pending = await this.repo.lockPendingDigest(tx, accountId);
      const pieces = new Map<string, Awaited<ReturnType<NotificationDirectory['piece']>>>();
      for (const id of new Set(pending.map((n) => n.articleId).filter((x): x is string => x !== null))) pieces.set(id, await this.directory.piece(id));
      // RULE: nothing for a deactivated account, nothing about a piece the account may no longer see
      const items = account ? pending.filter((n) => mayStillSee(account, n.articleId ? (pieces.get(n.articleId) ?? null) : null) && (!n.articleId || pieces.get(n.articleId))) : [];
      await this.repo.markDigested(
        tx,
        pending.map((n) => n.id),
        now,
      );
      await this.repo.setDigestItems(tx, accountId, day, items.length);
      if (account && items.length) {
        const settings = await this.repo.settings(tx, accountId, now);
        const mail = digestMail({
          to: account.email,
          day,
          items: items.map((n) => ({ title: n.title, body: n.body, url: deskUrl(base, n.link) })),
          inboxUrl: deskUrl(base, DESK_PATHS.inbox),
          preferencesUrl: deskUrl(base, DESK_PATHS.preferences),
          oneClickUrl: oneClickUrl(base, unsubscribeToken(settings.unsubscribeKey, accountId, 'digest')),
        });
        await this.outbox.emit(tx, MAIL_SEND_TOPIC, { ...mail }, { dedupeKey: `notification.digest:${accountId}:${day}` });
      }
      return items.length;
    });
  }
}
