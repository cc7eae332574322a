export * from './related-stories.entity.js';
export * from './related-stories.rules.js';
export * from './related-stories.errors.js';
export { RelatedStoriesService, type PinInput, type PinView, type RelatedStories } from './related-stories.service.js';
export { TeaserAlertsService, type TeaserAlertView, type TeaserAlertQuery } from './teaser-alerts.service.js';
export * from './related-stories.events.js';
export { TEASER_ALERT_TOPICS } from './teaser-alerts.handlers.js';
export * from './teaser-candidates.js';
export * from './related-stories.module.js';
