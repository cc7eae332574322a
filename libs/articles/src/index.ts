export * from './article.entity.js';
export * from './article.errors.js';
export * from './article.rules.js';
export * from './articles.repository.js';
export * from './articles.service.js';
export * from './articles.module.js';
export * from './articles.events.js';
