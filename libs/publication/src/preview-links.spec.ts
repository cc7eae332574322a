import { describe, expect, it } from 'vitest';
import { previewLinkAlive } from './preview-links.service.js';

describe('item 19: previewLinkAlive', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const day = 86_400_000;
  const link = { createdAt: new Date(now.getTime() - day), expiresAt: new Date(now.getTime() + day), revokedAt: null };
  const facts = { now, maxTtlMs: 7 * day, creatorMayMint: true, articleStatus: 'draft' };
  it('lives until the first of expiry, the cap from creation, revocation, the creator, the archive', () => {
    expect(previewLinkAlive(link, facts)).toBe(true);
    expect(previewLinkAlive({ ...link, expiresAt: now }, facts)).toBe(false);
    expect(previewLinkAlive({ ...link, createdAt: new Date(now.getTime() - 7 * day), expiresAt: new Date(now.getTime() + 20 * day) }, facts)).toBe(false);
    expect(previewLinkAlive({ ...link, revokedAt: now }, facts)).toBe(false);
    expect(previewLinkAlive(link, { ...facts, creatorMayMint: false })).toBe(false);
    expect(previewLinkAlive(link, { ...facts, articleStatus: 'archived' })).toBe(false);
    expect(previewLinkAlive(link, { ...facts, articleStatus: null })).toBe(false);
    expect(previewLinkAlive(link, { ...facts, articleStatus: 'published' })).toBe(true);
  });
});
