const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "500ms", "15m", "4h", "30d" or a bare number of seconds into milliseconds; null if invalid. */
export function parseDuration(raw: string): number | null {
  const m = /^\s*(\d+)\s*(ms|s|m|h|d)?\s*$/.exec(raw);
  if (!m) return null;
  return Number(m[1]) * UNITS[m[2] ?? 's']!;
}
