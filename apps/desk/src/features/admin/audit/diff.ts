/** One field of an audit entry's before/after, as the diff table shows it. */
export interface DiffRow {
  key: string;
  before: string | null;
  after: string | null;
  change: 'added' | 'removed' | 'changed' | 'same';
}

const show = (v: unknown): string | null => (v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An entry's summary as a diff: the union of `before` and `after` keys (in first-seen order), each
 * marked by what happened to it, and everything else in the summary (counts, reasons) on its own.
 */
export function diffSummary(summary: Record<string, unknown>): { rows: DiffRow[]; other: [string, string][] } {
  const before = isObject(summary.before) ? summary.before : {};
  const after = isObject(summary.after) ? summary.after : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const rows = keys.map((key): DiffRow => {
    const b = show(before[key]);
    const a = show(after[key]);
    const change = !(key in before) ? 'added' : !(key in after) ? 'removed' : b === a ? 'same' : 'changed';
    return { key, before: b, after: a, change };
  });
  const other = Object.entries(summary)
    .filter(([k]) => k !== 'before' && k !== 'after')
    .map(([k, v]): [string, string] => [k, show(v) ?? '']);
  return { rows, other };
}
