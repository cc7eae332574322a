import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A byline as of the publish that first showed it on a piece: what the page prints for that
 * contributor until an editor refreshes the piece's bylines. Survives unpublishing, so a piece
 * that comes back keeps the bylines it had. No foreign keys: articles and contributors belong
 * to other libs.
 */
@Entity({ name: 'byline_snapshots' })
export class BylineSnapshotEntity {
  @PrimaryColumn('uuid')
  articleId: string;

  @PrimaryColumn('uuid')
  contributorId: string;

  /** The BylineSnapshot printed on the page. */
  @Column('jsonb')
  snapshot: Record<string, unknown>;

  @Column('timestamptz', { default: () => 'now()' })
  takenAt: Date;
}
