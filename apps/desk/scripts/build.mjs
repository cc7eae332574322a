// `npm run desk:build` (always) or `node apps/desk/scripts/build.mjs --if-changed` (npm start):
// builds the desk with Vite unless the stamp in dist/ matches a hash of every input.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const desk = fileURLToPath(new URL('..', import.meta.url));
const root = join(desk, '..', '..');
const stampFile = join(desk, 'dist', '.build-stamp');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

function inputsHash() {
  const h = createHash('sha256');
  const inputs = [
    ...files(join(desk, 'src')).filter((f) => !/\.spec\.tsx?$/.test(f)),
    join(desk, 'index.html'),
    join(desk, 'vite.config.mjs'),
    join(root, 'package-lock.json'),
  ].sort();
  for (const f of inputs) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

const hash = inputsHash();
if (process.argv.includes('--if-changed') && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash && existsSync(join(desk, 'dist', 'index.html'))) {
  process.stdout.write('desk: up to date (sources unchanged since the last build)\n');
  process.exit(0);
}
const started = Date.now();
const { build } = await import('vite');
await build({ configFile: join(desk, 'vite.config.mjs'), logLevel: 'warn' });
writeFileSync(stampFile, `${hash}\n`);
const js = readdirSync(join(desk, 'dist', 'assets')).filter((f) => f.endsWith('.js'));
process.stdout.write(`desk: built in ${Date.now() - started} ms (${js.length} scripts) into ${relative(root, join(desk, 'dist'))}\n`);
