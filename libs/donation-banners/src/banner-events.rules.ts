/** Donation banners: when a reader event counts, and on which day (pure). */
import { EVENT_MAX_AGE_MS, EVENT_MAX_SKEW_MS } from './donation-banners.rules.js';

/** The UTC calendar day an event counts on. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** RULE: when an event may happen: not older than 7 days, not more than 10 minutes ahead. */
export const eventTimeAcceptable = (at: Date, now: Date): boolean => at.getTime() >= now.getTime() - EVENT_MAX_AGE_MS && at.getTime() <= now.getTime() + EVENT_MAX_SKEW_MS;
