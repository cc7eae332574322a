import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ownersOf, reachInsOf } from './table-ownership.js';

const LIBS = fileURLToPath(new URL('../../', import.meta.url));

/** Every non-test TypeScript file of a lib, with its text. */
function sourcesOf(lib: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name)) out.push({ file: p.slice(LIBS.length), text: readFileSync(p, 'utf8') });
    }
  };
  walk(join(LIBS, lib, 'src'));
  return out;
}

const libs = readdirSync(LIBS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const sources = new Map(libs.map((lib) => [lib, sourcesOf(lib)]));
const owners = ownersOf(sources);
const found = reachInsOf(sources, owners);

describe('table ownership: a lib reads and writes only its own tables', () => {
  it('finds the owner of every table from the entities', () => {
    // a sanity check of the scan itself: known tables and owners
    expect(owners.get('articles')).toBe('articles');
    expect(owners.get('published_articles')).toBe('publication');
    expect(owners.get('outbox_messages')).toBe('outbox');
  });

  it('no lib has SQL on another lib’s tables', () => {
    expect(found, 'reach-ins: ask the owner lib through its service or repository, or a port libs/boot binds').toEqual([]);
  });

  it('the scan sees a reach-in (its own check)', () => {
    const probe = new Map([['probe', [{ file: 'probe/src/x.ts', text: 'SELECT 1 FROM published_articles p JOIN articles a ON a.id = p.article_id' }]]]);
    expect(reachInsOf(probe, owners)).toEqual(['probe -> articles', 'probe -> published_articles']);
  });
});
