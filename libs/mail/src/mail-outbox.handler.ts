import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { OutboxRelay, type OutboxHandler, type OutboxMessage } from '#libs/outbox';
import { MAIL_SEND_TOPIC, messageIdFor, parseMailSendPayload } from './mail.rules.js';
import { Mailer } from './mailer.js';

/**
 * Relays `mail.send` outbox messages to the Mailer. A failure (server down, refused) throws,
 * so the relay retries with backoff: a mail is delayed, never lost. The Message-ID comes from
 * the outbox message id, so a redelivery after a crash is recognisably the same mail.
 */
@Injectable()
export class MailOutboxHandler implements OutboxHandler<typeof MAIL_SEND_TOPIC> {
  readonly name = 'mail.send:mailer';
  readonly topic = MAIL_SEND_TOPIC;
  private readonly log = new Logger('MailOutboxHandler');

  constructor(
    private readonly mailer: Mailer,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(message: OutboxMessage<typeof MAIL_SEND_TOPIC>): Promise<void> {
    const payload = parseMailSendPayload(message.payload);
    if (await this.relay.cancelled(message.id)) {
      this.log.log({ outboxId: message.id, category: payload.category }, 'mail cancelled after it was claimed: not sent');
      return;
    }
    await this.mailer.send({ ...payload, messageId: messageIdFor(message.id, this.config.mail.from) });
  }
}
