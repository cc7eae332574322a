/**
 * RULE: a lib reads and writes only its own tables (the ones its entities map); when it needs
 * another lib's data it asks that lib's service or repository, or declares a port (an abstract
 * class) that libs/boot binds. `table-ownership.spec.ts` scans every lib's SQL with the
 * functions below and fails on any reach-in: there is no list of exceptions.
 */

type Sources = ReadonlyMap<string, readonly { file: string; text: string }[]>;

const ENTITY_NAME = /@Entity\(\s*(?:'([a-z0-9_]+)'|\{\s*name:\s*'([a-z0-9_]+)')/g;
// a table after the SQL keywords that name one (SQL here is written with upper-case keywords)
const TABLE_REF = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|REFERENCES)\s+(?:ONLY\s+)?"?([a-z][a-z0-9_]*)"?/g;

/** table -> the lib whose entity maps it. */
export function ownersOf(sources: Sources): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [lib, files] of sources) {
    for (const { text } of files) for (const m of text.matchAll(ENTITY_NAME)) owners.set((m[1] ?? m[2])!, lib);
  }
  return owners;
}

/** Every `<lib> -> <table>` where a lib's SQL names a table another lib owns, sorted. */
export function reachInsOf(sources: Sources, owners: ReadonlyMap<string, string>): string[] {
  const found = new Set<string>();
  for (const [lib, files] of sources) {
    for (const { text } of files) {
      for (const m of text.matchAll(TABLE_REF)) {
        const owner = owners.get(m[1]!);
        if (owner && owner !== lib) found.add(`${lib} -> ${m[1]}`);
      }
    }
  }
  return [...found].sort();
}
