import { MAIL_SEND_TOPIC, type MailSendPayload } from './mail.rules.js';

/**
 * `mail.send`: every outgoing mail. This lib owns the contract (and sends it); identity,
 * newsletter-signups and notifications emit it.
 */
declare module '#libs/outbox' {
  interface OutboxEvents {
    [MAIL_SEND_TOPIC]: MailSendPayload;
  }
}
