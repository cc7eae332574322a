import { readFileSync, writeFileSync } from 'node:fs';
import { configTableMarkdown } from '#libs/config';

// `npm run docs:config`: rewrites the configuration table (docs/configuration.md) from libs/config's schema.
const FILE = 'docs/configuration.md';
const readme = readFileSync(FILE, 'utf8');
const start = '<!-- config-table:start -->';
const end = '<!-- config-table:end -->';
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i < 0 || j < i) throw new Error(`${FILE} has no config-table markers`);
writeFileSync(FILE, `${readme.slice(0, i + start.length)}\n${configTableMarkdown()}\n${readme.slice(j)}`);
process.stdout.write(`${FILE}: configuration table updated\n`);
