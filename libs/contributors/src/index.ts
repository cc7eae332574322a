export * from './contributors.entities.js';
export * from './contributors.errors.js';
export {
  SOCIAL_NETWORKS,
  SOCIAL_NETWORK_NAMES,
  CONTRIBUTOR_NAME_MAX,
  CONTRIBUTOR_TITLE_MAX,
  CONTRIBUTOR_BIO_MAX,
  CONTRIBUTOR_DISCLOSURE_MAX,
  CONTRIBUTOR_SLUG_MAX,
  SOCIAL_LINKS_MAX,
  type SocialLink,
  type SocialNetwork,
} from './contributors.rules.js';
export * from './contributors.repository.js';
export * from './contributor-bylines.js';
export * from './contributors.service.js';
export * from './contributors.module.js';
export * from './contributors.events.js';
