import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Outbox } from '#libs/outbox';
import { IMAGE_CHANGED_TOPIC, type ImageChange, type ImageChangedPayload } from './image-credits.events.js';
import { ImagesRepository } from './images.repository.js';

export type { ImageChange } from './image-credits.events.js';

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
      await this.outbox.emit(tx, IMAGE_CHANGED_TOPIC, payload);
    }
  }
}
