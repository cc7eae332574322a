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
  totalMs: number;
  idlePct: number;
  frames: { selfPct: number; selfMs: number; fn: string; where: string }[];
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

export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
  const totalMs = (prof.endTime - prof.startTime) / 1000;
  const hits = new Map<number, number>();
  for (const s of prof.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const nSamples = prof.samples.length || 1;
  const byFrame = new Map<string, { hits: number; fn: string; where: string }>();
  const byGroup = new Map<string, number>();
  let idle = 0;
  for (const n of prof.nodes) {
    const h = hits.get(n.id) ?? n.hitCount ?? 0;
    if (!h) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const fn = functionName || '(anonymous)';
    if (fn === '(idle)' || fn === '(program)') idle += fn === '(idle)' ? h : 0;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${fn}@${where}`;
    const f = byFrame.get(key) ?? { hits: 0, fn, where };
    f.hits += h;
    byFrame.set(key, f);
    const g = groupOf(url, fn);
    byGroup.set(g, (byGroup.get(g) ?? 0) + h);
  }
  const pct = (h: number) => (100 * h) / nSamples;
  return {
    file,
    totalMs,
    idlePct: pct(idle),
    frames: [...byFrame.values()].sort((a, b) => b.hits - a.hits).slice(0, top).map((f) => ({ selfPct: pct(f.hits), selfMs: (pct(f.hits) / 100) * totalMs, fn: f.fn, where: f.where })),
    groups: [...byGroup.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([group, h]) => ({ selfPct: pct(h), group })),
  };
}

export function formatSummary(s: ProfileSummary): string {
  const lines = [`profile ${s.file} (${(s.totalMs / 1000).toFixed(1)} s, idle ${s.idlePct.toFixed(1)} %)`, '  top frames by self time:'];
  for (const f of s.frames) lines.push(`    ${f.selfPct.toFixed(1).padStart(5)} %  ${f.fn}  ${f.where}`);
  lines.push('  self time by package / folder:');
  for (const g of s.groups) lines.push(`    ${g.selfPct.toFixed(1).padStart(5)} %  ${g.group}`);
  return lines.join('\n');
}

// `node dist/bench/profile.js <file.cpuprofile> [top]`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const f of process.argv.slice(2).filter((a) => a.endsWith('.cpuprofile'))) process.stdout.write(formatSummary(summarizeProfile(f, 25)) + '\n');
}
