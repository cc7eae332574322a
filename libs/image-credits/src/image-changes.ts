import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Outbox } from '#libs/outbox';
import { ImagesRepository } from './images.repository.js';

/** Outbox topic emitted when something a page shows about an image changes. */
export const IMAGE_CHANGED_TOPIC = 'image.changed';

/** What changed about an image; only these refresh pages. */
export type ImageChange = 'alt' | 'caption' | 'focal_point' | 'credit' | 'credit_party' | 'license';

/** Payload of `image.changed`: the image, where it is used, and what changed. */
export interface ImageChangedPayload {
  imageId: string;
  usages: { usageType: string; usageId: string }[];
  changed: ImageChange[];
}

/**
 * Emits `image.changed` in the caller's transaction, one message per image, listing every
 * usage (article, teaser) so the publication lib can refresh the live pages that show it.
 */
@Injectable()
export class ImageChanges {
  constructor(
    private readonly repo: ImagesRepository,
    private readonly outbox: Outbox,
  ) {}

  async emit(tx: EntityManager, imageIds: string[], changed: ImageChange[]): Promise<void> {
    if (!imageIds.length || !changed.length) return;
    const uses = await this.repo.usesOfImages(imageIds, tx);
    for (const imageId of imageIds) {
      const seen = new Set<string>();
      const usages: ImageChangedPayload['usages'] = [];
      for (const u of uses) {
        const key = `${u.usageType}:${u.usageId}`;
        if (u.imageId !== imageId || seen.has(key)) continue;
        seen.add(key);
        usages.push({ usageType: u.usageType, usageId: u.usageId });
      }
      const payload: ImageChangedPayload = { imageId, usages, changed };
      await this.outbox.emit(tx, IMAGE_CHANGED_TOPIC, payload as unknown as Record<string, unknown>);
    }
  }
}
