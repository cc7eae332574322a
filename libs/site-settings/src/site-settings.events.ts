/** Outbox topics the site-settings lib emits (catalogue: OutboxEvents in libs/outbox). */

/** A settings change: the publication lib purges `SITE_SETTINGS_KEY` and drops the content caches. */
export const SITE_SETTINGS_CHANGED_TOPIC = 'site_settings.changed';
export interface SiteSettingsChangedPayload {
  /** The version now stored. */
  version: number;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [SITE_SETTINGS_CHANGED_TOPIC]: SiteSettingsChangedPayload;
  }
}
