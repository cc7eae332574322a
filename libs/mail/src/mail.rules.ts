import { DomainError } from '#libs/kernel';

/** The outbox topic every outgoing mail is written to. */
export const MAIL_SEND_TOPIC = 'mail.send';

/** Payload of a `mail.send` outbox message (the contract producers write). */
export interface MailSendPayload {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers passed through as is (e.g. List-Unsubscribe, List-Unsubscribe-Post). */
  headers?: Record<string, string>;
  /** What kind of mail this is, e.g. `newsletter.confirmation` (logs, file names). */
  category: string;
}

export const MailErrorCode = {
  PayloadInvalid: 'MAIL_PAYLOAD_INVALID',
} as const;

// Headers a producer must not set: the mailer owns addressing and identity.
const RESERVED_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'subject', 'message-id', 'date', 'sender', 'reply-to', 'return-path']);
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,76}$/;
const CATEGORY = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** RULE: a `mail.send` payload is checked before sending; a bad one can never succeed, so it is reported, not guessed at. */
export function parseMailSendPayload(raw: unknown): MailSendPayload {
  const p = (raw ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (!isString(p.to, 320) || /[\r\n,;]/.test(p.to)) problems.push('to');
  if (!isString(p.subject, 500) || /[\r\n]/.test(p.subject)) problems.push('subject');
  if (!isString(p.text, 200_000)) problems.push('text');
  if (p.html !== undefined && !isString(p.html, 500_000)) problems.push('html');
  if (!isString(p.category, 64) || !CATEGORY.test(p.category)) problems.push('category');
  const headers: Record<string, string> = {};
  if (p.headers !== undefined) {
    if (!p.headers || typeof p.headers !== 'object' || Array.isArray(p.headers)) problems.push('headers');
    else {
      for (const [name, value] of Object.entries(p.headers as Record<string, unknown>)) {
        if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase()) || typeof value !== 'string' || /[\r\n]/.test(value) || value.length > 2000) {
          problems.push(`headers.${name}`);
        } else headers[name] = value;
      }
    }
  }
  if (problems.length) {
    throw new DomainError('validation', MailErrorCode.PayloadInvalid, `mail.send payload is not valid: ${problems.join(', ')}`);
  }
  return {
    to: p.to as string,
    subject: p.subject as string,
    text: p.text as string,
    ...(p.html !== undefined ? { html: p.html as string } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
    category: p.category as string,
  };
}

/** The domain of a `Name <local@domain>` or bare address; `localhost` when there is none. */
export function domainOfAddress(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return m ? m[1]!.toLowerCase() : 'localhost';
}

/**
 * RULE: the Message-ID of a mail is derived from its outbox message id (the idempotency key),
 * so a mail sent again after a crash between send and mark carries the same Message-ID and
 * receivers can tell it is the same message.
 */
export const messageIdFor = (outboxId: string, from: string): string => `<${outboxId}@${domainOfAddress(from)}>`;

/** RULE: one file per message id (a redelivery overwrites its own file); the category makes it findable. */
export function emlFileName(category: string, messageId: string): string {
  const local = messageId.replace(/^</, '').replace(/@.*$/, '');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${safe(category)}-${safe(local)}.eml`;
}
