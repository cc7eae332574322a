/** Error codes of the site settings (API contract: never rename or reuse one). */
export const SiteSettingsErrorCode = {
  Invalid: 'SITE_SETTINGS_INVALID',
  IfMatchRequired: 'SITE_SETTINGS_IF_MATCH_REQUIRED',
  IfMatchInvalid: 'SITE_SETTINGS_IF_MATCH_INVALID',
  VersionConflict: 'SITE_SETTINGS_VERSION_CONFLICT',
} as const;
