export * from './wxr.types.js';
export * from './wxr.errors.js';
export * from './wxr-parser.js';
export * from './wordpress.rules.js';
export * from './wpautop.js';
