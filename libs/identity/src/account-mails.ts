import type { OutboxEvents } from '#libs/outbox';

/** The `mail.send` outbox payload. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  category: string;
}

/**
 * The mail lib declares `mail.send` (and consumes it); it sits on this lib's row, so this lib
 * names the topic by its catalogue key.
 */
export const MAIL_TOPIC = 'mail.send' satisfies keyof OutboxEvents;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const hours = (ms: number) => Math.round(ms / 3_600_000);

export function invitationMail(to: { email: string; displayName: string }, inviter: string, link: string, ttlMs: number): MailMessage {
  const days = Math.round(hours(ttlMs) / 24);
  const text =
    `Hello ${to.displayName},\n\n${inviter} invited you to the newsroom CMS.\n` +
    `Choose your password here (the link works once, for ${days} days):\n\n${link}\n\n` +
    `If you did not expect this invitation, ignore this mail.\n`;
  return {
    to: to.email,
    subject: 'Your invitation to the newsroom CMS',
    text,
    html:
      `<p>Hello ${escapeHtml(to.displayName)},</p><p>${escapeHtml(inviter)} invited you to the newsroom CMS.</p>` +
      `<p><a href="${escapeHtml(link)}">Choose your password</a> (the link works once, for ${days} days).</p>`,
    category: 'account.invite',
  };
}

export function passwordResetMail(to: { email: string; displayName: string }, link: string, ttlMs: number): MailMessage {
  const mins = Math.round(ttlMs / 60_000);
  const text =
    `Hello ${to.displayName},\n\nSomeone asked to reset the password of your newsroom CMS account.\n` +
    `Choose a new password here (the link works once, for ${mins} minutes):\n\n${link}\n\n` +
    `If it was not you, ignore this mail: your password stays as it is.\n`;
  return {
    to: to.email,
    subject: 'Reset your newsroom CMS password',
    text,
    html:
      `<p>Hello ${escapeHtml(to.displayName)},</p><p>Someone asked to reset the password of your newsroom CMS account.</p>` +
      `<p><a href="${escapeHtml(link)}">Choose a new password</a> (the link works once, for ${mins} minutes).</p>` +
      `<p>If it was not you, ignore this mail: your password stays as it is.</p>`,
    category: 'account.password_reset',
  };
}
