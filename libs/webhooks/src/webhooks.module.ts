import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '#libs/identity';
import { OutboxRelay } from '#libs/outbox';
import { CdnPurgeHandler } from './cdn-purge.handler.js';
import { WebhookDeliveryHandler } from './webhook-delivery.handler.js';
import { WebhookFanout } from './webhook-fanout.handler.js';
import { WEBHOOK_ENTITIES } from './webhooks.entities.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/**
 * Signed webhooks on publish, update, unpublish and correction, and the CDN purge hook. The
 * outbox handlers run in whichever process runs the relay.
 */
@Module({
  imports: [TypeOrmModule.forFeature(WEBHOOK_ENTITIES), IdentityModule],
  providers: [WebhooksRepository, WebhooksService, WebhookFanout, WebhookDeliveryHandler, CdnPurgeHandler],
  exports: [WebhooksService],
})
export class WebhooksModule implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly fanout: WebhookFanout,
    private readonly delivery: WebhookDeliveryHandler,
    private readonly purge: CdnPurgeHandler,
  ) {}

  onModuleInit(): void {
    for (const handler of this.fanout.handlers()) this.relay.register(handler);
    this.relay.register(this.delivery);
    if (this.purge.enabled) this.relay.register(this.purge);
  }
}
