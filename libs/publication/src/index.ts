export * from './published-article.entity.js';
export * from './publication.service.js';
export * from './publication.module.js';
export * from './publication.reader.js';
export * from './content-cache.js';
export * from './preview-link.entity.js';
export * from './preview-links.service.js';
export * from './publication.rules.js';
