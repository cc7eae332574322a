import { readFileSync, writeFileSync } from 'node:fs';
import { configTableMarkdown } from '#libs/config';

// `npm run docs:config`: rewrites the README's configuration table from libs/config's schema.
const readme = readFileSync('README.md', 'utf8');
const start = '<!-- config-table:start -->';
const end = '<!-- config-table:end -->';
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i < 0 || j < i) throw new Error('README.md has no config-table markers');
writeFileSync('README.md', `${readme.slice(0, i + start.length)}\n${configTableMarkdown()}\n${readme.slice(j)}`);
process.stdout.write('README configuration table updated\n');
