// @ts-check
/**
 * Lint that enforces the house: where code runs decides what it may import.
 *
 *   main/contract   imports nothing of the project (zod only)
 *   main/core       never 'electron', never a host, the renderer or the preload
 *   main/web        the browser-mode host: core and contract, never 'electron'
 *   main/electron   the only place (with preload) that imports 'electron'
 *   preload         'electron' and the contract only
 *   renderer        the contract as types only (envelope constants excepted);
 *                   never core, hosts, node:* or 'electron'
 *
 * Feature isolation inside core and import cycles are checked by
 * dependency-cruiser (build/dependency-cruiser.cjs), also part of `npm run lint`.
 */
import { builtinModules } from 'node:module';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const restrict = (/** @type {any[]} */ patterns, /** @type {string[]} */ paths = []) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths: paths.map((name) => ({ name, message: `"${name}" may not be imported here (see build/eslint.config.js).` })), patterns }],
});

const electronOnly = { group: ['electron', 'electron/*'], message: "Only main/electron and preload may import 'electron'." };
const noHosts = { group: ['**/main/electron/**', '**/electron/*', '**/main/web/**', '**/web/*', '**/renderer/**', '**/preload/**'], message: 'Core code may not depend on a host, the renderer or the preload.' };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-output/**', 'tests/rig/tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['main/contract/**/*.ts'],
    rules: restrict([{ group: ['../*', '!./*'], message: 'main/contract imports nothing else of the project.' }, electronOnly], nodeBuiltins),
  },
  {
    files: ['main/core/**/*.ts'],
    rules: restrict([electronOnly, noHosts]),
  },
  {
    files: ['main/web/**/*.ts'],
    rules: restrict([electronOnly, { group: ['**/main/electron/**', '**/electron/*', '**/renderer/**', '**/preload/**'], message: 'The browser-mode host uses core and contract only.' }]),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict([{ group: ['**/main/core/**', '**/main/web/**', '**/main/electron/**', '**/renderer/**'], message: 'The preload may import the contract and electron only.' }], nodeBuiltins),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [
          electronOnly,
          { group: ['**/main/core/**', '**/main/web/**', '**/main/electron/**', '**/preload/**'], message: 'The renderer talks to the core through the contract only.' },
          { regex: 'main/contract/(?!envelope(\\.js)?$)', allowTypeImports: true, message: 'The renderer imports the contract as types only (import type …).' },
        ],
        nodeBuiltins,
      ),
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'build/**/*.{ts,js,mjs}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
