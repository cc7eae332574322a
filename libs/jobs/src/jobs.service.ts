import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { PgBoss, type Job, type JobOptions, type JobResult, type QueueOptions } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { queryRows } from '#libs/database';

export const DATABASE_URL_TOKEN = Symbol('DATABASE_URL');

export interface QueueDefinition<T extends object> {
  name: string;
  options?: QueueOptions;
  /** Handles one job; throwing makes pg-boss retry it per the queue's retry options. */
  handle(job: Job<T>): Promise<void>;
  /** Jobs fetched per poll and handled concurrently by this process. */
  batchSize?: number;
  pollingIntervalSeconds?: number;
}

/**
 * RULE: a job's worker must show it is alive every HEARTBEAT_SECONDS (pg-boss refreshes the
 * claim at half that while the handler runs). Without it, the jobs of a worker killed mid-batch
 * stayed `active` until pg-boss's 15-minute expiry: a scheduled publish 15 minutes late. Now a
 * supervising worker fails them after at most HEARTBEAT_SECONDS + SUPERVISE_SECONDS and they are
 * retried (handlers are idempotent).
 */
export const HEARTBEAT_SECONDS = 10;
const SUPERVISE_SECONDS = 10;

/**
 * pg-boss on our Postgres. Every process can enqueue; only worker processes
 * (apps/worker, or the api with JOBS_IN_PROCESS=true) run handlers.
 * Jobs can be enqueued inside a TypeORM transaction, so a state change and its job commit
 * (or roll back) together.
 */
@Injectable()
export class Jobs implements BeforeApplicationShutdown {
  private readonly log = new Logger('Jobs');
  private readonly queues = new Map<string, QueueDefinition<object>>();
  private boss: PgBoss | undefined;
  private working = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL_TOKEN) private readonly databaseUrl: string,
  ) {}

  /** Libs call this while their module initialises; handlers run once `start(true)` is called. */
  define<T extends object>(queue: QueueDefinition<T>): void {
    this.queues.set(queue.name, queue as unknown as QueueDefinition<object>);
  }

  get started(): boolean {
    return this.boss !== undefined;
  }

  async start(work: boolean): Promise<void> {
    if (this.boss) return;
    const boss = new PgBoss({
      connectionString: this.databaseUrl,
      schema: this.config.jobsSchema,
      application_name: 'newsroom-cms-jobs',
      max: 4,
      supervise: work,
      schedule: false,
      useListenNotify: true,
      registerInstance: false,
      // how often a supervising (worker) process fails the jobs of a dead worker, by heartbeat
      superviseIntervalSeconds: SUPERVISE_SECONDS,
      monitorIntervalSeconds: SUPERVISE_SECONDS,
    });
    boss.on('error', (err: unknown) => this.log.error({ err }, 'pg-boss error'));
    await boss.start();
    for (const q of this.queues.values()) {
      const options = { retryLimit: 5, retryDelay: 2, retryBackoff: true, notify: true, heartbeatSeconds: HEARTBEAT_SECONDS, ...q.options };
      await boss.createQueue(q.name, options as never);
      // createQueue leaves an existing queue as it was: a queue made by an older release takes
      // today's retry and heartbeat options (its policy cannot change)
      const { policy: _policy, ...updatable } = options as QueueOptions & { policy?: string };
      await boss.updateQueue(q.name, updatable as never);
    }
    this.boss = boss;
    if (work) await this.startWorking();
  }

  private async startWorking(): Promise<void> {
    const boss = this.boss!;
    this.working = true;
    for (const q of this.queues.values()) {
      await boss.work<object>(
        q.name,
        {
          batchSize: q.batchSize ?? 5,
          pollingIntervalSeconds: q.pollingIntervalSeconds ?? 0.5,
          // NOTIFY wakes workers for jobs due now; delayed jobs (startAfter) are found by polling,
          // whose default backstop with NOTIFY on is 30 s: keep it as short as the base poll
          notifyPollingIntervalSeconds: q.pollingIntervalSeconds ?? 0.5,
          // each job of a batch settles on its own: one failure does not send the batch's
          // successful jobs back into the queue with a longer backoff
          perJobResults: true,
        },
        async (jobs: Job<object>[]) => {
          const results = await Promise.allSettled(jobs.map((job) => q.handle(job)));
          return results.map((r, i) => settlement(jobs[i]!.id, r));
        },
      );
    }
  }

  get isWorking(): boolean {
    return this.working;
  }

  /** Enqueues a job; with `tx`, inside that transaction. Returns the job id (null if deduplicated). */
  async send(name: string, data: object, options: JobOptions = {}, tx?: EntityManager): Promise<string | null> {
    return this.requireBoss().send(name, data, { ...options, ...(tx ? { db: adapter(tx) } : {}) } as never);
  }

  async cancel(name: string, id: string, tx?: EntityManager): Promise<void> {
    await this.requireBoss().cancel(name, id, tx ? { db: adapter(tx) } : undefined);
  }

  // before the DataSource closes (TypeORM closes it in onApplicationShutdown): drain in-flight work first
  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    if (boss) await boss.stop({ graceful: true, timeout: this.config.shutdownGraceMs, close: true }).catch(() => undefined);
  }

  private requireBoss(): PgBoss {
    if (!this.boss) throw new Error('Jobs not started');
    return this.boss;
  }
}

/** RULE: a handler that threw fails its job (pg-boss retries it per the queue); the rest complete. */
export function settlement(id: string, r: PromiseSettledResult<void>): JobResult {
  if (r.status === 'fulfilled') return { id, status: 'completed' };
  const e: unknown = r.reason;
  return { id, status: 'failed', output: { message: e instanceof Error ? e.message : String(e) } };
}

function adapter(tx: EntityManager) {
  return {
    executeSql: async (text: string, values?: unknown[]) => ({ rows: await queryRows(tx, text, values ?? []) }),
  };
}
