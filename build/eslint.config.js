// @ts-check
/**
 * Lint that enforces the house: where code runs decides what it may import.
 *
 *   main/contract   imports nothing of the project (zod only)
 *   main/core       never 'electron', never a host, the renderer or the preload;
 *                   'sip.js' only in main/core/phone/sipjs/ (the rest of the
 *                   core talks to the SipStack interface of phone/sip-stack.ts)
 *   main/web        the browser-mode host: contract and the core's public
 *   main/electron   entry main/core/index.ts only (never core/base/*, a
 *                   feature's internals or create-core.ts); only main/electron
 *                   (with preload) imports 'electron'
 *   main/cli        the KB tools: contract and main/core/public-kb.ts, the
 *                   core's public entry for publishing and importing
 *   preload         'electron' and the contract only
 *   renderer        the contract as types only (envelope and the zod-free
 *                   constants.ts excepted); never core, hosts, node:* or
 *                   'electron'; npm packages from `rendererPackages` only
 *
 * Feature isolation inside core (a feature imports contract, base, db and its
 * own folder; never another feature nor the core's root files such as the
 * dispatcher or create-core) and import cycles are checked by
 * dependency-cruiser (build/dependency-cruiser.cjs), also part of `npm run lint`.
 * Every rule is proven to reject a bad import in tests/node/house-rules*.test.ts.
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
const sipJsOnlyInSipjs = { group: ['sip.js', 'sip.js/*'], message: "Only main/core/phone/sipjs/ may import 'sip.js'; the rest of the core uses the SipStack interface (phone/sip-stack.ts)." };
/** Hosts and tools see the core through its public entries only: main/core/index.ts and main/core/public-*.ts. */
const publicCoreOnly = {
  regex: '(^|/)core/(?!(index|public-[a-z-]+)(\\.js)?$)',
  message: 'Hosts and tools reach the core only through main/core/index.ts (the KB tools: main/core/public-kb.ts), never core/base/*, create-core.ts or a feature\'s files.',
};
/** The npm packages the renderer may import (React, the store, the shift charts). */
export const rendererPackages = ['react', 'react-dom', 'zustand', 'echarts'];
const rendererPackagesOnly = {
  regex: `^(?![./])(?!(${rendererPackages.join('|')})(/|$))`,
  message: `The renderer may import only these npm packages: ${rendererPackages.join(', ')} (build/eslint.config.js rendererPackages).`,
};

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
  // One config object per area: ESLint keeps only the last no-restricted-imports setting that matches a file.
  {
    files: ['main/contract/**/*.ts'],
    rules: restrict([{ group: ['../*', '!./*'], message: 'main/contract imports nothing else of the project.' }, electronOnly, sipJsOnlyInSipjs], nodeBuiltins),
  },
  {
    // The renderer imports constants.ts as values: it stays free of zod and of everything else.
    files: ['main/contract/constants.ts'],
    rules: restrict([{ regex: '.', message: 'main/contract/constants.ts imports nothing (not even zod): the renderer loads it as values.' }]),
  },
  {
    files: ['main/core/**/*.ts'],
    ignores: ['main/core/phone/sipjs/**'],
    rules: restrict([electronOnly, noHosts, sipJsOnlyInSipjs]),
  },
  {
    files: ['main/core/phone/sipjs/**/*.ts'],
    rules: restrict([electronOnly, noHosts]),
  },
  {
    files: ['main/web/**/*.ts'],
    rules: restrict([
      electronOnly,
      sipJsOnlyInSipjs,
      publicCoreOnly,
      { group: ['**/main/electron/**', '**/electron/*', '**/renderer/**', '**/preload/**'], message: 'The browser-mode host uses core and contract only.' },
    ]),
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: restrict([sipJsOnlyInSipjs, publicCoreOnly, { group: ['**/main/web/**', '**/web/*', '**/renderer/**', '**/preload/**'], message: 'The Electron host uses core and contract only.' }]),
  },
  {
    files: ['main/cli/**/*.ts'],
    rules: restrict([electronOnly, sipJsOnlyInSipjs, publicCoreOnly, { group: ['**/main/electron/**', '**/electron/*', '**/main/web/**', '**/web/*', '**/renderer/**', '**/preload/**'], message: 'The KB tools use core and contract only.' }]),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict([{ group: ['**/main/core/**', '**/main/web/**', '**/main/electron/**', '**/renderer/**'], message: 'The preload may import the contract and electron only.' }, sipJsOnlyInSipjs], nodeBuiltins),
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
          { regex: 'main/contract/(?!(envelope|constants)(\\.js)?$)', allowTypeImports: true, message: 'The renderer imports the contract as types only (import type …); values only from envelope.ts and the zod-free constants.ts.' },
          rendererPackagesOnly,
          sipJsOnlyInSipjs,
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
