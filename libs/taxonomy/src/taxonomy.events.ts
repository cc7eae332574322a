import type { TaxonomyKind } from './taxonomy.errors.js';

/** Outbox topics the taxonomy lib emits (catalogue: OutboxEvents in libs/outbox). */

/** A term changed (name, slug, ...): live pages showing it are refreshed. */
export const TAXONOMY_CHANGED_TOPIC = 'taxonomy.changed';
export interface TaxonomyChangedPayload {
  kind: TaxonomyKind;
  id: string;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [TAXONOMY_CHANGED_TOPIC]: TaxonomyChangedPayload;
  }
}
