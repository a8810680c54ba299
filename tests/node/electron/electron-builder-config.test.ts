/**
 * The packaged app's fuses (electron-builder.yml) stay flipped: no running
 * the binary as plain Node, no NODE_OPTIONS or --inspect, code only from an
 * integrity-checked app.asar. Packaging itself needs Electron's downloads and
 * cannot run here; this checks the configuration electron-builder reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../e2e/support/web-host-process.js';

const config = load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('flips the Electron fuses that close the ways around the app', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the app into an asar, unpacking only the native module and the worker bundles', () => {
    expect(config.asar ?? true).toBe(true);
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/**', 'out/workers/**']);
  });
});
