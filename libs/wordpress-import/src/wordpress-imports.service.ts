import { createReadStream } from 'node:fs';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Transactions } from '#libs/database';
import { AccountsService, AuditLog, accountContext, type ActionContext } from '#libs/identity';
import { Jobs } from '#libs/jobs';
import { Clock, DomainError, isUuid } from '#libs/kernel';
import { WordpressImporter } from './wordpress-importer.js';
import type { WordpressImportEntity } from './wordpress-import.entities.js';
import { WordpressImportRepository } from './wordpress-import.repository.js';
import { readWxr } from './wxr-parser.js';

export const WORDPRESS_IMPORT_QUEUE = 'wordpress-import';

/** Import runs started over HTTP: stored file -> pg-boss job -> status, progress and report. */
@Injectable()
export class WordpressImportsService implements OnModuleInit {
  private readonly log = new Logger('WordpressImport');

  constructor(
    private readonly repo: WordpressImportRepository,
    private readonly importer: WordpressImporter,
    private readonly jobs: Jobs,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ runId: string }>({
      name: WORDPRESS_IMPORT_QUEUE,
      // a run killed mid-way (SIGKILL, deploy) is failed by the heartbeat supervisor and run
      // again: the import is idempotent, so the rerun skips what committed and goes on
      options: { retryLimit: 5, retryDelay: 10, retryBackoff: true },
      batchSize: 1,
      pollingIntervalSeconds: 1,
      handle: (job) => this.runJob(job.data.runId),
    });
  }

  /** Records a run for a stored export file and queues its job, in one transaction. */
  async enqueue(ctx: ActionContext, input: { id: string; filePath: string; fileName: string; dryRun: boolean; invite: boolean }): Promise<WordpressImportEntity> {
    const row: WordpressImportEntity = {
      id: input.id,
      status: 'queued',
      origin: 'upload',
      fileName: input.fileName,
      filePath: input.filePath,
      mediaDir: null,
      dryRun: input.dryRun,
      invite: input.invite,
      site: null,
      progress: {},
      report: null,
      error: null,
      createdBy: ctx.actor.accountId,
      createdAt: this.clock.now(),
      startedAt: null,
      finishedAt: null,
    };
    await this.tx.run(async (tx) => {
      await this.repo.insertRun(row, tx);
      await this.jobs.send(WORDPRESS_IMPORT_QUEUE, { runId: row.id }, {}, tx);
      await this.audit.record(tx, ctx, {
        action: 'import.create',
        targetType: 'import',
        targetId: row.id,
        summary: { fileName: row.fileName, dryRun: row.dryRun, invite: row.invite },
      });
    });
    return row;
  }

  async get(id: string): Promise<WordpressImportEntity> {
    const row = isUuid(id) ? await this.repo.findRun(id.toLowerCase()) : null;
    if (!row) throw new DomainError('not_found', 'IMPORT_NOT_FOUND', 'No such import.');
    return row;
  }

  private async runJob(runId: string): Promise<void> {
    const run = await this.repo.findRun(runId);
    if (!run || run.status === 'succeeded' || run.status === 'failed') return;
    // invitations come from the admin who uploaded the export
    const ctx = run.invite && run.createdBy ? accountContext(await this.accounts.get(run.createdBy)) : null;
    const outcome = await this.importer.run({
      file: run.filePath,
      fileName: run.fileName,
      runId,
      mediaDir: run.mediaDir,
      dryRun: run.dryRun,
      invite: run.invite,
      origin: 'upload',
      ctx,
    });
    this.log.log({ runId, status: outcome.status, counts: outcome.report.counts }, 'import finished');
  }
}

/**
 * Reads a file's header only: resolves when it is a WordPress export this importer reads,
 * throws the WxrError (WXR_NOT_WXR, WXR_DOCTYPE_REFUSED, WXR_MALFORMED...) otherwise.
 */
export async function assertWxrHeader(file: string): Promise<void> {
  const stream = createReadStream(file);
  try {
    for await (const r of readWxr(stream)) if (r.kind === 'site') return;
  } finally {
    stream.destroy();
  }
}
