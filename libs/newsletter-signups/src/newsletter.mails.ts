import type { MailSendPayload } from '#libs/mail';
import { escapeHtml } from './newsletter.rules.js';

/** Path of the RFC 8058 one-click endpoint (the API serves it; mail clients POST to it). */
export const ONE_CLICK_PATH = '/v1/content/newsletter/unsubscribe/one-click';

const withQuery = (base: string, path: string, query: Record<string, string | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
  return `${base}${path}?${q.toString()}`;
};

/**
 * Links in newsletter mail. Confirmation and unsubscribe pages belong to the site front-end
 * (PUBLIC_BASE_URL), which POSTs the token to the content API; GET requests never change
 * anything, so mail scanners that prefetch links cannot confirm or unsubscribe anyone.
 */
export const newsletterLinks = {
  confirm: (base: string, token: string) => withQuery(base, '/newsletter/confirm', { token }),
  unsubscribePage: (base: string, token: string, listId?: string) => withQuery(base, '/newsletter/unsubscribe', { token, list: listId }),
  oneClick: (base: string, token: string, listId?: string) => withQuery(base, ONE_CLICK_PATH, { token, list: listId }),
};

export interface ConfirmationMailInput {
  to: string;
  listNames: string[];
  confirmUrl: string;
  unsubscribePageUrl: string;
  oneClickUrl: string;
}

/** The double opt-in mail, with RFC 2369/8058 unsubscribe headers (a reader who never asked can stop it in one click). */
export function confirmationMail(m: ConfirmationMailInput): MailSendPayload {
  const lists = m.listNames.join(', ');
  const text = [
    `Please confirm that you want to receive: ${lists}.`,
    '',
    `Confirm your subscription: ${m.confirmUrl}`,
    '',
    'The link works once and expires in 24 hours.',
    'If you did not ask for this, ignore this mail: you will not be subscribed.',
    '',
    `Unsubscribe: ${m.unsubscribePageUrl}`,
  ].join('\n');
  const html = [
    `<p>Please confirm that you want to receive: <strong>${escapeHtml(lists)}</strong>.</p>`,
    `<p><a href="${escapeHtml(m.confirmUrl)}">Confirm your subscription</a></p>`,
    '<p>The link works once and expires in 24 hours. If you did not ask for this, ignore this mail: you will not be subscribed.</p>',
    `<p><a href="${escapeHtml(m.unsubscribePageUrl)}">Unsubscribe</a></p>`,
  ].join('\n');
  return {
    to: m.to,
    subject: `Confirm your subscription: ${lists}`.slice(0, 200),
    text,
    html,
    headers: { 'List-Unsubscribe': `<${m.oneClickUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    category: 'newsletter.confirmation',
  };
}
