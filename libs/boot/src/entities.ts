import { IDENTITY_ENTITIES } from '#libs/identity';
import { OUTBOX_ENTITIES } from '#libs/outbox';
import { RATE_LIMIT_ENTITIES } from '#libs/rate-limit';
import { NEWSLETTER_ENTITIES } from '#libs/newsletter-signups';
import { DONATION_BANNER_ENTITIES } from '#libs/donation-banners';
import { IMAGE_ENTITIES } from '#libs/image-credits';
import { TAXONOMY_ENTITIES } from '#libs/taxonomy';
import { CONTRIBUTORS_ENTITIES } from '#libs/contributors';
import { ARTICLE_ENTITIES } from '#libs/articles';
import { WORKFLOW_ENTITIES } from '#libs/editorial-workflow';
import { PUBLICATION_ENTITIES } from '#libs/publication';
import { RELATED_STORIES_ENTITIES } from '#libs/related-stories';
import { WEBHOOK_ENTITIES } from '#libs/webhooks';
import { NOTIFICATION_ENTITIES } from '#libs/notifications';
import { WORDPRESS_IMPORT_ENTITIES } from '#libs/wordpress-import';
import { SITE_SETTINGS_ENTITIES } from '#libs/site-settings';

/** Every entity of every lib: the drift check compares these against the migrations. */
export const ALL_ENTITIES = [
  ...IDENTITY_ENTITIES,
  ...OUTBOX_ENTITIES,
  ...RATE_LIMIT_ENTITIES,
  ...IMAGE_ENTITIES,
  ...TAXONOMY_ENTITIES,
  ...CONTRIBUTORS_ENTITIES,
  ...ARTICLE_ENTITIES,
  ...WORKFLOW_ENTITIES,
  ...PUBLICATION_ENTITIES,
  ...RELATED_STORIES_ENTITIES,
  ...DONATION_BANNER_ENTITIES,
  ...NEWSLETTER_ENTITIES,
  ...WEBHOOK_ENTITIES,
  ...NOTIFICATION_ENTITIES,
  ...WORDPRESS_IMPORT_ENTITIES,
  ...SITE_SETTINGS_ENTITIES,
];
