import { Injectable } from '@nestjs/common';
import { DonationBannersRepository } from './donation-banners.repository.js';
import type { CampaignForChoice } from './donation-banners.rules.js';

const TTL_MS = 2_000;

/**
 * The active campaigns with their variants, read once per couple of seconds per process
 * instead of on every banner request (content traffic is high; campaigns change rarely).
 * Writes in this process drop the copy at once; other instances see a change within TTL_MS.
 */
@Injectable()
export class CampaignSnapshot {
  private cached: { until: number; data: Promise<CampaignForChoice[]> } | undefined;
  private generation = 0;

  constructor(private readonly repo: DonationBannersRepository) {}

  active(): Promise<CampaignForChoice[]> {
    const now = performance.now();
    if (this.cached && this.cached.until > now) return this.cached.data;
    const generation = this.generation;
    const data = this.repo.campaignsForChoice(['active']);
    const entry = { until: now + TTL_MS, data };
    this.cached = entry;
    data.then(
      () => {
        // a write landed while this was loading: do not keep what may predate it
        if (this.generation !== generation && this.cached === entry) this.cached = undefined;
      },
      () => {
        if (this.cached === entry) this.cached = undefined;
      },
    );
    return data;
  }

  /** Call after a committed change to campaigns or variants. */
  invalidate(): void {
    this.generation++;
    this.cached = undefined;
  }
}
