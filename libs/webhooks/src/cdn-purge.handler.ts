import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import type { OutboxHandler, OutboxMessage } from '#libs/outbox';
import { postJson } from './outbound-http.js';
import { PUBLICATION_CHANGED_TOPIC, describeFailure, isDelivered, purgeBody, purgeKeysOf } from './webhooks.rules.js';

/**
 * Purges the CDN when a live page changes or goes (`publication.changed`): POSTs
 * `{ surrogateKeys }` to CDN_PURGE_URL with `Authorization: Bearer CDN_PURGE_TOKEN`. In production only
 * public addresses are connected to (checked at connect time, #libs/outbound). A failure
 * throws, so the relay retries with backoff. Registered only when CDN_PURGE_URL is set.
 */
@Injectable()
export class CdnPurgeHandler implements OutboxHandler<typeof PUBLICATION_CHANGED_TOPIC> {
  readonly name = 'webhooks.cdn-purge';
  readonly topic = PUBLICATION_CHANGED_TOPIC;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.cdnPurge.url);
  }

  async handle(message: OutboxMessage<typeof PUBLICATION_CHANGED_TOPIC>): Promise<void> {
    const url = this.config.cdnPurge.url;
    const keys = purgeKeysOf(message.payload);
    if (!url || !keys.length) return;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'newsroom-cms-purge/1',
      // the same purge sent again after a crash carries the same id
      'x-purge-id': message.id,
      ...(this.config.cdnPurge.token ? { authorization: `Bearer ${this.config.cdnPurge.token}` } : {}),
    };
    const result = await postJson(url, purgeBody(keys), headers, { allowPrivate: this.config.nodeEnv !== 'production' });
    if (result.status === null || !isDelivered(result.status)) {
      throw new Error(`CDN purge failed: ${describeFailure(result.status, result.statusText)}`);
    }
  }
}
