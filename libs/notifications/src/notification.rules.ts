import { createHmac } from 'node:crypto';
import { canSeeArticle } from '#libs/articles';
import { safeEqual } from '#libs/kernel';

/** What a notification is about. Stable: stored, in preferences, in unsubscribe tokens. */
export const NOTIFICATION_KINDS = [
  'review_requested',
  'changes_requested',
  'piece_approved',
  'piece_scheduled',
  'piece_published',
  'piece_unpublished',
  'schedule_failed',
  'teaser_alert',
  'licence_lapsing',
  'piece_overdue',
  'mentioned',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const isNotificationKind = (v: unknown): v is NotificationKind => typeof v === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(v);

/** How an account takes a kind: in the inbox only, plus a mail at once, plus the daily digest mail, or not at all. */
export const DELIVERIES = ['inbox', 'mail', 'digest', 'off'] as const;
export type Delivery = (typeof DELIVERIES)[number];
export const isDelivery = (v: unknown): v is Delivery => typeof v === 'string' && (DELIVERIES as readonly string[]).includes(v);

export type RecipientRole = 'admin' | 'editor' | 'contributor';

/** An account as the rules see it. */
export interface Candidate {
  id: string;
  role: RecipientRole;
  status: 'active' | 'invited' | 'deactivated' | string;
}

/** What the rules need to know of the piece an event is about. */
export interface PieceFacts {
  id: string;
  headline: string;
  ownerId: string | null;
  status: string;
  /** Accounts linked to the piece's bylines (contributor profiles with an account). */
  bylineAccountIds: string[];
}

export interface NotifiableEvent {
  kind: NotificationKind;
  /** Whoever caused it (null: the system, e.g. a scheduled job or a sweep). */
  actorId: string | null;
  /** The piece it is about (null for events not about one piece, e.g. a licence). */
  piece: PieceFacts | null;
  /** For `mentioned`: the accounts named in the comment. */
  mentionedIds?: string[];
}

interface Audience {
  editors?: boolean;
  author?: boolean;
  bylines?: boolean;
  mentioned?: boolean;
}

/**
 * RULE: who each kind is for. Editors means every active editor and admin (sections have no
 * assigned editors in this system, so review requests go to all of them).
 */
export const AUDIENCE: Record<NotificationKind, Audience> = {
  review_requested: { editors: true },
  changes_requested: { author: true, bylines: true },
  piece_approved: { author: true },
  piece_scheduled: { author: true },
  piece_published: { author: true },
  piece_unpublished: { author: true },
  schedule_failed: { editors: true },
  teaser_alert: { editors: true, author: true },
  licence_lapsing: { editors: true },
  piece_overdue: { editors: true },
  mentioned: { mentioned: true },
};

/**
 * RULE: the recipients of one event among `candidates`: those its kind is for, minus anyone
 * who may not see the piece (contributors see only their own pieces), any account that is
 * not active, and the actor (nobody is told of their own action). Each account once.
 */
export function recipientsFor(e: NotifiableEvent, candidates: readonly Candidate[]): string[] {
  const a = AUDIENCE[e.kind];
  const out: string[] = [];
  for (const c of candidates) {
    if (out.includes(c.id)) continue;
    const isAuthor = e.piece !== null && e.piece.ownerId === c.id;
    const meant =
      (a.editors === true && c.role !== 'contributor') ||
      (a.author === true && isAuthor) ||
      (a.bylines === true && e.piece !== null && e.piece.bylineAccountIds.includes(c.id)) ||
      (a.mentioned === true && (e.mentionedIds ?? []).includes(c.id));
    if (!meant) continue;
    if (c.status !== 'active') continue;
    if (e.actorId !== null && c.id === e.actorId) continue;
    if (e.piece && !canSeeArticle({ role: c.role, isOwner: isAuthor, status: e.piece.status })) continue;
    out.push(c.id);
  }
  return out;
}

/** RULE: at digest time a notification still goes out only to an active account that may still see its piece. */
export const mayStillSee = (c: Candidate, piece: PieceFacts | null): boolean =>
  c.status === 'active' && (piece === null || canSeeArticle({ role: c.role, isOwner: piece.ownerId === c.id, status: piece.status }));

/**
 * RULE: several kinds from one source event (a transition and the mentions in its comment):
 * an account gets the first kind that reaches it, never two notifications for one event.
 */
export function planFor(events: readonly NotifiableEvent[], candidates: readonly Candidate[]): { accountId: string; kind: NotificationKind }[] {
  const plan: { accountId: string; kind: NotificationKind }[] = [];
  for (const e of events) {
    for (const id of recipientsFor(e, candidates)) if (!plan.some((p) => p.accountId === id)) plan.push({ accountId: id, kind: e.kind });
  }
  return plan;
}

/** RULE: the kind a workflow transition produces (null: nobody is told). */
export function kindForTransition(action: string, to: string): NotificationKind | null {
  switch (action) {
    case 'submit':
      return 'review_requested';
    case 'request_changes':
      return 'changes_requested';
    case 'approve':
      return 'piece_approved';
    case 'schedule':
      return 'piece_scheduled';
    case 'publish':
    case 'publish_due':
      return to === 'published' ? 'piece_published' : null;
    case 'unpublish':
    case 'unpublish_due':
      return to === 'unpublished' ? 'piece_unpublished' : null;
    default:
      return null;
  }
}

/**
 * RULE: a mention is `@` followed by an account's e-mail address, at the start of the comment
 * or after a space or an opening bracket ("@ada@mag.example, please check the quote").
 * Returns the addresses normalized (lower-case), each once, at most 20.
 */
export function mentionedEmails(comment: string | null | undefined): string[] {
  if (!comment) return [];
  const out: string[] = [];
  for (const m of comment.matchAll(/(?:^|[\s([{])@([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g)) {
    const email = m[1]!.replace(/\.+$/, '').toLowerCase();
    if (!out.includes(email)) out.push(email);
    if (out.length === 20) break;
  }
  return out;
}

const STAFF_DEFAULTS: Record<NotificationKind, Delivery> = {
  review_requested: 'mail',
  changes_requested: 'mail',
  piece_approved: 'inbox',
  piece_scheduled: 'inbox',
  piece_published: 'inbox',
  piece_unpublished: 'inbox',
  schedule_failed: 'mail',
  teaser_alert: 'inbox',
  licence_lapsing: 'digest',
  piece_overdue: 'digest',
  mentioned: 'mail',
};
const CONTRIBUTOR_DEFAULTS: Record<NotificationKind, Delivery> = {
  ...STAFF_DEFAULTS,
  piece_approved: 'mail',
  piece_published: 'mail',
  piece_unpublished: 'mail',
  teaser_alert: 'mail',
};

/**
 * RULE (defaults per role): editors are mailed what needs them now (review requests, failed
 * schedules, mentions) and get licences and overdue pieces once a day; contributors are mailed
 * every step their own piece takes.
 */
export const defaultDelivery = (role: RecipientRole, kind: NotificationKind): Delivery => (role === 'contributor' ? CONTRIBUTOR_DEFAULTS : STAFF_DEFAULTS)[kind];

/** RULE: an IANA time zone name this runtime knows (`Europe/Berlin`, `UTC`). */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The calendar day and hour at `now` in `tz`: `{ day: '2026-12-01', hour: 7 }`. */
export function localTime(now: Date, tz: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

/**
 * RULE: a recipient's digest for a day is due once their local clock has reached the digest
 * hour that day; the day is their local day (so "once a day" is their day, not UTC's).
 * Returns the local day the digest is for, or null when it is not yet time.
 */
export function digestDayDue(now: Date, tz: string, digestHour: number): string | null {
  const t = localTime(now, tz);
  return t.hour >= digestHour ? t.day : null;
}

/** What one unsubscribe link turns off: one kind, or (from a digest mail) the daily digest. */
export type UnsubscribeScope = NotificationKind | 'digest';

const TOKEN_RE = /^([0-9a-f-]{36})\.([a-z_]{1,40})\.([A-Za-z0-9_-]{43})$/;

/** RULE: an unsubscribe token names the account and the kind, signed with that account's own key (no database lookup can forge it). */
export const unsubscribeToken = (key: string, accountId: string, kind: UnsubscribeScope): string =>
  `${accountId}.${kind}.${createHmac('sha256', key).update(`notifications.unsubscribe:${accountId}:${kind}`).digest('base64url')}`;

/** The account and kind a token claims (not yet verified), or null when it is not a token. */
export function parseUnsubscribeToken(token: string): { accountId: string; kind: UnsubscribeScope } | null {
  const m = TOKEN_RE.exec(token);
  if (!m || !(isNotificationKind(m[2]) || m[2] === 'digest')) return null;
  return { accountId: m[1]!, kind: m[2] as UnsubscribeScope };
}

export const verifyUnsubscribeToken = (key: string, token: string): boolean => {
  const claim = parseUnsubscribeToken(token);
  return claim !== null && safeEqual(unsubscribeToken(key, claim.accountId, claim.kind), token);
};

/**
 * RULE: unsubscribing from the digest keeps every kind that went to it in the inbox (the
 * account still sees them), and leaves the other kinds as they were.
 */
export function afterUnsubscribe(scope: UnsubscribeScope, current: Record<NotificationKind, Delivery>): Partial<Record<NotificationKind, Delivery>> {
  if (scope !== 'digest') return { [scope]: 'off' };
  return Object.fromEntries(NOTIFICATION_KINDS.filter((k) => current[k] === 'digest').map((k) => [k, 'inbox']));
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
