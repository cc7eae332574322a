import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../../desk/src/', import.meta.url));
const cssFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? cssFiles(join(dir, e.name)) : e.name.endsWith('.css') ? [join(dir, e.name)] : []));

/** Where the braces of a stylesheet first go wrong (comments and strings skipped), or null. */
function braceProblem(css: string): string | null {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/'[^'\n]*'|"[^"\n]*"/g, '""');
  let depth = 0;
  let line = 1;
  for (const ch of text) {
    if (ch === '\n') line++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) return `a "}" without its "{" on line ${line}`;
  }
  return depth ? `${depth} rule(s) left open at the end` : null;
}

// a merge that drops one "}" nests every later rule (styles.css is bundled after the admin
// rules) under the open one, and the whole desk renders unstyled; it happened twice
describe('the desk stylesheets', () => {
  it.each(cssFiles(SRC).map((f) => [f.slice(SRC.length)]))('%s closes every rule it opens', (f) => {
    expect(braceProblem(readFileSync(join(SRC, f), 'utf8'))).toBeNull();
  });

  it('finds a rule left open', () => {
    expect(braceProblem('.a {\n  color: red;\n.b { color: blue; }\n')).toBe('1 rule(s) left open at the end');
    expect(braceProblem('.a { content: "}"; }')).toBeNull();
  });
});
