/** Outbox topics the image-credits lib emits (catalogue: OutboxEvents in libs/outbox). */

/** What changed about an image; only these refresh pages. */
/** `size`: the stored width and height were put right (images stored before the probe applied the EXIF orientation). */
export type ImageChange = 'alt' | 'caption' | 'focal_point' | 'credit' | 'credit_party' | 'license' | 'size';

/** Something a page shows about an image changed. */
export const IMAGE_CHANGED_TOPIC = 'image.changed';
/** The image, where it is used, and what changed. */
export interface ImageChangedPayload {
  imageId: string;
  usages: { usageType: string; usageId: string }[];
  changed: ImageChange[];
}

/** An image's license lapses within the sweep window (or has lapsed): once per image, expiry and stage. */
export const LICENSE_LAPSING_TOPIC = 'image.license_lapsing';
export interface LicenseLapsingPayload {
  imageId: string;
  expiresAt: string;
  expired: boolean;
  daysLeft: number;
  licensor: string | null;
  /** How many places use the image. */
  usages: number;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [IMAGE_CHANGED_TOPIC]: ImageChangedPayload;
    [LICENSE_LAPSING_TOPIC]: LicenseLapsingPayload;
  }
}
