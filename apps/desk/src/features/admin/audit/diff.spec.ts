import { describe, expect, it } from 'vitest';
import { diffSummary } from './diff';

describe('diffSummary', () => {
  it('marks each field changed, added, removed or the same, and keeps the rest apart', () => {
    const d = diffSummary({ before: { role: 'editor', status: 'active', note: 'x' }, after: { role: 'admin', status: 'active', tags: ['a'] }, sessionsRevoked: 1 });
    expect(d.rows).toEqual([
      { key: 'role', before: 'editor', after: 'admin', change: 'changed' },
      { key: 'status', before: 'active', after: 'active', change: 'same' },
      { key: 'note', before: 'x', after: null, change: 'removed' },
      { key: 'tags', before: null, after: '["a"]', change: 'added' },
    ]);
    expect(d.other).toEqual([['sessionsRevoked', '1']]);
  });

  it('a summary without before/after has no rows', () => {
    expect(diffSummary({ reason: 'login' })).toEqual({ rows: [], other: [['reason', 'login']] });
  });
});
