export * from './naming.strategy.js';
export * from './embedded-postgres.js';
export * from './data-source.js';
export * from './migrate.js';
export * from './transactions.js';
export * from './availability.js';
export * from './read-source.js';
export * from './read-replicas.js';
