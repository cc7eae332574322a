import { Module, type OnModuleInit } from '@nestjs/common';
import { OutboxRelay } from '#libs/outbox';
import { MailOutboxHandler } from './mail-outbox.handler.js';
import { Mailer } from './mailer.js';

/** Outgoing mail: the Mailer and the outbox handler for `mail.send` (run by whichever process runs the relay). */
@Module({ providers: [Mailer, MailOutboxHandler], exports: [Mailer] })
export class MailModule implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly handler: MailOutboxHandler,
  ) {}

  onModuleInit(): void {
    this.relay.register(this.handler);
  }
}
