/**
 * The settings are one document saved whole. When someone else saved since mine was read, each
 * part is merged three ways (what I read, mine, theirs): a part only they changed is theirs, a part
 * only I changed stays mine, a part both changed is a conflict the admin decides. Nothing typed is
 * dropped unless chosen.
 */
export type Doc = Record<string, unknown>;

/** The parts a conflict is decided on: every top-level member, the two menus apart. */
export function partsOf(...docs: Doc[]): string[] {
  const keys = new Set<string>();
  for (const d of docs) for (const k of Object.keys(d)) keys.add(k);
  return [...keys].flatMap((k) => (k === 'menus' ? ['menus.primary', 'menus.footer'] : [k]));
}

export function getPart(d: Doc, part: string): unknown {
  const [a, b] = part.split('.') as [string, string | undefined];
  const v = d[a];
  return b === undefined ? v : (v as Doc | undefined)?.[b];
}

export function setPart(d: Doc, part: string, value: unknown): Doc {
  const [a, b] = part.split('.') as [string, string | undefined];
  if (b === undefined) return { ...d, [a]: value };
  return { ...d, [a]: { ...((d[a] as Doc | undefined) ?? {}), [b]: value } };
}

/** Structural equality of JSON values (object member order does not matter). */
export function same(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return (x ?? null) === (y ?? null);
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) return x.length === (y as unknown[]).length && x.every((v, i) => same(v, (y as unknown[])[i]));
  const kx = Object.keys(x).filter((k) => (x as Doc)[k] !== undefined);
  const ky = Object.keys(y).filter((k) => (y as Doc)[k] !== undefined);
  return kx.length === ky.length && kx.every((k) => same((x as Doc)[k], (y as Doc)[k]));
}

export interface MergePlan {
  /** Theirs with every part only I changed set to mine: the draft once conflicts are decided. */
  merged: Doc;
  /** Parts both changed, differently. */
  conflicts: string[];
  /** Parts only they changed (taken). */
  theirsOnly: string[];
  /** Parts only I changed (kept). */
  mineOnly: string[];
}

export function planMerge(base: Doc, mine: Doc, theirs: Doc): MergePlan {
  let merged = theirs;
  const conflicts: string[] = [];
  const theirsOnly: string[] = [];
  const mineOnly: string[] = [];
  for (const p of partsOf(base, mine, theirs)) {
    const b = getPart(base, p);
    const m = getPart(mine, p);
    const t = getPart(theirs, p);
    const iChanged = !same(b, m);
    const theyChanged = !same(b, t);
    if (iChanged && theyChanged && !same(m, t)) {
      conflicts.push(p);
      merged = setPart(merged, p, m);
    } else if (iChanged && !theyChanged) {
      mineOnly.push(p);
      merged = setPart(merged, p, m);
    } else if (theyChanged && !iChanged) theirsOnly.push(p);
  }
  return { merged, conflicts, theirsOnly, mineOnly };
}

/** The merged draft with each conflict as chosen (mine unless told theirs). */
export function resolve(plan: MergePlan, theirs: Doc, chosen: Record<string, 'mine' | 'theirs'>): Doc {
  let d = plan.merged;
  for (const p of plan.conflicts) if (chosen[p] === 'theirs') d = setPart(d, p, getPart(theirs, p));
  return d;
}

/** Moves item `from` to index `to` (both clamped); a new array. */
export function moved<T>(xs: readonly T[], from: number, to: number): T[] {
  const out = [...xs];
  if (from < 0 || from >= out.length) return out;
  const [x] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, x as T);
  return out;
}
