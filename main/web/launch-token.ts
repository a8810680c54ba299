/**
 * The browser-mode door key: the token the page must present on the
 * WebSocket. By default every launch makes a new one (a page left open from an
 * earlier launch cannot drive the seat). A kiosk seat that is restarted by its
 * supervisor keeps one instead, so the open page reconnects by itself: it lives
 * in `browser-token` in the seat's data folder, readable by the seat's OS user
 * only (0600), and `--new-token` replaces it.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type TokenPolicy = 'per-launch' | 'kept' | 'renewed';

/** Name of the file that keeps the token between launches. */
export const keptTokenFile = 'browser-token';

const tokenShape = /^[A-Za-z0-9_-]{32,128}$/;

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The token for this launch. `kept` reuses the stored one (made on first use);
 * `renewed` stores a fresh one; `per-launch` stores nothing.
 */
export function launchToken(dataDir: string, policy: TokenPolicy): string {
  if (policy === 'per-launch') return newToken();
  const file = join(dataDir, keptTokenFile);
  if (policy === 'kept' && existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (tokenShape.test(stored)) {
      // Someone loosened the file's mode: tighten it again rather than keep a readable key.
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return stored;
    }
  }
  const token = newToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}
