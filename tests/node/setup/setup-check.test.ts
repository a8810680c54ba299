/**
 * build/setup.mjs — the check behind `npm test`, `npm run demo` and `.ci/run`.
 * Runs the real script with a PATH that holds every tool but one, and no
 * apt-get, as a machine without that package would look.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';

const script = join(process.cwd(), 'build/setup.mjs');
const tools = ['chromium', 'kamailio', 'rtpengine', 'baresip', 'sipp', 'espeak-ng', 'sox', 'ip', 'unshare', 'openssl'];

function which(bin: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error(`${bin} is not installed on this machine (run: node build/setup.mjs test)`);
  return found;
}

/** A PATH folder with links to every tool except `hidden` (and no apt-get). */
function pathWithout(hidden: string | null): string {
  const dir = join(tempDir('hotseat-setup-'), 'bin');
  mkdirSync(dir);
  for (const tool of tools) if (tool !== hidden) symlinkSync(which(tool), join(dir, tool));
  return dir;
}

function runSetup(purpose: string, path: string) {
  return spawnSync(process.execPath, [script, purpose, '--no-npm'], { encoding: 'utf8', env: { PATH: path, HOME: process.env.HOME ?? '/root' } });
}

describe('setup check', () => {
  it('passes when every tool is there', () => {
    const result = runSetup('test', pathWithout(null));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('setup: ready for "test"');
    expect(result.status).toBe(0);
  });

  it('stops at once with the single command that installs a missing package', () => {
    const result = runSetup('test', pathWithout('sipp'));
    expect(result.status).toBe(1);
    const prefix = process.getuid?.() === 0 ? '' : 'sudo ';
    expect(result.stderr).toBe(
      'setup: missing Debian packages for "test":\n' +
        '  sip-tester: scripted SIP callers and the call benchmark\n' +
        'Install them with:\n' +
        `  ${prefix}apt-get update && ${prefix}apt-get install -y --no-install-recommends sip-tester\n`,
    );
  });

  it('asks only for what the purpose needs', () => {
    // The demo needs no sipp: hiding it changes nothing for `demo`.
    const demo = runSetup('demo', pathWithout('sipp'));
    expect(demo.status).toBe(0);
    const noEspeak = runSetup('demo', pathWithout('espeak-ng'));
    expect(noEspeak.status).toBe(1);
    expect(noEspeak.stderr).toContain('  espeak-ng: Mandarin speech for the demo caller and the survey tests\n');
  });

  it('refuses an unknown purpose', () => {
    const result = runSetup('deploy', pathWithout(null));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('usage: node build/setup.mjs test|demo|rig');
  });
});
