/** Outbox topics the identity lib emits (catalogue: OutboxEvents in libs/outbox). */

/** An account was deactivated: its preview links, sessions and queued mail go. */
export const ACCOUNT_DEACTIVATED_TOPIC = 'account.deactivated';
export interface AccountDeactivatedPayload {
  accountId: string;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [ACCOUNT_DEACTIVATED_TOPIC]: AccountDeactivatedPayload;
  }
}
