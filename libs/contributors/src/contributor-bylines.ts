import type { EntityManager } from 'typeorm';

/** What a merge did to the bylines. */
export interface BylineMove {
  moved: number;
  /** Rows dropped because the article already credited the target profile. */
  duplicatesDropped: number;
}

/**
 * Where this lib counts and moves the articles' bylines. The articles lib owns them (and sits
 * above this one), so libs/boot binds this port to the articles repository. `m` is the caller's
 * transaction when there is one.
 */
export abstract class ContributorBylines {
  /** Articles credited to each profile (absent: none). */
  abstract articleCounts(contributorIds: string[], m?: EntityManager): Promise<Map<string, number>>;
  /**
   * Moves every byline of `fromId` to `intoId`. Where an article already credits `intoId`,
   * the `fromId` row is dropped instead, so no article credits one person twice.
   */
  abstract move(m: EntityManager, fromId: string, intoId: string): Promise<BylineMove>;
}
