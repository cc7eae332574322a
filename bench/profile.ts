import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Summarizes a V8 .cpuprofile (node --cpu-prof): top frames by self time, and self time per package/folder. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface ProfileSummary {
  file: string;
  windowMs: number;
  samples: number;
  idlePct: number;
  /** Self time (the frame itself on top of the stack). */
  frames: { selfPct: number; fn: string; where: string }[];
  /** Total time (the frame anywhere on the stack), app code and libraries only. */
  inclusive: { totalPct: number; fn: string; where: string }[];
  groups: { selfPct: number; group: string }[];
}

const shortUrl = (url: string): string => {
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) return u.slice(nm + 'node_modules/'.length);
  const dist = u.indexOf('/dist/');
  if (dist >= 0) return u.slice(dist + '/dist/'.length);
  return u || '(native)';
};

const groupOf = (url: string, fn: string): string => {
  if (!url) return fn.startsWith('(') ? fn : '(native/V8)';
  if (url.startsWith('node:')) return 'node core';
  const s = shortUrl(url);
  if (url.includes('node_modules/')) {
    const parts = s.split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return s.split('/').slice(0, 3).join('/');
};

/**
 * `window`: only the samples between `fromEndMs` and `toEndMs` before the end of the profile
 * (the load run, not the boot or the shutdown).
 */
export function summarizeProfile(file: string, top = 15, window?: { fromEndMs: number; toEndMs: number }): ProfileSummary {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
  const lo = window ? prof.endTime - window.fromEndMs * 1000 : -Infinity;
  const hi = window ? prof.endTime - window.toEndMs * 1000 : Infinity;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const fn = functionName || '(anonymous)';
    return { fn, where: url ? `${shortUrl(url)}:${lineNumber + 1}` : '', url };
  };
  const self = new Map<string, { hits: number; fn: string; where: string }>();
  const total = new Map<string, { hits: number; fn: string; where: string }>();
  const groups = new Map<string, number>();
  let t = prof.startTime;
  let n = 0;
  let idle = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i] ?? 0;
    if (t < lo || t > hi) continue;
    n++;
    const node = byId.get(prof.samples[i]!)!;
    const k = keyOf(node);
    if (k.fn === '(idle)') idle++;
    const sk = `${k.fn}@${k.where}`;
    const e = self.get(sk) ?? { hits: 0, fn: k.fn, where: k.where };
    e.hits++;
    self.set(sk, e);
    const g = groupOf(k.url, k.fn);
    groups.set(g, (groups.get(g) ?? 0) + 1);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = keyOf(byId.get(id)!);
      if (!f.url || f.url.startsWith('node:')) continue;
      const fk = `${f.fn}@${f.where}`;
      if (seen.has(fk)) continue;
      seen.add(fk);
      const te = total.get(fk) ?? { hits: 0, fn: f.fn, where: f.where };
      te.hits++;
      total.set(fk, te);
    }
  }
  const pct = (h: number) => (100 * h) / Math.max(n, 1);
  const sorted = <T extends { hits: number }>(m: Map<string, T>) => [...m.values()].sort((a, b) => b.hits - a.hits).slice(0, top);
  return {
    file,
    windowMs: window ? window.fromEndMs - window.toEndMs : (prof.endTime - prof.startTime) / 1000,
    samples: n,
    idlePct: pct(idle),
    frames: sorted(self).map((f) => ({ selfPct: pct(f.hits), fn: f.fn, where: f.where })),
    inclusive: sorted(total).map((f) => ({ totalPct: pct(f.hits), fn: f.fn, where: f.where })),
    groups: [...groups.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([group, h]) => ({ selfPct: pct(h), group })),
  };
}

export function formatSummary(s: ProfileSummary): string {
  const lines = [`profile ${s.file} (${(s.windowMs / 1000).toFixed(1)} s window, ${s.samples} samples, idle ${s.idlePct.toFixed(1)} %)`, '  top frames by self time:'];
  for (const f of s.frames) lines.push(`    ${f.selfPct.toFixed(1).padStart(5)} %  ${f.fn}  ${f.where}`);
  lines.push('  top JS frames by total time (on the stack):');
  for (const f of s.inclusive) lines.push(`    ${f.totalPct.toFixed(1).padStart(5)} %  ${f.fn}  ${f.where}`);
  lines.push('  self time by package / folder:');
  for (const g of s.groups) lines.push(`    ${g.selfPct.toFixed(1).padStart(5)} %  ${g.group}`);
  return lines.join('\n');
}

// `node dist/bench/profile.js <file.cpuprofile> [top]`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const f of process.argv.slice(2).filter((a) => a.endsWith('.cpuprofile'))) process.stdout.write(formatSummary(summarizeProfile(f, 25)) + '\n');
}
