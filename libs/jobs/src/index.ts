export * from './jobs.service.js';
export * from './jobs.module.js';
