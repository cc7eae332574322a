export * from './workflow.rules.js';
export * from './transition.entity.js';
export * from './workflow.service.js';
export * from './workflow.module.js';
export * from './workflow.events.js';
