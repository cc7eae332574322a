import type { EntityManager } from 'typeorm';
import type { TeaserCandidate } from './related-stories.rules.js';

/** What the automatic fill asks for: the best `limit` pieces of each branch, none in `exclude`. */
export interface FillQuery {
  tagIds: string[];
  sectionId: string | null;
  exclude: string[];
  limit: number;
  /** The tag branch ranks only this many of the newest pieces sharing a tag. */
  tagWindow: number;
}

/**
 * Where teasers learn what the public sees of a piece: the published-article read model, which
 * the publication lib owns (and which sits above this one). libs/boot binds this port to it.
 * `m` is the caller's transaction (a publish computes teasers inside its own).
 */
export abstract class TeaserCandidateSource {
  /** The live rows of these pieces, by id (absent: not live). */
  abstract live(articleIds: readonly string[], m?: EntityManager): Promise<Map<string, TeaserCandidate>>;
  /**
   * Candidates for the automatic fill: the best `limit` live, unretracted pieces of each of three
   * branches (sharing a tag, same section, newest); the caller ranks the union.
   */
  abstract fill(q: FillQuery, m?: EntityManager): Promise<TeaserCandidate[]>;
  /**
   * `fill` for many subjects at once, each excluding only itself (pages without pins): the
   * same candidates per subject, set-based (the import's teaser pass). `pending`: pieces not
   * written yet that count as live (a batch choosing its teasers before its rows go in), their
   * `bodyText` whole: the candidates they give are what their live rows would give.
   */
  abstract fillMany(
    subjects: readonly { articleId: string; tagIds: string[]; sectionId: string | null }[],
    q: { limit: number; tagWindow: number },
    m?: EntityManager,
    pending?: readonly TeaserCandidate[],
  ): Promise<Map<string, TeaserCandidate[]>>;
  /** Which of these pieces are live, and whether each is retracted. */
  abstract liveStates(articleIds: readonly string[], m?: EntityManager): Promise<Map<string, { retracted: boolean }>>;
}
