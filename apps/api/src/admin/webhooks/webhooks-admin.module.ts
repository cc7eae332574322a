import { Module } from '@nestjs/common';
import { WebhooksModule } from '#libs/webhooks';
import { WebhooksController } from './webhooks.controller.js';

/** Webhook administration (/v1/admin/webhooks), permission webhooks.manage. */
@Module({ imports: [WebhooksModule], controllers: [WebhooksController] })
export class WebhooksAdminModule {}
