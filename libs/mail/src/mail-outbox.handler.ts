import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import type { OutboxHandler, OutboxMessage } from '#libs/outbox';
import { MAIL_SEND_TOPIC, messageIdFor, parseMailSendPayload } from './mail.rules.js';
import { Mailer } from './mailer.js';

/**
 * Relays `mail.send` outbox messages to the Mailer. A failure (server down, refused) throws,
 * so the relay retries with backoff: a mail is delayed, never lost. The Message-ID comes from
 * the outbox message id, so a redelivery after a crash is recognisably the same mail.
 */
@Injectable()
export class MailOutboxHandler implements OutboxHandler {
  readonly name = 'mail.send:mailer';
  readonly topic = MAIL_SEND_TOPIC;

  constructor(
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(message: OutboxMessage): Promise<void> {
    const payload = parseMailSendPayload(message.payload);
    await this.mailer.send({ ...payload, messageId: messageIdFor(message.id, this.config.mail.from) });
  }
}
