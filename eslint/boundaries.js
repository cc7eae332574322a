// `house/boundaries`: the import rules of the codebase, checked on every import, export-from and
// literal dynamic import:
// - a lib never imports an app;
// - a lib imports another lib only as `#libs/<name>` (never a deep path, never a relative path
//   into it) and only a lib on a lower row of LAYERS (eslint/layering.js);
// - a lib reaches its own files relatively, never through its own `#libs/<name>`;
// - an app never imports another app (apps/worker does not import apps/api);
// - nothing outside a lib reaches into a lib's files: only `#libs/<name>`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAYERS, layerOf } from './layering.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What a path inside the checkout belongs to: a lib, an app, or neither. */
export function classify(relPath) {
  const parts = relPath.split(path.sep).join('/').split('/');
  if (parts[0] === 'libs' && parts.length > 1) return { kind: 'lib', name: parts[1] };
  if (parts[0] === 'apps' && parts.length > 1) return { kind: 'app', name: parts[1] };
  return { kind: 'other', name: parts[0] };
}

const rows = LAYERS.map((row, i) => `${i}: ${row.join(', ')}`).join('; ');

export const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Import boundaries between apps and libs, and the lib layering' },
    schema: [],
    messages: {
      libImportsApp: 'A lib never imports an app ({{spec}}): move what it needs into a lib, or declare a port the app binds.',
      appImportsApp: 'apps/{{from}} must not import apps/{{to}} ({{spec}}): move the shared code into a lib.',
      relativeIntoLib: "Import libs/{{to}} only as '#libs/{{to}}' (its index.ts), not through '{{spec}}'.",
      deepImport: "'{{spec}}' reaches into a lib's files: import '#libs/{{to}}' and export what you need from its index.ts.",
      selfImport: "libs/{{from}} imports itself through '{{spec}}': use a relative import inside a lib.",
      leavesLib: "libs/{{from}} imports '{{spec}}' outside itself: a lib imports its own files and other libs' index only.",
      upward: "libs/{{from}} (row {{fromRow}}) may not import '#libs/{{to}}' (row {{toRow}}): a lib imports only libs on a lower row of eslint/layering.js ({{rows}}).",
      unknownLib: 'libs/{{lib}} is not in the layering table: give it a row in eslint/layering.js (see CONTRIBUTING.md).',
    },
  },
  create(context) {
    const file = path.relative(ROOT, context.filename);
    const here = classify(file);
    const report = (node, messageId, data = {}) => context.report({ node, messageId, data });

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('#libs/')) {
        const [to, ...deep] = spec.slice('#libs/'.length).split('/');
        if (deep.length) return report(node, 'deepImport', { spec, to });
        if (here.kind !== 'lib') return;
        if (to === here.name) return report(node, 'selfImport', { spec, from: here.name });
        const fromRow = layerOf(here.name);
        const toRow = layerOf(to);
        if (fromRow < 0) return report(node, 'unknownLib', { lib: here.name });
        if (toRow < 0) return report(node, 'unknownLib', { lib: to });
        if (toRow >= fromRow) return report(node, 'upward', { from: here.name, to, fromRow, toRow, rows });
        return;
      }
      if (!spec.startsWith('.')) return;
      const target = classify(path.relative(ROOT, path.resolve(path.dirname(context.filename), spec)));
      if (here.kind === 'lib') {
        if (target.kind === 'app') return report(node, 'libImportsApp', { spec });
        if (target.kind === 'lib' && target.name !== here.name) return report(node, 'relativeIntoLib', { spec, to: target.name });
        if (target.kind === 'other') return report(node, 'leavesLib', { spec, from: here.name });
        return;
      }
      if (target.kind === 'lib') return report(node, 'relativeIntoLib', { spec, to: target.name });
      if (here.kind === 'app' && target.kind === 'app' && target.name !== here.name) {
        return report(node, 'appImportsApp', { spec, from: here.name, to: target.name });
      }
    }

    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export const housePlugin = { meta: { name: 'house' }, rules: { boundaries } };
