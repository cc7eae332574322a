import { createHmac } from 'node:crypto';
import { parseCalendarDay } from '#libs/kernel';

export const SUBSCRIPTION_STATUSES = ['pending', 'confirmed', 'unsubscribed'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const CONSENT_ACTIONS = ['signup', 'confirm', 'unsubscribe', 'erase'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/** How an event reached us: the signup form, a link in a mail, a mail client's one-click, an admin. */
export const CONSENT_CHANNELS = ['form', 'mail_link', 'one_click', 'admin'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** RULE: a confirmation link works once, for 24 hours. */
export const CONFIRMATION_TTL_MS = 24 * 3_600_000;
export const MAX_LISTS_PER_SIGNUP = 10;
export const HOUR_MS = 3_600_000;

const MAX_EMAIL = 254;
const MAX_LOCAL = 64;
// dot-atom local part (RFC 5322) without quoted strings or comments
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * RULE: the address as stored and compared: trimmed, Unicode NFC, lower-case. Null when it is
 * not a plain deliverable address (one @, dot-atom local part, a dotted domain with a real
 * TLD, length limits). Quoted local parts and IP-literal domains are refused; internationalized
 * domains must come punycoded. Provider tricks (dots, +tags) are kept: they are distinct
 * addresses to the standard.
 */
export function canonicalEmail(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim().normalize('NFC').toLowerCase();
  if (email.length === 0 || email.length > MAX_EMAIL) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.indexOf('@') !== at) return null;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > MAX_LOCAL || !LOCAL_PART.test(local)) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l)) || !TLD.test(labels[labels.length - 1]!)) return null;
  return email;
}

export interface ExistingSubscription {
  listId: string;
  status: SubscriptionStatus;
}

export interface SignupPlan {
  /** Lists with no subscription yet: insert as pending. */
  insert: string[];
  /** Unsubscribed earlier, asked again: back to pending (a new opt-in). */
  reactivate: string[];
  /** Already pending: nothing to write. */
  stillPending: string[];
  /** Already confirmed: nothing to do, and nothing to tell (no enumeration). */
  confirmed: string[];
}

/** RULE: what a signup does to each requested list, given the subscriber's current subscriptions. */
export function planSignup(existing: readonly ExistingSubscription[], requested: readonly string[]): SignupPlan {
  const byList = new Map(existing.map((s) => [s.listId, s.status]));
  const plan: SignupPlan = { insert: [], reactivate: [], stillPending: [], confirmed: [] };
  for (const listId of new Set(requested)) {
    const status = byList.get(listId);
    if (status === undefined) plan.insert.push(listId);
    else if (status === 'unsubscribed') plan.reactivate.push(listId);
    else if (status === 'pending') plan.stillPending.push(listId);
    else plan.confirmed.push(listId);
  }
  return plan;
}

export type ConfirmationMailDecision = { action: 'send'; at: Date } | { action: 'join' };

/**
 * RULE: at most one confirmation mail per address per interval, and a signup is never dropped.
 * Inside the interval a signup joins the open (unused, unexpired) token of the mail already
 * sent; with no open token (the last one was used or expired) its mail is sent as soon as the
 * interval is over (`at`, a delayed outbox message), otherwise now.
 */
export function confirmationMailDecision(lastSentAt: Date | null, hasOpenToken: boolean, now: Date, intervalMs: number): ConfirmationMailDecision {
  if (!lastSentAt || now.getTime() - lastSentAt.getTime() >= intervalMs) return { action: 'send', at: now };
  return hasOpenToken ? { action: 'join' } : { action: 'send', at: new Date(lastSentAt.getTime() + intervalMs) };
}

export type TokenState = 'valid' | 'used' | 'expired';

/** RULE: a confirmation token is single use and expires; a used token stays used even after expiry. */
export function confirmationTokenState(token: { usedAt: Date | null; expiresAt: Date }, now: Date): TokenState {
  if (token.usedAt) return 'used';
  if (now.getTime() >= token.expiresAt.getTime()) return 'expired';
  return 'valid';
}

/** RULE: unsubscribing touches the active subscriptions of one list, or of all lists when none is named. */
export function unsubscribeTargets<T extends ExistingSubscription>(subscriptions: readonly T[], listId?: string): T[] {
  return subscriptions.filter((s) => s.status !== 'unsubscribed' && (listId === undefined || s.listId === listId));
}

/**
 * The client address as kept in consent records: an HMAC, so the raw address is not stored and
 * (unlike a plain hash of the small IPv4 space) cannot be recovered without the key.
 */
export const hashIp = (ip: string | null, key: string): string | null => (ip ? createHmac('sha256', key).update(`newsletter-ip:${ip}`).digest('hex') : null);

// A cell starting with one of these is a formula to spreadsheet programs (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
// Separators a spreadsheet may split a cell at (locales that use ';', tab-separated imports).
const SEPARATORS = /[;,\t\r\n]/;

/**
 * RULE: a cell is a formula when any part a spreadsheet could split it into (at ';', ',', tab or
 * a line break) starts, after NFKC normalization (full-width '＝' is '=') and trimming, with
 * = + - @ or a tab or carriage return.
 */
export const isFormulaCell = (s: string): boolean =>
  FORMULA_START.test(s) ||
  s
    .normalize('NFKC')
    .split(SEPARATORS)
    // eslint-disable-next-line no-control-regex -- leading control characters are skipped on purpose
    .some((part) => FORMULA_START.test(part.replace(/^[\s\u0000-\u001f\u200b-\u200d\u2060\ufeff]+/, '')));

/**
 * RULE: one CSV cell (RFC 4180): quoted when it holds a quote, comma, semicolon, tab or line
 * break, quotes doubled; a cell that a spreadsheet would run as a formula (isFormulaCell) gets a
 * leading apostrophe and is quoted, so no separator can split a formula out of it.
 */
export function csvCell(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? value.toISOString() : String(value);
  const formula = isFormulaCell(s);
  if (formula) s = `'${s}`;
  return formula || /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (values: readonly (string | number | Date | null | undefined)[]): string => `${values.map(csvCell).join(',')}\r\n`;

/** RULE: list slugs are lower-case words joined by hyphens (kernel slug rules). */
export const LIST_SLUG_MAX = 60;

/** Escapes text for an HTML mail body. */
export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const DAY_MS = 86_400_000;
export const MAX_REPORT_DAYS = 366;

/**
 * RULE: report ranges are whole UTC days, `from` inclusive and `to` inclusive as given (so
 * `to` is stored as the next midnight); by default the last 30 days; at most 366 days.
 */
export function reportRange(from: string | undefined, to: string | undefined, now: Date): { from: Date; to: Date } | { error: string } {
  const day = parseCalendarDay;
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const end = to === undefined ? today : day(to);
  if (!end) return { error: 'to must be a date (YYYY-MM-DD)' };
  const start = from === undefined ? new Date(end.getTime() - 29 * DAY_MS) : day(from);
  if (!start) return { error: 'from must be a date (YYYY-MM-DD)' };
  if (start.getTime() > end.getTime()) return { error: 'from must not be after to' };
  if ((end.getTime() - start.getTime()) / DAY_MS + 1 > MAX_REPORT_DAYS) return { error: `a report covers at most ${MAX_REPORT_DAYS} days` };
  return { from: start, to: new Date(end.getTime() + DAY_MS) };
}
