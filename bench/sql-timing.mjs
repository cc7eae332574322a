// Preload (`node --import ./bench/sql-timing.mjs ...`): times every query the process sends through
// `pg` (round trip included, as the process waits for it) and prints, at exit, the statements by
// total time with their calls, to stderr (or SQL_TIMING_OUT). For profiling the importer's SQL
// where pg_stat_statements is not loaded; numbers in a multi-row statement are folded to one shape.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const require = createRequire(`${process.cwd()}/package.json`);
const pg = require('pg');
const stats = new Map();
const shape = (text) =>
  String(text)
    .replace(/\$\d+/g, '$')
    .replace(/(\(\s*\$(?:\s*(?:::\w+(?:\[\])?)?\s*,\s*\$)*(?:::\w+(?:\[\])?)?\s*\))(?:\s*,\s*\(\s*\$(?:\s*(?:::\w+(?:\[\])?)?\s*,\s*\$)*(?:::\w+(?:\[\])?)?\s*\))+/g, '$1, ...')
    .replace(/'[^']*'/g, "'?'")
    .replace(/\s+/g, ' ')
    .slice(0, 160);
const note = (text, t0) => {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const k = shape(text);
  const s = stats.get(k) ?? { calls: 0, ms: 0 };
  s.calls++;
  s.ms += ms;
  stats.set(k, s);
};
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, values, callback) {
  const text = typeof config === 'string' ? config : config?.text;
  const t0 = process.hrtime.bigint();
  const cb = typeof values === 'function' ? values : callback;
  if (cb) {
    const wrapped = (err, res) => {
      note(text, t0);
      cb(err, res);
    };
    return typeof values === 'function' ? original.call(this, config, wrapped) : original.call(this, config, values, wrapped);
  }
  const r = original.call(this, config, values);
  if (r && typeof r.then === 'function')
    r.then(
      () => note(text, t0),
      () => note(text, t0),
    );
  return r;
};
process.on('exit', () => {
  const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, v]) => s + v.ms, 0);
  const lines = [`SQL timing: ${rows.reduce((s, [, v]) => s + v.calls, 0)} queries, ${(total / 1000).toFixed(1)} s waited`];
  for (const [k, v] of rows.slice(0, 40))
    lines.push(`${(v.ms / 1000).toFixed(2).padStart(8)} s ${String(v.calls).padStart(7)} calls ${(v.ms / v.calls).toFixed(2).padStart(8)} ms  ${k}`);
  const out = `${lines.join('\n')}\n`;
  if (process.env.SQL_TIMING_OUT) writeFileSync(process.env.SQL_TIMING_OUT, out);
  else process.stderr.write(out);
});
