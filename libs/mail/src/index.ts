export * from './mail.rules.js';
export * from './mail.events.js';
export * from './mailer.js';
export * from './mail-outbox.handler.js';
export * from './mail.module.js';
