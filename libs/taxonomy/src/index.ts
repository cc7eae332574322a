export * from './taxonomy.entities.js';
export * from './taxonomy.errors.js';
export { TAG_KINDS, isTagKind, TERM_NAME_MAX, TERM_SLUG_MAX, SECTION_DESCRIPTION_MAX, type TagKind } from './taxonomy.rules.js';
export * from './taxonomy.service.js';
export * from './taxonomy.module.js';
export * from './taxonomy.events.js';
