/**
 * The boundaries the design promises, each proven to reject a bad import
 * through the real lint configuration: sip.js only behind the SipStack seam,
 * hosts through the core's public entries, features never importing the
 * core's root files, the renderer's npm allow-list and its zod-free contract
 * constants. The last block checks that every dependency-cruiser rule has a
 * test here or in house-rules.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../e2e/support/web-host-process.js';
import { tempDir } from './support/temp-dir.js';

const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: join(repoRoot, 'build/eslint.config.js') });

async function lintMessages(file: string, code: string): Promise<string> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`).join('\n');
}

const use = (specifier: string, name = 'x') => `import { ${name} } from '${specifier}';\nexport const a = ${name};\n`;

describe('ESLint: sip.js stays behind the SipStack seam', () => {
  it.each([
    ['main/core/phone/call-manager.ts', 'sip.js'],
    ['main/core/phone/x.ts', 'sip.js/lib/core/index.js'],
    ['main/core/kb/x.ts', 'sip.js'],
    ['main/web/x.ts', 'sip.js'],
    ['main/electron/x.ts', 'sip.js'],
    ['main/cli/x.ts', 'sip.js'],
    ['main/contract/x.ts', 'sip.js'],
    ['preload/x.ts', 'sip.js'],
    ['renderer/x.ts', 'sip.js'],
  ])('%s may not import %s', async (file, specifier) => {
    expect(await lintMessages(file, use(specifier, 'UserAgent'))).toContain("Only main/core/phone/sipjs/ may import 'sip.js'");
  });

  it('main/core/phone/sipjs/ may, and keeps the rest of the core rules', async () => {
    expect(await lintMessages('main/core/phone/sipjs/x.ts', use('sip.js', 'UserAgent'))).toBe('');
    expect(await lintMessages('main/core/phone/sipjs/x.ts', use('electron', 'app'))).toContain('Only main/electron and preload');
    expect(await lintMessages('main/core/phone/sipjs/x.ts', use('../../../web/host.js'))).toContain('may not depend on a host');
  });
});

describe('ESLint: hosts and tools reach the core through its public entries', () => {
  it.each([
    ['main/web/x.ts', '../core/create-core.js'],
    ['main/web/x.ts', '../core/base/log.js'],
    ['main/web/x.ts', '../core/profile/key-file-secret-box.js'],
    ['main/web/x.ts', '../core/dispatcher.js'],
    ['main/electron/x.ts', '../core/create-core.js'],
    ['main/electron/x.ts', '../core/base/content-security-policy.js'],
    ['main/electron/x.ts', '../core/phone/phone-service.js'],
    ['main/cli/x.ts', '../core/kb/sync/sync-protocol.js'],
    ['main/cli/publish/x.ts', '../../core/kb/kb-record.js'],
    ['main/cli/x.ts', '../core/db/open-database.js'],
  ])('%s may not import %s', async (file, specifier) => {
    expect(await lintMessages(file, use(specifier))).toContain('reach the core only through main/core/index.ts');
  });

  it.each([
    ['main/web/x.ts', '../core/index.js'],
    ['main/electron/x.ts', '../core/index.js'],
    ['main/cli/x.ts', '../core/public-kb.js'],
    ['main/cli/publish/x.ts', '../../core/public-kb.js'],
    ['main/web/x.ts', '../contract/index.js'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await lintMessages(file, use(specifier))).toBe('');
  });

  it('the hosts keep to their own side', async () => {
    expect(await lintMessages('main/electron/x.ts', use('../web/host.js'))).toContain('The Electron host uses core and contract only');
    expect(await lintMessages('main/electron/x.ts', use('../../renderer/app/App.js'))).toContain('The Electron host uses core and contract only');
    expect(await lintMessages('main/web/x.ts', use('../electron/main.js'))).toContain('The browser-mode host uses core and contract only');
    expect(await lintMessages('main/cli/x.ts', use('electron', 'app'))).toContain('Only main/electron and preload');
    expect(await lintMessages('main/cli/x.ts', use('../web/host.js'))).toContain('The KB tools use core and contract only');
    expect(await lintMessages('main/electron/x.ts', use('electron', 'app'))).toBe('');
  });
});

describe('ESLint: the renderer', () => {
  it.each(['sanitize-html', 'ws', 'zod', 'pinyin-pro', 'libphonenumber-js', 'better-sqlite3', '@testing-library/react', 'reactive'])(
    'may not import the npm package %s',
    async (pkg) => {
      expect(await lintMessages('renderer/features/x.tsx', use(pkg))).toContain('The renderer may import only these npm packages');
    },
  );

  it.each(['react', 'react-dom/client', 'zustand', 'zustand/vanilla', 'echarts/core', 'echarts/charts', './local.js', '../store/x.js'])(
    'may import %s',
    async (specifier) => {
      expect(await lintMessages('renderer/features/x.tsx', use(specifier))).toBe('');
    },
  );

  it('imports values of the contract only from envelope.ts and the zod-free constants.ts', async () => {
    expect(await lintMessages('renderer/x.ts', use('../main/contract/constants.js', 'kbSyncPhases'))).toBe('');
    expect(await lintMessages('renderer/x.ts', use('../main/contract/envelope.js', 'webSocketPath'))).toBe('');
    expect(await lintMessages('renderer/x.ts', use('../main/contract/kb-sync.js', 'kbSyncPhases'))).toContain('as types only');
    expect(await lintMessages('renderer/x.ts', use('../main/contract/phone.js', 'normalizeDialTarget'))).toContain('as types only');
  });

  it('constants.ts, the contract the renderer loads as values, imports nothing', async () => {
    expect(await lintMessages('main/contract/constants.ts', use('zod', 'z'))).toContain('constants.ts imports nothing');
    expect(await lintMessages('main/contract/constants.ts', use('./kb.js', 'kbKinds'))).toContain('constants.ts imports nothing');
    expect(await lintMessages('main/contract/constants.ts', 'export const a = [1] as const;\n')).toBe('');
  });

  it('the preload imports the contract and electron only', async () => {
    expect(await lintMessages('preload/x.ts', use('../main/web/host.js'))).toContain('contract and electron only');
    expect(await lintMessages('preload/x.ts', use('node:fs', 'readFileSync'))).toContain('may not be imported here');
    expect(await lintMessages('preload/x.ts', use('electron', 'contextBridge'))).toBe('');
  });
});

describe('dependency-cruiser rules', () => {
  const require = createRequire(import.meta.url);
  const config = require(join(repoRoot, 'build/dependency-cruiser.cjs')) as { forbidden: { name: string }[]; options: Record<string, unknown> };

  /** Writes the files into a scratch project and returns the names of the rules they break. */
  async function violations(files: Record<string, string>): Promise<string[]> {
    const dir = tempDir();
    for (const [path, code] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), code);
    }
    const roots = [...new Set(Object.keys(files).map((f) => f.split('/')[0]!))].filter((r) => r !== 'node_modules');
    const { cruise } = (await import('dependency-cruiser')) as unknown as {
      cruise: (files: string[], options: object) => Promise<{ output: { summary: { violations: { rule: { name: string } }[] } } }>;
    };
    const result = await cruise(roots, { ...config.options, baseDir: dir, ruleSet: { forbidden: config.forbidden }, validate: true });
    return result.output.summary.violations.map((v) => v.rule.name);
  }

  /** One bad import per rule; house-rules.test.ts proves no-circular and core-feature-isolation too. */
  const cases: Record<string, Record<string, string>> = {
    'no-circular': {
      'main/core/kb/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'main/core/kb/b.ts': "import { a } from './a.js';\nexport const b = a;\n",
    },
    'core-feature-isolation': {
      'main/core/kb/search.ts': "import { dial } from '../phone/dial.js';\nexport const s = dial;\n",
      'main/core/phone/dial.ts': 'export const dial = 1;\n',
    },
    'core-feature-not-root': {
      'main/core/records/records-handlers.ts': "import type { Handlers } from '../dispatcher.js';\nexport type H = Handlers;\n",
      'main/core/dispatcher.ts': 'export type Handlers = object;\n',
    },
    'core-base-and-db-are-leaves': {
      'main/core/base/log.ts': "import { kb } from '../kb/kb-service.js';\nexport const log = kb;\n",
      'main/core/kb/kb-service.ts': 'export const kb = 1;\n',
    },
    'core-never-electron': {
      'main/core/phone/x.ts': "import { app } from 'electron';\nexport const a = app;\n",
      'node_modules/electron/package.json': '{ "name": "electron", "main": "index.js" }\n',
      'node_modules/electron/index.js': 'module.exports = { app: 1 };\n',
    },
    'contract-imports-nothing': {
      'main/contract/phone.ts': "import { dial } from '../core/phone/dial.js';\nexport const d = dial;\n",
      'main/core/phone/dial.ts': 'export const dial = 1;\n',
    },
    'renderer-stays-in-the-browser': {
      'renderer/app/App.ts': "import { dial } from '../../main/core/phone/dial.js';\nexport const d = dial;\n",
      'main/core/phone/dial.ts': 'export const dial = 1;\n',
    },
    'renderer-no-node-builtins': {
      'renderer/app/App.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    },
  };

  it('every rule of build/dependency-cruiser.cjs has a proving case here', () => {
    expect(Object.keys(cases).sort()).toEqual(config.forbidden.map((rule) => rule.name).sort());
  });

  it.each(Object.keys(cases))('rejects a bad import under %s', async (rule) => {
    await expect(violations(cases[rule]!)).resolves.toContain(rule);
  });

  it('accepts a feature using base, db and the contract, and a root file importing features', async () => {
    await expect(
      violations({
        'main/core/kb/a.ts': "import { x } from '../base/log.js';\nimport { y } from '../../contract/kb.js';\nexport const a = [x, y];\n",
        'main/core/base/log.ts': 'export const x = 1;\n',
        'main/contract/kb.ts': 'export const y = 1;\n',
        'main/core/create-core.ts': "import { a } from './kb/a.js';\nexport const core = a;\n",
      }),
    ).resolves.toEqual([]);
  });
});
