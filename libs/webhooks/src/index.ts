export { WEBHOOK_ENTITIES, WebhookEntity, WebhookDeliveryEntity } from './webhooks.entities.js';
export {
  WEBHOOK_EVENTS,
  WEBHOOK_STATUSES,
  TOPIC_OF_EVENT,
  SIGNATURE_TOLERANCE_SECONDS,
  NO_ANSWER_MESSAGE,
  signWebhook,
  verifyWebhookSignature,
  type WebhookEvent,
  type WebhookDeliveryStatus,
} from './webhooks.rules.js';
export * from './webhooks.errors.js';
export { WebhooksService, type Webhook, type WebhookWithSecret, type NewWebhook, type WebhookChanges, type Delivery, type DeliveryQuery } from './webhooks.service.js';
export { WebhooksModule } from './webhooks.module.js';
export * from './webhooks.events.js';
