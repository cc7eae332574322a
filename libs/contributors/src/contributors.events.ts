/** Outbox topics the contributors lib emits (catalogue: OutboxEvents in libs/outbox). */

/** A profile shown on live pages changed (edit or merge): the read model refreshes them. */
export const CONTRIBUTOR_CHANGED_TOPIC = 'contributor.changed';
export interface ContributorChangedPayload {
  id: string;
  /** Set on the message about a profile that was merged away. */
  mergedIntoId?: string;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [CONTRIBUTOR_CHANGED_TOPIC]: ContributorChangedPayload;
  }
}
