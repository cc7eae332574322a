export * from './rate-limit.entity.js';
export * from './rate-limiter.js';
export * from './rate-limit.module.js';
