// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Import direction: ui -> state -> dissect/inputs/permalink/export, never back (STYLE.md, "Layout").
// For each folder under src/: which src/ folders and which packages its code may not import.
// Paths are relative to src/. Test files are exempt: a test may wire layers together.
const CORE_PACKAGES = ['react', 'react-dom', 'zustand', 'node:*'];
const layers = {
  dissect: {
    folders: ['ui', 'state', 'worker', 'cli', 'inputs', 'permalink', 'export'],
    packages: CORE_PACKAGES,
  },
  inputs: { folders: ['ui', 'state', 'worker', 'cli', 'export'], packages: CORE_PACKAGES },
  permalink: { folders: ['ui', 'state', 'worker', 'cli', 'export'], packages: CORE_PACKAGES },
  // Writers of what leaves the app (capture files, text, JSON): pure, shared by the UI and the CLI.
  export: { folders: ['ui', 'state', 'worker', 'cli'], packages: CORE_PACKAGES },
  state: { folders: ['ui', 'cli'], packages: [] },
  ui: { folders: ['cli', 'dissect/protocols'], packages: [] },
  worker: { folders: ['ui', 'cli'], packages: [] },
  cli: { folders: ['ui', 'state', 'worker'], packages: ['react', 'react-dom', 'zustand'] },
};
// Anything else under src/ (main.tsx, new folders) may import everything but the CLI.
const DEFAULT_LAYER = { folders: ['cli'], packages: [] };

const SOURCE = '{ts,tsx}';
const TESTS = ['src/**/*.test.ts', 'src/**/*.test.tsx'];
const MAX_DEPTH = 6;

/** @param {string} text */
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * no-restricted-imports sees the import string, not the resolved file. Giving each directory
 * depth its own block makes the relative prefix exact: a file in src/ui/panes/ reaches
 * src/state/ only as `../../state`.
 * @param {string} folder a folder under src/, or '' for the src/ root itself
 * @param {{ folders: string[], packages: string[] }} layer
 * @param {number} depth directory levels below src/ of the files this block covers
 * @returns {import('eslint').Linter.Config}
 */
function directionBlock(folder, layer, depth) {
  const dir = folder ? `src/${folder}/${'*/'.repeat(depth - 1)}` : `src/${'*/'.repeat(depth)}`;
  const up = depth === 0 ? '\\./' : `(?:\\./)?(?:\\.\\./){${depth}}`;
  const name = folder || 'this folder';
  const patterns = [
    ...layer.folders.map((target) => ({
      regex: `^(?:${up}|(?:.*/)?src/)${escape(target)}(?:/|$)`,
      message: `src/${name} may not import src/${target} (import direction, STYLE.md "Layout").`,
    })),
    ...layer.packages.map((pkg) => ({
      regex: pkg.endsWith('*') ? `^${escape(pkg.slice(0, -1))}` : `^${escape(pkg)}(?:/|$)`,
      message: `src/${name} is pure core code and may not import ${pkg}.`,
    })),
  ];
  return {
    files: [`${dir}*.${SOURCE}`],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

const depths = Array.from({ length: MAX_DEPTH }, (_, index) => index + 1);
const importDirection = [
  directionBlock('', DEFAULT_LAYER, 0),
  ...depths.map((depth) => directionBlock('', DEFAULT_LAYER, depth)),
  // Folder blocks come after the defaults: for one rule, the last matching block wins.
  ...Object.entries(layers).flatMap(([folder, layer]) => depths.map((depth) => directionBlock(folder, layer, depth))),
];

export default defineConfig(
  {
    ignores: [
      'dist',
      'dist-cli',
      'dist-scripts',
      'node_modules',
      'reports',
      'test-results',
      'test-results-*',
      'dist-e2e-*',
      'playwright-report',
      'coverage',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      // Only matters to the React Compiler, which this project does not use; it would flag
      // every useVirtualizer() call (@tanstack/react-virtual).
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}', '*.config.ts', 'scripts/**', 'e2e/**', 'src/cli/**'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  ...importDirection,
);
