import type { MailSendPayload } from '#libs/mail';
import { escapeHtml, type NotificationKind } from './notification.rules.js';

/** Path of the RFC 8058 one-click endpoint behind every notification mail's List-Unsubscribe. */
export const NOTIFICATION_ONE_CLICK_PATH = '/v1/admin/notifications/unsubscribe/one-click';

export const KIND_LABELS: Record<NotificationKind, string> = {
  review_requested: 'pieces submitted for review',
  changes_requested: 'changes requested on your pieces',
  piece_approved: 'your pieces approved',
  piece_scheduled: 'your pieces scheduled',
  piece_published: 'your pieces published',
  piece_unpublished: 'your pieces taken down',
  schedule_failed: 'scheduled publishing that failed',
  teaser_alert: 'teaser alerts',
  licence_lapsing: 'image licences lapsing',
  piece_overdue: 'pieces overdue in the workflow',
  mentioned: 'mentions in review comments',
};

export const deskUrl = (base: string, link: string) => `${base}${link}`;
export const oneClickUrl = (base: string, token: string) => `${base}${NOTIFICATION_ONE_CLICK_PATH}?token=${encodeURIComponent(token)}`;

export interface NotificationMailInput {
  to: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Absolute desk URL of the notification's subject. */
  url: string;
  preferencesUrl: string;
  oneClickUrl: string;
}

const unsubscribeHeaders = (url: string) => ({ 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });

/** One notification as a mail, plain and HTML, with a one-click unsubscribe from its kind. */
export function notificationMail(m: NotificationMailInput): MailSendPayload {
  const footer = `You get these mails for ${KIND_LABELS[m.kind]}. Change that in the desk: ${m.preferencesUrl}`;
  const text = [m.title, '', ...(m.body ? [m.body, ''] : []), `Open in the desk: ${m.url}`, '', '--', footer].join('\n');
  const html = [
    `<p><strong>${escapeHtml(m.title)}</strong></p>`,
    ...(m.body ? [`<p>${escapeHtml(m.body).replace(/\n/g, '<br>')}</p>`] : []),
    `<p><a href="${escapeHtml(m.url)}">Open in the desk</a></p>`,
    `<hr><p style="color:#666;font-size:small">You get these mails for ${escapeHtml(KIND_LABELS[m.kind])}. <a href="${escapeHtml(m.preferencesUrl)}">Change that in the desk</a>.</p>`,
  ].join('\n');
  return {
    to: m.to,
    subject: m.title.replace(/[\r\n]+/g, ' ').slice(0, 200),
    text,
    html,
    headers: unsubscribeHeaders(m.oneClickUrl),
    category: `notification.${m.kind.replace(/_/g, '-')}`,
  };
}

export interface DigestMailInput {
  to: string;
  day: string;
  items: { title: string; body: string; url: string }[];
  inboxUrl: string;
  preferencesUrl: string;
  oneClickUrl: string;
}

/** The daily digest: every waiting notification, oldest first; one-click unsubscribe stops digests. */
export function digestMail(m: DigestMailInput): MailSendPayload {
  const n = m.items.length;
  const subject = `Your newsroom digest for ${m.day}: ${n} notification${n === 1 ? '' : 's'}`;
  const text = [
    subject,
    '',
    ...m.items.flatMap((i) => [`- ${i.title}`, ...(i.body ? [`  ${i.body.replace(/\n/g, '\n  ')}`] : []), `  ${i.url}`, '']),
    `All notifications: ${m.inboxUrl}`,
    '',
    '--',
    `You get this digest once a day. Change that in the desk: ${m.preferencesUrl}`,
  ].join('\n');
  const html = [
    `<p><strong>${escapeHtml(subject)}</strong></p>`,
    '<ul>',
    ...m.items.map((i) => `<li><a href="${escapeHtml(i.url)}">${escapeHtml(i.title)}</a>${i.body ? `<br>${escapeHtml(i.body).replace(/\n/g, '<br>')}` : ''}</li>`),
    '</ul>',
    `<p><a href="${escapeHtml(m.inboxUrl)}">All notifications</a></p>`,
    `<hr><p style="color:#666;font-size:small">You get this digest once a day. <a href="${escapeHtml(m.preferencesUrl)}">Change that in the desk</a>.</p>`,
  ].join('\n');
  return { to: m.to, subject, text, html, headers: unsubscribeHeaders(m.oneClickUrl), category: 'notification.digest' };
}
