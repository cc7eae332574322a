export * from './boot.module.js';
export * from './background.js';
export * from './database.js';
export * from './entities.js';
export * from './logger.js';
export * from './process.js';
