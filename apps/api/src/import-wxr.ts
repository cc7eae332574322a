import 'reflect-metadata';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AccountsService, accountContext, type ActionContext } from '#libs/identity';
import { WordpressImporter, type ImportOutcome, type ImportProgress } from '#libs/wordpress-import';
import { BootModule, PinoNestLogger, configOrExit, createRootLogger, openDatabase, startBackground } from '#libs/boot';

// `npm run import:wxr -- <file.xml> [--media-dir <wp-content/uploads>] [--dry-run] [--invite <admin e-mail>] [--batch <n>] [--path bulk|single]`
const USAGE = 'usage: npm run import:wxr -- <export.xml> [--media-dir <wp-content/uploads>] [--dry-run] [--invite <admin e-mail>] [--batch <n>] [--path bulk|single]';
const args = process.argv.slice(2);
let file: string | null = null;
let mediaDir: string | null = null;
let dryRun = false;
let batchSize: number | undefined;
let importPath: 'bulk' | 'single' = 'bulk';
/** `--invite <admin e-mail>`: invite the authors with an e-mail, from this admin (never by default). */
let inviter: string | null = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--media-dir') mediaDir = args[++i] ?? null;
  else if (a === '--dry-run') dryRun = true;
  else if (a === '--invite' && args[i + 1] && !args[i + 1]!.startsWith('--')) inviter = args[++i]!;
  else if (a === '--batch') batchSize = Number(args[++i]);
  else if (a === '--path' && (args[i + 1] === 'bulk' || args[i + 1] === 'single')) importPath = args[++i] as 'bulk' | 'single';
  else if (!a.startsWith('--') && !file) file = a;
  else {
    process.stderr.write(`unknown argument ${a}\n${USAGE}\n`);
    process.exit(2);
  }
}
if (!file || !existsSync(file) || !statSync(file).isFile()) {
  process.stderr.write(`${file ? `no such file: ${file}` : 'no export file given'}\n${USAGE}\n`);
  process.exit(2);
}
if (mediaDir && !(existsSync(mediaDir) && statSync(mediaDir).isDirectory())) {
  process.stderr.write(`no such directory: ${mediaDir}\n`);
  process.exit(2);
}
if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
  process.stderr.write(`--batch takes a positive whole number\n`);
  process.exit(2);
}

const config = configOrExit();
const log = createRootLogger(config.log.level === 'info' ? 'warn' : config.log.level);
const db = await openDatabase(config, log);
const app = await NestFactory.createApplicationContext(BootModule.forRoot({ config, dataSource: db.dataSource, databaseUrl: db.url }), {
  logger: new PinoNestLogger(log),
});
await startBackground(app, false);

let ctx: ActionContext | null = null;
if (inviter) {
  // RULE: invitations come from an active admin, named by e-mail
  const account = await app.get(AccountsService).findByEmail(inviter);
  if (!account || account.role !== 'admin' || account.status !== 'active') {
    process.stderr.write(`--invite: ${inviter} is not an active admin account\n`);
    await app.close();
    await db.close();
    if (db.embedded?.started) await db.embedded.stop();
    process.exit(2);
  }
  ctx = accountContext(account);
}

const started = Date.now();
const tty = process.stderr.isTTY;
const fmt = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m${Math.round(s % 60)}s` : `${Math.round(s)}s`);
const onProgress = (p: ImportProgress) => {
  const secs = Math.max(0.001, (Date.now() - started) / 1000);
  const rate = p.done / secs;
  const what = p.phase === 'media' ? `attachments ${p.done}` : `posts ${p.done}/${p.total}`;
  const eta = p.phase === 'posts' && rate > 0 ? ` ETA ${fmt((p.total - p.done) / rate)}` : '';
  const line = `${what}  ${rate.toFixed(1)} items/s${eta}`;
  process.stderr.write(tty ? `\r${line.padEnd(70)}` : `${line}\n`);
};

let outcome: ImportOutcome;
try {
  outcome = await app
    .get(WordpressImporter)
    .run({ file: path.resolve(file), mediaDir: mediaDir ? path.resolve(mediaDir) : null, dryRun, invite: !!inviter, ctx, onProgress, batchSize, origin: 'cli', path: importPath });
} finally {
  if (tty) process.stderr.write('\n');
}
const r = outcome.report;
const out: string[] = [];
out.push(
  `${dryRun ? 'DRY RUN (nothing written): ' : ''}import ${outcome.runId} of ${r.site ?? '?'} (WXR ${r.wxrVersion ?? '?'}): ${outcome.status} in ${fmt((Date.now() - started) / 1000)}`,
);
out.push('kind        created  updated  unchanged  skipped  failed');
for (const [kind, c] of Object.entries(r.counts)) {
  out.push(
    `${kind.padEnd(10)} ${String(c.created).padStart(8)} ${String(c.updated).padStart(8)} ${String(c.unchanged).padStart(10)} ${String(c.skipped).padStart(8)} ${String(c.failed).padStart(7)}`,
  );
}
if (r.entries.length) {
  out.push('', `skipped or flagged (${r.entries.length}):`);
  for (const e of r.entries) out.push(`  ${e.ref}\t${e.code}\t${e.title ? `"${e.title}": ` : ''}${e.reason}`);
}
if (r.needsCredit.length) {
  out.push('', `needs credit (${r.needsCredit.length} published pieces whose top image has no credit):`);
  for (const n of r.needsCredit) out.push(`  ${n.ref}\tarticle ${n.articleId}\timage ${n.imageId}\t${n.headline}`);
}
if (outcome.error) out.push('', `FATAL ${outcome.error.code}: ${outcome.error.message}`);
process.stdout.write(`${out.join('\n')}\n`);
await app.close();
await db.close();
if (db.embedded?.started) await db.embedded.stop();
process.exit(outcome.error ? 1 : 0);
