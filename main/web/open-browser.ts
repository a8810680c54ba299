/**
 * Opens the seat in a Chromium-family browser as an app window (no address
 * bar or tabs) or full-screen kiosk, with its own profile in the seat's data
 * folder so the microphone permission, once granted, is remembered.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type BrowserWindowMode = 'app' | 'kiosk';

/** Browsers tried in order when none is named. */
export const browserCandidates = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

/** The first candidate on PATH (or the one named), or null. */
export function findBrowser(named?: string, path = process.env.PATH ?? ''): string | null {
  const names = named ? [named] : browserCandidates;
  for (const name of names) {
    if (name.includes('/')) {
      try {
        accessSync(name, constants.X_OK);
        return name;
      } catch {
        continue;
      }
    }
    for (const dir of path.split(delimiter)) {
      if (!dir) continue;
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not in this folder
      }
    }
  }
  return null;
}

/** Command-line arguments for the seat window. */
export function browserArguments(url: string, mode: BrowserWindowMode, profileDir: string): string[] {
  return [
    `--user-data-dir=${profileDir}`,
    `--app=${url}`,
    ...(mode === 'kiosk' ? ['--kiosk'] : []),
    '--no-first-run',
    '--no-default-browser-check',
    // The ringtone must sound before the agent has clicked anything.
    '--autoplay-policy=no-user-gesture-required',
  ];
}

/** Starts the browser detached from the host; returns its pid. */
export function openSeatWindow(options: { url: string; mode: BrowserWindowMode; dataDir: string; browser?: string }): number {
  const browser = findBrowser(options.browser);
  if (!browser) {
    throw new Error(
      `no Chromium-family browser found (tried ${options.browser ?? browserCandidates.join(', ')}): install chromium, or name one with --browser PATH`,
    );
  }
  const profileDir = join(options.dataDir, 'browser-profile');
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  const child = spawn(browser, browserArguments(options.url, options.mode, profileDir), { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid ?? -1;
}
