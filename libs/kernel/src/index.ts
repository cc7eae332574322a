export * from './domain-error.js';
export * from './clock.js';
export * from './ids.js';
export * from './slug.js';
export * from './page.js';
export * from './duration.js';
export * from './coalescer.js';
export * from './text.js';
