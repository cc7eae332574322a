export * from './outbox.entity.js';
export * from './outbox.rules.js';
export * from './outbox.service.js';
export * from './outbox.relay.js';
export * from './outbox.module.js';
export * from './outbox.events.js';
