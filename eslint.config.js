// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Layering (like VS Code's code-layering rule): each folder says where its code runs, and an
 * import that crosses a layer the wrong way is an error.
 */
const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Playwright fixtures take `({}, use)` by design.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  layer(['src-shared/**'], [
    { regex: '^(?!zod$)(?!\\.{1,2}/)', message: 'src-shared holds contracts only: it may import zod and itself.' },
  ]),
  layer(['src-main/core/**'], [
    { group: ['electron', 'electron/*'], message: 'src-main/core must run without Electron.' },
    { group: ['**/src-main/electron/**', '**/electron/*', '../electron/*', '../../electron/*'], message: 'core must not import the Electron glue.' },
    { group: ['**/src-renderer/**'], message: 'main never imports the renderer.' },
  ]),
  layer(['src-main/headless/**'], [
    { group: ['electron', 'electron/*'], message: 'the headless server runs without Electron.' },
    { group: ['**/src-renderer/**'], message: 'main never imports the renderer.' },
  ]),
  layer(['src-main/electron/**', 'src-preload/**'], [
    { group: ['**/src-renderer/**'], message: 'main never imports the renderer.' },
  ]),
  layer(['src-renderer/**'], [
    { group: ['**/src-main/**', '**/src-preload/**', 'electron', 'node:*'], message: 'the renderer talks to main only through the bridge.' },
  ]),
);
