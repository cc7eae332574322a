/** RULE: retry after 2^attempts seconds (1 s, 2 s, 4 s, ...) capped at 10 minutes. */
export const retryDelayMs = (attempts: number): number => Math.min(600_000, 1000 * 2 ** Math.max(0, attempts - 1));

export const MAX_ATTEMPTS = 12;
