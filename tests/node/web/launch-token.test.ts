/**
 * The browser-mode door key: a new one per launch by default; kept in the
 * data folder (0600) for kiosk seats so an open page reconnects by itself.
 */
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keptTokenFile, launchToken } from '../../../main/web/launch-token.js';
import { browserArguments, findBrowser } from '../../../main/web/open-browser.js';
import { tempDir } from '../support/temp-dir.js';

describe('launch token', () => {
  it('is new at every launch and stored nowhere by default', () => {
    const dir = tempDir();
    const a = launchToken(dir, 'per-launch');
    const b = launchToken(dir, 'per-launch');
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(existsSync(join(dir, keptTokenFile))).toBe(false);
  });

  it('is kept across launches in a file only the seat user can read', () => {
    const dir = tempDir();
    const first = launchToken(dir, 'kept');
    expect(launchToken(dir, 'kept')).toBe(first);
    expect(statSync(join(dir, keptTokenFile)).mode & 0o777).toBe(0o600);
  });

  it('tightens a loosened file and replaces a damaged one', () => {
    const dir = tempDir();
    const first = launchToken(dir, 'kept');
    chmodSync(join(dir, keptTokenFile), 0o644);
    expect(launchToken(dir, 'kept')).toBe(first);
    expect(statSync(join(dir, keptTokenFile)).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, keptTokenFile), 'short\n');
    const replaced = launchToken(dir, 'kept');
    expect(replaced).not.toBe('short');
    expect(replaced.length).toBeGreaterThanOrEqual(32);
  });

  it('is renewed on request, shutting out the old one', () => {
    const dir = tempDir();
    const first = launchToken(dir, 'kept');
    const renewed = launchToken(dir, 'renewed');
    expect(renewed).not.toBe(first);
    expect(readFileSync(join(dir, keptTokenFile), 'utf8').trim()).toBe(renewed);
    expect(launchToken(dir, 'kept')).toBe(renewed);
  });
});

describe('seat window', () => {
  it('opens as an app window or kiosk with its own profile', () => {
    expect(browserArguments('http://127.0.0.1:5170/#token=x', 'app', '/d/p')).toEqual(
      expect.arrayContaining(['--app=http://127.0.0.1:5170/#token=x', '--user-data-dir=/d/p', '--autoplay-policy=no-user-gesture-required']),
    );
    expect(browserArguments('u', 'app', 'p')).not.toContain('--kiosk');
    expect(browserArguments('u', 'kiosk', 'p')).toContain('--kiosk');
  });

  it('finds a browser on PATH, or says none', () => {
    const dir = tempDir();
    const fake = join(dir, 'chromium-browser');
    writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    expect(findBrowser(undefined, dir)).toBe(fake);
    expect(findBrowser(undefined, tempDir())).toBeNull();
    expect(findBrowser(fake, '')).toBe(fake);
  });
});
