import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Transactions } from '#libs/database';
import { AuditLog } from '#libs/identity';
import { Jobs } from '#libs/jobs';
import { Clock } from '#libs/kernel';
import { Outbox } from '#libs/outbox';
import { daysLeft, LICENSE_SWEEP_WINDOW_DAYS } from './image.rules.js';
import { LICENSE_LAPSING_TOPIC } from './image-credits.events.js';
import { ImagesRepository } from './images.repository.js';

export const LICENSE_SWEEP_QUEUE = 'image-credits.license-sweep';

const CHECK_EVERY_MS = 15 * 60_000;
const FIRST_CHECK_MS = 30_000;
const DAY_SECONDS = 86_400;

/**
 * The nightly license sweep: writes one audit entry (actor: system) per image whose license
 * expired or expires within LICENSE_SWEEP_WINDOW_DAYS, with where it is used.
 *
 * Scheduling without pg-boss cron (off in libs/jobs): every worker process checks every 15
 * minutes and enqueues the sweep with a singleton key and a one-day singleton slot, so pg-boss
 * stores one job per UTC day however many workers ask; it runs soon after midnight UTC (or
 * soon after the first worker starts that day).
 */
@Injectable()
export class LicenseSweep implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('LicenseSweep');
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;

  constructor(
    private readonly jobs: Jobs,
    private readonly repo: ImagesRepository,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ requestedAt?: string }>({
      name: LICENSE_SWEEP_QUEUE,
      options: { retryLimit: 3, retryDelay: 60 } as never,
      batchSize: 1,
      handle: async () => {
        const raised = await this.run();
        this.log.log({ raised }, 'license sweep done');
      },
    });
  }

  onApplicationBootstrap(): void {
    const check = () => void this.enqueueIfWorker().catch((err: unknown) => this.log.warn({ err }, 'could not enqueue the license sweep'));
    this.first = setTimeout(check, FIRST_CHECK_MS);
    this.timer = setInterval(check, CHECK_EVERY_MS);
    this.first.unref();
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.first);
    clearInterval(this.timer);
  }

  private async enqueueIfWorker(): Promise<void> {
    if (this.jobs.isWorking) await this.enqueue();
  }

  /** Asks for today's sweep; returns null when today's is already queued or done. */
  enqueue(): Promise<string | null> {
    return this.jobs.send(LICENSE_SWEEP_QUEUE, { requestedAt: this.clock.now().toISOString() }, { singletonKey: 'nightly', singletonSeconds: DAY_SECONDS });
  }

  /** Raises every expired or expiring license in the audit log, in one transaction. Returns how many. */
  async run(now = this.clock.now()): Promise<number> {
    return this.tx.run(async (tx) => {
      const until = new Date(now.getTime() + LICENSE_SWEEP_WINDOW_DAYS * DAY_SECONDS * 1000);
      const images = await this.repo.expiringLicenses(until, tx);
      const uses = await this.repo.usesOfImages(
        images.map((i) => i.id),
        tx,
      );
      for (const image of images) {
        const expired = image.licenseExpiresAt!.getTime() <= now.getTime();
        const usages = uses.filter((u) => u.imageId === image.id);
        await this.outbox.emit(
          tx,
          LICENSE_LAPSING_TOPIC,
          {
            imageId: image.id,
            expiresAt: image.licenseExpiresAt!.toISOString(),
            expired,
            daysLeft: daysLeft(image.licenseExpiresAt!, now),
            licensor: image.licenseLicensor,
            usages: usages.length,
          },
          // told when it enters the window and again when it has lapsed, not every night
          { dedupeKey: `${LICENSE_LAPSING_TOPIC}:${image.id}:${image.licenseExpiresAt!.toISOString()}:${expired ? 'expired' : 'expiring'}` },
        );
        await this.audit.record(tx, null, {
          action: expired ? 'image.license_expired' : 'image.license_expiring',
          targetType: 'image',
          targetId: image.id,
          summary: {
            expiresAt: image.licenseExpiresAt!.toISOString(),
            daysLeft: daysLeft(image.licenseExpiresAt!, now),
            licensor: image.licenseLicensor,
            terms: image.licenseTerms,
            usages: uses.filter((u) => u.imageId === image.id).map((u) => ({ usageType: u.usageType, usageId: u.usageId, role: u.role })),
          },
        });
      }
      return images.length;
    });
  }
}
