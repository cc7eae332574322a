import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions } from '#libs/database';
import type { Actor } from '#libs/identity';
import { Clock, clampLimit, decodeCursor, encodeCursor, isUuid, type Page } from '#libs/kernel';
import { NotificationDirectory } from './notification-directory.js';
import { notificationErrors } from './notification.errors.js';
import {
  NOTIFICATION_KINDS,
  afterUnsubscribe,
  defaultDelivery,
  isNotificationKind,
  isTimeZone,
  parseUnsubscribeToken,
  verifyUnsubscribeToken,
  type Delivery,
  type NotificationKind,
  type UnsubscribeScope,
} from './notification.rules.js';
import { NotificationsRepository, type NotificationRow } from './notifications.repository.js';

export type NotificationView = Omit<NotificationRow, 'cursorAt' | 'eventKey' | 'accountId'>;

export interface InboxQuery {
  unread?: boolean;
  limit?: number;
  cursor?: string;
}

export interface KindPreference {
  kind: NotificationKind;
  delivery: Delivery;
  /** True when the account has not chosen: the role's default applies. */
  isDefault: boolean;
}

export interface NotificationPreferences {
  /** What the account set (null: none). */
  timeZone: string | null;
  /** The zone its digest uses (the account's, or NOTIFY_DEFAULT_TIME_ZONE). */
  effectiveTimeZone: string;
  kinds: KindPreference[];
}

export interface PreferencesChange {
  /** undefined: unchanged; null: back to the default zone. */
  timeZone?: string | null;
  kinds?: { kind: string; delivery: Delivery }[];
}

const view = ({ cursorAt: _c, eventKey: _e, accountId: _a, ...v }: NotificationRow): NotificationView => v;

/** The in-app inbox, preferences and unsubscribe links of the calling account. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    private readonly directory: NotificationDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The caller's notifications, newest first (keyset paging). */
  async list(actor: Actor, q: InboxQuery): Promise<Page<NotificationView>> {
    const limit = clampLimit(q.limit);
    const rows = await this.repo.list(actor.accountId, { unreadOnly: q.unread === true, after: q.cursor ? decodeCursor(q.cursor) : null, limit });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(view), nextCursor: rows.length > limit && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null };
  }

  unreadCount(actor: Actor): Promise<number> {
    return this.repo.unreadCount(actor.accountId);
  }

  /** Marks one read; another account's notification is "not found". */
  async markRead(actor: Actor, id: string): Promise<NotificationView> {
    const row = isUuid(id) ? await this.repo.markRead(actor.accountId, id, this.clock.now()) : null;
    if (!row) throw notificationErrors.notFound();
    return view(row);
  }

  markAllRead(actor: Actor): Promise<number> {
    return this.repo.markAllRead(actor.accountId, this.clock.now());
  }

  async preferences(actor: Actor): Promise<NotificationPreferences> {
    const [rows, settings] = await Promise.all([this.repo.preferences([actor.accountId]), this.repo.findSettings(actor.accountId)]);
    return {
      timeZone: settings?.timeZone ?? null,
      effectiveTimeZone: settings?.timeZone ?? this.config.notifications.defaultTimeZone,
      kinds: NOTIFICATION_KINDS.map((kind) => {
        const chosen = rows.find((r) => r.kind === kind);
        return { kind, delivery: chosen?.delivery ?? defaultDelivery(actor.role, kind), isDefault: !chosen };
      }),
    };
  }

  /** Sets some kinds and/or the time zone; everything is checked before anything is written. */
  async setPreferences(actor: Actor, change: PreferencesChange): Promise<NotificationPreferences> {
    for (const k of change.kinds ?? []) if (!isNotificationKind(k.kind)) throw notificationErrors.kindUnknown(k.kind);
    if (change.timeZone !== undefined && change.timeZone !== null && !isTimeZone(change.timeZone)) throw notificationErrors.timeZoneInvalid();
    const now = this.clock.now();
    await this.tx.run(async (tx) => {
      await this.repo.settings(tx, actor.accountId, now);
      if (change.timeZone !== undefined) await this.repo.setTimeZone(tx, actor.accountId, change.timeZone, now);
      for (const k of change.kinds ?? []) await this.repo.setPreference(tx, actor.accountId, k.kind as NotificationKind, k.delivery, now);
    });
    return this.preferences(actor);
  }

  /**
   * RFC 8058 one-click: the token alone authorizes turning its kind (or the digest) off for
   * its account. Idempotent. A token that does not verify is "not found", whatever is wrong.
   */
  async unsubscribe(token: string): Promise<{ kind: UnsubscribeScope; changed: NotificationKind[] }> {
    const claim = parseUnsubscribeToken(token);
    const settings = claim ? await this.repo.findSettings(claim.accountId) : null;
    if (!claim || !settings || !verifyUnsubscribeToken(settings.unsubscribeKey, token)) throw notificationErrors.unsubscribeTokenInvalid();
    const now = this.clock.now();
    return this.tx.run(async (tx) => {
      const rows = await this.repo.preferences([claim.accountId], tx);
      // the role only matters for kinds never chosen; a digest token needs today's effective choices
      const roleOf = (await this.directory.accounts([claim.accountId]))[0]?.role ?? 'contributor';
      const current = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, rows.find((r) => r.kind === k)?.delivery ?? defaultDelivery(roleOf, k)])) as Record<
        NotificationKind,
        Delivery
      >;
      const next = afterUnsubscribe(claim.kind, current);
      for (const [kind, delivery] of Object.entries(next)) await this.repo.setPreference(tx, claim.accountId, kind as NotificationKind, delivery, now);
      return { kind: claim.kind, changed: Object.keys(next) as NotificationKind[] };
    });
  }
}
