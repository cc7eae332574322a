import { Injectable } from '@nestjs/common';
import { DonationBannersRepository } from './donation-banners.repository.js';
import { type CampaignForChoice } from './donation-banners.rules.js';

const TTL_MS = 2_000;

interface Slot<T> {
  until: number;
  data: Promise<T>;
}

/**
 * What banner choice reads on every article page, read once per couple of seconds per process
 * instead of on every request (content traffic is high; these change rarely): the active
 * campaigns with their variants, and the articles switched to "no appeals". Writes in this
 * process drop the copies at once; other instances see a change within TTL_MS.
 */
@Injectable()
export class CampaignSnapshot {
  private campaigns: Slot<CampaignForChoice[]> | undefined;
  private noAppeals: Slot<ReadonlySet<string>> | undefined;
  private generation = 0;

  constructor(private readonly repo: DonationBannersRepository) {}

  active(): Promise<CampaignForChoice[]> {
    return this.load(
      () => this.campaigns,
      (s) => (this.campaigns = s),
      () => this.repo.campaignsForChoice(['active']),
    );
  }

  /** Ids of the articles whose editors switched appeals off. */
  noAppealArticleIds(): Promise<ReadonlySet<string>> {
    return this.load(
      () => this.noAppeals,
      (s) => (this.noAppeals = s),
      async () => new Set(await this.repo.noAppealArticleIds()),
    );
  }

  /** Call after a committed change to campaigns, variants or appeal settings. */
  invalidate(): void {
    this.generation++;
    this.campaigns = undefined;
    this.noAppeals = undefined;
  }

  private load<T>(get: () => Slot<T> | undefined, set: (s: Slot<T> | undefined) => void, loader: () => Promise<T>): Promise<T> {
    const now = performance.now();
    const cached = get();
    if (cached && cached.until > now) return cached.data;
    const generation = this.generation;
    const entry: Slot<T> = { until: now + TTL_MS, data: loader() };
    set(entry);
    entry.data.then(
      () => {
        // a write landed while this was loading: do not keep what may predate it
        if (this.generation !== generation && get() === entry) set(undefined);
      },
      () => {
        if (get() === entry) set(undefined);
      },
    );
    return entry.data;
  }
}
