/**
 * Debian Chromium driven by playwright-core, one process per party with a
 * fresh profile (the fake microphone file is per process). Flags measured in
 * RIG-NOTES.md: loopback ICE needs --allow-loopback-in-peer-connection.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './web-host-process.js';

export const chromiumPath = '/usr/bin/chromium';
export const testOutputDir = join(repoRoot, 'test-output');

export interface ChromiumParty {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and page errors seen so far. */
  errors(): string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Absolute path of a WAV the fake microphone plays (loops). */
  readonly fakeMicWav?: string;
  readonly viewport?: { width: number; height: number };
}

export async function launchChromium(options: LaunchOptions = {}): Promise<ChromiumParty> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: install Debian's chromium package (apt-get install chromium)`);
  }
  const profileDir = mkdtempSync(join(tmpdir(), 'hotseat-chromium-'));
  const args = [
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
    ...(options.fakeMicWav ? [`--use-file-for-fake-audio-capture=${options.fakeMicWav}`] : []),
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args,
    viewport: options.viewport ?? { width: 1280, height: 860 },
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    context,
    page,
    errors: () => [...errors],
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot under test-output/ (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(testOutputDir, { recursive: true });
  const path = join(testOutputDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
