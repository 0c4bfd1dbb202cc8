// `npm run lint`: ESLint's and typescript-eslint's recommended rules and React's rules of hooks.
// Syntax-only (no type-aware rules): `npm run typecheck` (TypeScript 7) does the type checking.
// typescript-eslint's parser needs TypeScript's JS API, which TypeScript 7 (the native compiler)
// does not have: package.json's `typescript` is 5.9 for it, `typescript-7` the compiler we check with.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** The client's one zone rule, repeated in the staff app's block (a later block replaces, not adds). */
const CLIENT_IMPORTS_ONLY_THE_CONTRACT = { regex: '(^|/)server/(?!contract/)', message: 'The client imports from the server only its contract (server/contract/).' };

export default defineConfig(
  { ignores: ['dist/', 'test-artifacts/', 'coverage/', 'node_modules/', 'data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // A migration (and a test of one) must not depend on today's schema types: Kysely's documented `Kysely<any>`.
    files: ['migrations/**', 'test/server/start.test.ts', 'test/server/flag-urgency.test.ts', 'test/server/units.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // These tests reach into questionnaire JSON by path to make broken or changed variants of a file.
    files: ['test/domain/assessment.test.ts', 'test/domain/flagging.test.ts', 'test/domain/questionnaire-loader.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Dependencies point one way (http → services → domain, services → storage; README, Layout), and
  // the contract is the one place the client and the server meet. A later `no-restricted-imports`
  // for the same files replaces an earlier one rather than adding to it: add a pattern to the zone.
  // The patterns read the import as written (relative paths); test/contract/import-zones.test.ts
  // shows each zone refuses a crossing import.
  {
    files: ['client/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [CLIENT_IMPORTS_ONLY_THE_CONTRACT] }] },
  },
  {
    files: ['server/contract/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^(\\.\\./)+(server/)?(domain|services|storage|http)(/|$)', message: 'The contract is shared with the client: it imports nothing from domain, services, storage or http.' },
      ] }],
    },
  },
  {
    files: ['server/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^(\\.\\./)+(server/)?(services|storage|http)(/|$)', message: 'The domain is pure: it imports neither services, storage nor http.' },
      ] }],
    },
  },
  {
    files: ['server/storage/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^(\\.\\./)+(server/)?(services|http)(/|$)', message: 'Storage imports neither services nor http (services call storage, not the other way).' },
      ] }],
    },
  },
  {
    files: ['server/services/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^(\\.\\./)+(server/)?http(/|$)', message: 'Services import nothing from http (routes call services, not the other way).' },
      ] }],
    },
  },
  {
    // Every transaction goes through transaction(db, fn) (server/storage/transaction.ts): it paces
    // SQLite's transactions one per turn of the event loop and makes a stray query on db fail fast.
    files: ['server/**'],
    ignores: ['server/storage/transaction.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[arguments.length=0] > MemberExpression.callee[property.name='transaction']",
        message: 'Open transactions with transaction(db, fn) from server/storage/transaction.ts.',
      }],
    },
  },
  {
    // The staff app shares the survey code through client/survey/, never by reaching into the patient page.
    files: ['client/staff/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        CLIENT_IMPORTS_ONLY_THE_CONTRACT,
        { group: ['**/patient/**'], message: 'The staff app imports nothing from client/patient/: move shared code to client/survey/.' },
      ] }],
    },
  },
  {
    // Plain Node scripts (e.g. the SQLite worker threads, the bare echo server of the benchmark).
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
);
