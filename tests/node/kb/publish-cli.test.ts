/**
 * `npm run kb:publish -- SRC OUTDIR` as an editor runs it: exit codes,
 * line-numbered errors on stderr, and a summary on stdout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../e2e/support/web-host-process.js';
import { tempDir } from '../support/temp-dir.js';
import { article, articles, writeJsonl } from './sync-support/kb-records.js';

function kbPublish(...args: string[]) {
  const run = spawnSync('npm', ['run', '--silent', 'kb:publish', '--', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run kb:publish', () => {
  it('publishes, then reports only what changed, then that nothing changed', () => {
    const dir = tempDir();
    const source = join(dir, 'kb.jsonl');
    const out = join(dir, 'site');
    writeJsonl(source, articles(3));

    const first = kbPublish(source, out);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/version 1 \(cursor [a-z0-9]+-1\)/);
    expect(first.stdout).toContain('3 records; 3 added, 0 changed, 0 deleted; 0 change pages');

    writeJsonl(source, [...articles(2), article('art-00009')]);
    const second = kbPublish(source, out);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('3 records; 1 added, 0 changed, 1 deleted; 1 change page');

    const third = kbPublish(source, out);
    expect(third.status).toBe(0);
    expect(third.stdout).toContain('no changes since version 2');
  });

  it('lists bad rows as file:line: message, exits 1 and writes nothing', () => {
    const dir = tempDir();
    const source = join(dir, 'bad.jsonl');
    writeFileSync(source, `${JSON.stringify(article('a1'))}\n${JSON.stringify({ ...article('a2'), version: 0 })}\nnot json\n`);

    const run = kbPublish(source, join(dir, 'site'));

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.jsonl:2: version must be a whole number ≥ 1/);
    expect(run.stderr).toMatch(/bad\.jsonl:3: not valid JSON/);
    expect(run.stderr).toContain('2 errors');
    expect(existsSync(join(dir, 'site'))).toBe(false);
  });

  it('prints usage for missing arguments', () => {
    const run = kbPublish();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: npm run kb:publish -- SRC OUTDIR');
  });
});
