/**
 * The layering rules must actually bite: each test feeds the real lint
 * configuration an import that breaks the house and expects an error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../e2e/support/web-host-process.js';
import { tempDir } from './support/temp-dir.js';

const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: join(repoRoot, 'build/eslint.config.js') });

async function lintMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('ESLint layering rules', () => {
  it.each([
    ['main/core/phone/x.ts', "import { app } from 'electron';\nexport const a = app;", 'Only main/electron and preload'],
    ['main/core/kb/x.ts', "import { x } from '../../electron/main.js';\nexport const a = x;", 'may not depend on a host'],
    ['main/web/x.ts', "import { app } from 'electron';\nexport const a = app;", 'Only main/electron and preload'],
    ['main/contract/x.ts', "import { x } from '../core/create-core.js';\nexport const a = x;", 'imports nothing else of the project'],
    ['main/contract/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;", 'may not be imported here'],
    ['renderer/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;", 'may not be imported here'],
    ['renderer/x.ts', "import { readFileSync } from 'fs';\nexport const a = readFileSync;", 'may not be imported here'],
    ['renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;", 'Only main/electron and preload'],
    ['renderer/x.ts', "import { createCore } from '../main/core/create-core.js';\nexport const a = createCore;", 'through the contract only'],
    ['renderer/x.ts', "import { requestSchemas } from '../main/contract/index.js';\nexport const a = requestSchemas;", 'as types only'],
    ['preload/x.ts', "import { createCore } from '../main/core/create-core.js';\nexport const a = createCore;", 'contract and electron only'],
  ])('%s: rejects %j', async (file, code, expected) => {
    const messages = await lintMessages(file, code);
    expect(messages.join('\n')).toContain(expected);
  });

  it('allows what the house allows', async () => {
    await expect(lintMessages('renderer/x.ts', "import type { SeatStatus } from '../main/contract/index.js';\nexport type A = SeatStatus;")).resolves.toEqual([]);
    await expect(lintMessages('main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;")).resolves.toEqual([]);
    await expect(lintMessages('main/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;")).resolves.toEqual([]);
  });
});

describe('dependency-cruiser rules', () => {
  const require = createRequire(import.meta.url);
  const config = require(join(repoRoot, 'build/dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown> };

  async function violations(files: Record<string, string>): Promise<string[]> {
    const dir = tempDir();
    for (const [path, code] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), code);
    }
    const { cruise } = (await import('dependency-cruiser')) as unknown as {
      cruise: (files: string[], options: object) => Promise<{ output: { summary: { violations: { rule: { name: string } }[] } } }>;
    };
    const result = await cruise(['main'], { ...config.options, baseDir: dir, ruleSet: { forbidden: config.forbidden }, validate: true });
    return result.output.summary.violations.map((v) => v.rule.name);
  }

  it('rejects one core feature importing another', async () => {
    await expect(
      violations({
        'main/core/kb/search.ts': "import { dial } from '../phone/dial.js';\nexport const s = dial;\n",
        'main/core/phone/dial.ts': 'export const dial = 1;\n',
      }),
    ).resolves.toContain('core-feature-isolation');
  });

  it('rejects import cycles', async () => {
    await expect(
      violations({
        'main/core/kb/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
        'main/core/kb/b.ts': "import { a } from './a.js';\nexport const b = a;\n",
      }),
    ).resolves.toContain('no-circular');
  });

  it('accepts a feature using base, db and the contract', async () => {
    await expect(
      violations({
        'main/core/kb/a.ts': "import { x } from '../base/log.js';\nimport { y } from '../../contract/kb.js';\nexport const a = [x, y];\n",
        'main/core/base/log.ts': 'export const x = 1;\n',
        'main/contract/kb.ts': 'export const y = 1;\n',
      }),
    ).resolves.toEqual([]);
  });
});
