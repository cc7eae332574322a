// `npm run lint`. Rules that catch bugs and hold the architecture, not style (Prettier owns
// layout: `npm run format`). The import boundaries and the lib layering are in eslint/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { housePlugin } from './eslint/boundaries.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/', 'bench/results/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['**/*.ts', 'apps/desk/src/**/*.tsx'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { house: housePlugin },
    rules: {
      'house/boundaries': 'error',
      // promises: an unawaited or misplaced one loses errors and ordering
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/only-throw-error': 'error',
      // values that print as "[object Object]" or loop over the wrong thing
      '@typescript-eslint/no-base-to-string': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/no-array-delete': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // style, not bugs: left to review
      'prefer-const': 'off',
      'no-useless-assignment': 'off',
      // TypeScript checks these itself
      'no-undef': 'off',
      'no-redeclare': 'off',
    },
  },
);
