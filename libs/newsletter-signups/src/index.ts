export * from './newsletter.entities.js';
export * from './newsletter.rules.js';
export * from './newsletter.errors.js';
export * from './newsletter.mails.js';
export type { SignupSource, ListWithCounts, SubscriberSummary, ConsentRecordView, GrowthRow, AttributionRow } from './newsletter.repository.js';
export * from './newsletter-signups.service.js';
export * from './newsletter-admin.service.js';
export * from './newsletter-signups.module.js';
export * from './newsletter.events.js';
