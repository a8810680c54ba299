/**
 * Builds the bundles once before any test: worker threads, the browser-mode
 * host and the renderer are tested as they ship.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['build/build.mjs', '--if-needed'], { cwd: root, stdio: 'inherit' });
}
