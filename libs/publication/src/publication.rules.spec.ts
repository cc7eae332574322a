import { describe, expect, it } from 'vitest';
import { isRetracted } from './publication.rules.js';

describe('isRetracted', () => {
  it('is true only when a correction of kind retraction is present', () => {
    expect(isRetracted([{ kind: 'correction' }, { kind: 'retraction' }])).toBe(true);
    expect(isRetracted([{ kind: 'correction' }, { kind: 'clarification' }])).toBe(false);
    expect(isRetracted([])).toBe(false);
  });
});
