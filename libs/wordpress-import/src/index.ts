export * from './wxr.types.js';
export * from './wxr.errors.js';
export * from './wxr-parser.js';
