import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the TypeScript with legacy decorators and emitted metadata (Nest DI needs both).
const plugins = [
  swc.vite({
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
  }),
];
// Resolve `#libs/*` and `#migrations` to the TypeScript sources, never the build output (a test
// must not run a stale dist/). Aliases, not resolve conditions: vitest forwards conditions to
// Node for external packages, and an `import` condition there breaks CommonJS deps such as pg.
const root = fileURLToPath(new URL('.', import.meta.url));
const resolve = {
  alias: [
    { find: /^#libs\/([a-z0-9-]+)$/, replacement: `${root}libs/$1/src/index.ts` },
    { find: /^#migrations$/, replacement: `${root}migrations/index.ts` },
  ],
};

export default defineConfig({
  plugins,
  resolve,
  test: {
    projects: [
      {
        plugins,
        resolve,
        test: { name: 'unit', sequence: { groupOrder: 0 }, include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'packages/**/*.spec.ts'], environment: 'node' },
      },
      {
        plugins,
        resolve,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 1 },
          include: ['test/e2e/**/*.e2e-spec.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // files run in parallel, each in its own schema
          fileParallelism: true,
          maxWorkers: 3,
        },
      },
      {
        plugins,
        resolve,
        // the service tier: libs booted without HTTP on real PostgreSQL (test/support/service-harness.ts)
        test: {
          name: 'service',
          // after e2e (a group's maxWorkers is its own)
          sequence: { groupOrder: 4 },
          include: ['test/service/**/*.service-spec.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        plugins,
        resolve,
        // `npm run test:desk` (builds the desk first): the desk in headless Debian Chromium
        test: {
          name: 'desk',
          sequence: { groupOrder: 3 },
          include: ['test/desk/**/*.desk-spec.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          maxWorkers: 1,
        },
      },
      {
        plugins,
        resolve,
        // `npm run test:reliability` (builds first: these specs spawn dist/ processes); not in `npm test`
        test: {
          name: 'reliability',
          sequence: { groupOrder: 2 },
          include: ['test/reliability/**/*.rel-spec.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          // one suite at a time: they measure time and spawn processes on a 2-core machine
          fileParallelism: false,
          maxWorkers: 1,
        },
      },
    ],
  },
});
