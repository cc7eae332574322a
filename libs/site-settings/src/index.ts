export * from './site-settings.entities.js';
export * from './site-settings.errors.js';
export * from './site-settings.rules.js';
export * from './site-settings.service.js';
export * from './site-settings.events.js';
export * from './site-settings.module.js';
