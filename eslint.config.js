// ESLint: the realm boundaries (main thread / model worker / shared), no import cycles, and a size
// limit for source files. Not a style guide: formatting and naming are left alone.
//
// typescript-eslint needs TypeScript's JavaScript API, which TypeScript 7 does not ship. As the TS 7
// release notes advise, package.json installs both: `typescript` is the TS 6 API package
// (@typescript/typescript6, for typescript-eslint) and `@typescript/native` is TypeScript 7, which
// owns the `tsc` binary that `npm run typecheck` runs.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import noTypeCycle from './eslint/no-type-cycle.js';

const root = import.meta.dirname;

const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'src/testing/**'];

// Main thread: the page's shell, its core, shared components and each feature's UI and state.
// A feature's index.ts is its descriptor for the page (its panel and hooks): main thread too.
const MAIN = ['src/app/**', 'src/client/**', 'src/ui/**', 'src/features/*/ui/**', 'src/features/*/state/**', 'src/features/*/index.ts'];
// Model-worker realm: the worker, each feature's worker half, and the method implementations.
const WORKER = ['src/worker/**', 'src/features/*/worker/**', 'src/methods/**'];
// Pure method modules both realms import (descriptions, parameters, step rules): no tfjs.
const PURE_METHODS = [
  'src/methods/params.ts',
  'src/methods/registry.ts',
  'src/methods/spec.ts',
  'src/methods/values.ts',
  'src/methods/common.ts',
  'src/methods/*/meta.ts',
  'src/methods/ig/approximation.ts',
  'src/methods/cam-layer.ts',
];
// Pure code both realms import: src/shared, each feature's protocol (and other top-level feature files).
const SHARED = ['src/shared/**', 'src/features/*/protocol.ts', 'src/features/lessons/lessons.ts', ...PURE_METHODS];
// `except` globs are matched against absolute paths.
const PURE_METHODS_EXCEPT = PURE_METHODS.map((p) => `**/${p}`);

const TFJS = { group: ['@tensorflow/*'], message: 'tfjs runs in the model worker only: the main thread and shared code never load it.' };
const UI_LIBS = {
  group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*'],
  message: 'React and zustand belong to the main thread.',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'public/', 'test-results/', 'playwright-report/', '.vite/', 'bench-results/'] },

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: { 'no-empty': ['error', { allowEmptyCatch: true }] },
  },
  { files: ['scripts/**', 'eslint/**', '*.config.{js,ts}', 'e2e/**', ...TESTS], languageOptions: { globals: globals.node } },
  // The bench and the wasm-threads probe drive a browser page: their page.evaluate() callbacks run there.
  { files: ['scripts/bench.mjs', 'scripts/bench-viz.mjs', 'scripts/probe-wasm-threads.mjs'], languageOptions: { globals: globals.browser } },
  { files: ['src/**'], ignores: TESTS, languageOptions: { globals: { ...globals.browser, ...globals.worker } } },

  // The two hook rules only (the plugin's recommended set adds the React Compiler's rules).
  {
    files: ['src/**/*.tsx', 'src/**/state/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },

  // No import cycles among our modules: import-x/no-cycle for value imports, and no-type-cycle for
  // cycles that type-only imports close (import-x skips type-only imports).
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX, local: { rules: { 'no-type-cycle': noTypeCycle } } },
    settings: {
      // Without these, import-x does not parse .ts/.tsx dependencies and sees no cycle through them.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'tsconfig.worker.json', 'tsconfig.node.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }], 'local/no-type-cycle': 'error' },
  },

  // Realms. Tests run in Node and may import across them.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            {
              target: MAIN,
              from: WORKER,
              except: PURE_METHODS_EXCEPT,
              message: 'The main thread talks to the model worker through messages only (src/client/worker-client.ts).',
            },
            {
              target: WORKER,
              from: MAIN,
              message: 'Worker-realm code never imports main-thread code (app, client, ui, features/*/ui, features/*/state).',
            },
            {
              target: SHARED,
              from: [...MAIN, ...WORKER],
              except: PURE_METHODS_EXCEPT,
              message: 'Shared code is imported by both realms and imports neither.',
            },
          ],
        },
      ],
    },
  },
  // Packages by realm (later blocks win where globs overlap: the pure method files are shared code).
  { files: MAIN, ignores: TESTS, rules: { 'no-restricted-imports': ['error', { patterns: [TFJS] }] } },
  { files: WORKER, ignores: TESTS, rules: { 'no-restricted-imports': ['error', { patterns: [UI_LIBS] }] } },
  { files: [...SHARED, 'src/sw/**'], ignores: TESTS, rules: { 'no-restricted-imports': ['error', { patterns: [TFJS, UI_LIBS] }] } },
  {
    // A dynamic import() is not covered by no-restricted-imports.
    files: [...MAIN, ...SHARED, 'src/sw/**'],
    ignores: TESTS,
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ImportExpression[source.value=/^@tensorflow\\u002F/]', message: TFJS.message }],
    },
  },

  // Source files stay small enough to read; tests are exempt.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },
);
