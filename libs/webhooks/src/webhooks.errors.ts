import { DomainError } from '#libs/kernel';
import type { Problem } from './webhooks.rules.js';

/** Stable error codes of webhooks (API contract: never renamed or reused). */
export const WebhookErrorCode = {
  NotFound: 'WEBHOOK_NOT_FOUND',
  UrlInvalid: 'WEBHOOK_URL_INVALID',
  EventsInvalid: 'WEBHOOK_EVENTS_INVALID',
  NameInvalid: 'WEBHOOK_NAME_INVALID',
  Inactive: 'WEBHOOK_INACTIVE',
  DeliveryNotFound: 'WEBHOOK_DELIVERY_NOT_FOUND',
  DeliveryPending: 'WEBHOOK_DELIVERY_PENDING',
} as const;

export const webhookErrors = {
  notFound: () => new DomainError('not_found', WebhookErrorCode.NotFound, 'No such webhook.'),
  deliveryNotFound: () => new DomainError('not_found', WebhookErrorCode.DeliveryNotFound, 'No such delivery of this webhook.'),
  urlInvalid: (message: string) =>
    new DomainError('validation', WebhookErrorCode.UrlInvalid, 'The webhook URL is not allowed.', [{ field: 'url', code: WebhookErrorCode.UrlInvalid, message }]),
  eventsInvalid: (problems: Problem[]) =>
    new DomainError(
      'validation',
      WebhookErrorCode.EventsInvalid,
      'The events are not valid.',
      problems.map((p) => ({ field: p.field, code: WebhookErrorCode.EventsInvalid, message: p.message })),
    ),
  nameInvalid: () =>
    new DomainError('validation', WebhookErrorCode.NameInvalid, 'The webhook name is not valid.', [
      { field: 'name', code: WebhookErrorCode.NameInvalid, message: 'name must contain text' },
    ]),
  inactive: () => new DomainError('conflict', WebhookErrorCode.Inactive, 'The webhook is inactive; activate it before redelivering.'),
  deliveryPending: () =>
    new DomainError('conflict', WebhookErrorCode.DeliveryPending, 'This delivery is still being attempted; redeliver it once it has been delivered or has failed.'),
};
