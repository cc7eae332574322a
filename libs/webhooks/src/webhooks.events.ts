/** Outbox topics the webhooks lib emits (catalogue: OutboxEvents in libs/outbox). */

/** One delivery attempt chain of one webhook delivery. */
export const WEBHOOK_DELIVER_TOPIC = 'webhook.deliver';
export interface WebhookDeliverPayload {
  deliveryId: string;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [WEBHOOK_DELIVER_TOPIC]: WebhookDeliverPayload;
  }
}
