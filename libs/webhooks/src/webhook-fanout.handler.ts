import { Injectable } from '@nestjs/common';
import { Transactions } from '#libs/database';
import { newId } from '#libs/kernel';
import { Outbox, type OutboxHandlers, type OutboxMessage } from '#libs/outbox';
import { WEBHOOK_DELIVER_TOPIC } from './webhooks.events.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { TOPIC_OF_EVENT, WEBHOOK_EVENTS, type WebhookEvent, type WebhookTopic } from './webhooks.rules.js';

/**
 * Turns each article event into one delivery per active webhook subscribed to it, and one
 * `webhook.deliver` outbox message per delivery, all in one transaction. Idempotent: the
 * unique (webhook, source message) key makes a second run after a crash create nothing, and
 * a delivery's send message is written in the same transaction as the delivery itself.
 */
@Injectable()
export class WebhookFanout {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
  ) {}

  /** One outbox handler per subscribable event. */
  handlers(): OutboxHandlers<WebhookTopic>[] {
    return WEBHOOK_EVENTS.map((event) => ({
      name: `webhooks.fanout:${event}`,
      topic: TOPIC_OF_EVENT[event],
      handle: (message: OutboxMessage<WebhookTopic>) => this.fanOut(event, message).then(() => undefined),
    }));
  }

  /** Returns the ids of the deliveries this run created. */
  async fanOut(event: WebhookEvent, message: OutboxMessage<WebhookTopic>): Promise<string[]> {
    return this.tx.run(async (tx) => {
      const created: string[] = [];
      for (const { id: webhookId } of await this.repo.subscribers(tx, event)) {
        const deliveryId = newId();
        const inserted = await this.repo.insertDelivery(tx, {
          id: deliveryId,
          webhookId,
          event: message.topic,
          outboxMessageId: message.id,
          payload: message.payload,
          occurredAt: message.createdAt,
        });
        if (!inserted) continue;
        await this.outbox.emit(tx, WEBHOOK_DELIVER_TOPIC, { deliveryId }, { dedupeKey: `${WEBHOOK_DELIVER_TOPIC}:${deliveryId}` });
        created.push(deliveryId);
      }
      return created;
    });
  }
}
