/**
 * A kiosk seat in browser mode: with `--keep-token` on a fixed port, the page
 * that is already open reconnects by itself after the host restarts (a
 * supervisor restarting it, a crash) — nobody has to paste a new address. A
 * page holding a token that was renewed is shut out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../rig/ports.js';
import { launchChromium, type ChromiumParty } from './support/chromium.js';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process.js';

describe('kiosk seat: kept token', () => {
  let browser: ChromiumParty;
  let host: WebHostProcess | undefined;
  let dataDir = '';
  let port = 0;

  beforeAll(async () => {
    browser = await launchChromium();
    port = await freePort();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop({ removeData: true });
  });

  it('reconnects the open page after a host restart, and not after the token is renewed', async () => {
    host = await startWebHostProcess({ args: ['--port', String(port), '--keep-token'] });
    dataDir = host.dataDir;
    const firstUrl = host.url;
    const { page } = browser;
    await page.goto(firstUrl);
    await page.getByTestId('registration-state').waitFor();
    await expect(page.getByTestId('connection-state').count()).resolves.toBe(0);

    await host.stop();
    await page.getByTestId('connection-state').waitFor();

    host = await startWebHostProcess({ dataDir, args: ['--port', String(port), '--keep-token'] });
    expect(host.url).toBe(firstUrl);
    // The same page, never reloaded, is back on its own.
    await page.getByTestId('connection-state').waitFor({ state: 'detached', timeout: 15_000 });

    await host.stop();
    host = await startWebHostProcess({ dataDir, args: ['--port', String(port), '--new-token'] });
    expect(host.url).not.toBe(firstUrl);
    // The old page keeps knocking with the old key and stays shut out.
    await page.waitForTimeout(3000);
    await expect(page.getByTestId('connection-state').count()).resolves.toBe(1);
  });
});
