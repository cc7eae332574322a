import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Clock } from '#libs/kernel';
import { MAX_ATTEMPTS, type OutboxHandler, type OutboxMessage } from '#libs/outbox';
import { postJson } from './outbound-http.js';
import { WEBHOOK_DELIVER_TOPIC } from './webhooks.events.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { checkWebhookUrl, describeFailure, isDelivered, webhookBody, webhookHeaders } from './webhooks.rules.js';

/**
 * Sends one delivery (`webhook.deliver` {deliveryId}): signs the body with the webhook's
 * current secret, POSTs it with a 5 s timeout (in production to public addresses only, checked at connect
 * time) and records the attempt (the status, never the answer's body). A non-2xx answer or no
 * answer throws, so the relay retries with backoff; after the relay's last attempt the
 * delivery is marked failed. Deleted webhooks, inactive ones and URLs no longer allowed are
 * not sent to (and not retried).
 */
@Injectable()
export class WebhookDeliveryHandler implements OutboxHandler<typeof WEBHOOK_DELIVER_TOPIC> {
  readonly name = 'webhooks.deliver:http';
  readonly topic = WEBHOOK_DELIVER_TOPIC;
  private readonly log = new Logger('Webhooks');

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(message: OutboxMessage<typeof WEBHOOK_DELIVER_TOPIC>): Promise<void> {
    const d = await this.repo.findDeliveryToSend(message.payload.deliveryId);
    // RULE: deleted webhook, or already delivered (a crash between send and mark): nothing to do
    if (!d || d.status === 'delivered') return;
    if (!d.active) {
      await this.repo.recordAttempt(d.id, { status: 'failed', statusCode: null, error: 'not sent: the webhook is inactive', counted: false });
      return;
    }
    const allowed = checkWebhookUrl(d.url, { production: this.config.nodeEnv === 'production' });
    if (!allowed.url) {
      await this.repo.recordAttempt(d.id, { status: 'failed', statusCode: null, error: `not sent: ${allowed.problem}`, counted: false });
      return;
    }
    const body = webhookBody({ id: d.id, event: d.event, occurredAt: new Date(d.occurredAt).toISOString(), data: d.payload });
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const headers = webhookHeaders({ webhookId: d.webhookId, deliveryId: d.id, event: d.event, secret: d.secret, body, timestamp });
    const result = await postJson(allowed.url, body, headers, { allowPrivate: this.config.nodeEnv !== 'production' });
    if (result.status !== null && isDelivered(result.status)) {
      await this.repo.recordAttempt(d.id, { status: 'delivered', statusCode: result.status, error: null });
      return;
    }
    const error = describeFailure(result.status, result.statusText);
    const last = message.attempts >= MAX_ATTEMPTS;
    await this.repo.recordAttempt(d.id, { status: last ? 'failed' : 'pending', statusCode: result.status, error });
    this.log.warn({ deliveryId: d.id, webhookId: d.webhookId, attempt: message.attempts, error, gaveUp: last }, 'webhook delivery failed');
    throw new Error(`webhook delivery ${d.id} failed: ${error}`);
  }
}
