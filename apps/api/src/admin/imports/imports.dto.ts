import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { WordpressImportEntity } from '#libs/wordpress-import';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export class ImportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status: string;
  @ApiProperty() fileName: string;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: 'Authors with an e-mail are invited as contributors' }) invite: boolean;
  @ApiPropertyOptional({ nullable: true, description: 'The site key, once the header was read' }) site: string | null;
  @ApiProperty({ description: '`{ imagesDone, postsDone, postsTotal, counts }`' }) progress: Record<string, unknown>;
  @ApiPropertyOptional({
    nullable: true,
    description: '`{ counts: {kind: {created, updated, unchanged, skipped, failed}}, entries: [{ref, title, code, reason}], needsCredit: [...] }` when finished',
  })
  report: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, description: 'A fatal error: `{ code, message, line, column }`' }) error: Record<string, unknown> | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true }) startedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) finishedAt: string | null;

  static from(r: WordpressImportEntity): ImportResponse {
    return Object.assign(new ImportResponse(), {
      id: r.id,
      status: r.status,
      fileName: r.fileName,
      dryRun: r.dryRun,
      invite: r.invite,
      site: r.site,
      progress: r.progress,
      report: r.report,
      error: r.error,
      createdAt: r.createdAt.toISOString(),
      startedAt: iso(r.startedAt),
      finishedAt: iso(r.finishedAt),
    });
  }
}
