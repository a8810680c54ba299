/**
 * The walking skeleton end to end: the built browser-mode host, Debian
 * Chromium, the real core and SQLite. An agent opens the seat, enters the
 * settings, sees a bad SIP URI rejected in place without losing what was
 * typed, saves a good one, reloads and restarts: it is still there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, type ChromiumParty } from './support/chromium.js';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process.js';

describe('seat settings in the browser-mode host', () => {
  let host: WebHostProcess;
  let browser: ChromiumParty;

  beforeAll(async () => {
    host = await startWebHostProcess();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop({ removeData: true });
  });

  it('validates in place, saves, and survives a reload and a host restart', async () => {
    const { page } = browser;
    await page.goto(host.url);

    // A fresh seat says it is not configured and offers the settings.
    await page.getByTestId('desk-unconfigured').waitFor();
    await expect(page.getByTestId('registration-state').textContent()).resolves.toContain('注册');
    await page.getByRole('button', { name: '打开设置' }).click();
    await page.getByRole('heading', { name: '坐席设置' }).waitFor();

    await page.getByLabel('座席号').fill('1007');
    await page.getByLabel('SIP 服务器').fill('ws://127.0.0.1:9/ws\nwss://backup.sip.test:7443/ws');
    await page.getByLabel('SIP 地址').fill('1007 at sip.test');
    await page.getByLabel('SIP 密码').fill('s3cret-pw');
    await page.getByRole('button', { name: '保存', exact: true }).click();

    // The bad field says why, in place; nothing typed is lost.
    const sipUri = page.getByLabel('SIP 地址');
    await page.getByText('SIP 地址格式应为 sip:1001@example.org。').waitFor();
    await expect(sipUri.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByTestId('save-state').textContent()).resolves.toContain('有 1 项需要修改');
    await expect(page.getByLabel('座席号').inputValue()).resolves.toBe('1007');
    await expect(page.getByLabel('SIP 密码').inputValue()).resolves.toBe('s3cret-pw');
    await screenshot(page, 'settings-validation-error');

    await sipUri.fill('sip:1007@sip.test');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByTestId('save-state').getByText('已保存').waitFor();
    await expect(sipUri.getAttribute('aria-invalid')).resolves.toBe('false');
    await expect(page.getByLabel('SIP 密码').getAttribute('placeholder')).resolves.toBe('已保存（留空保持不变）');

    // Reload: the core still has it.
    await page.reload();
    await page.getByText('Hotseat 坐席 · 1007').waitFor();
    await page.getByRole('button', { name: '设置' }).click();
    await expect(page.getByLabel('SIP 地址').inputValue()).resolves.toBe('sip:1007@sip.test');
    await expect(page.getByLabel('SIP 服务器').inputValue()).resolves.toBe('ws://127.0.0.1:9/ws\nwss://backup.sip.test:7443/ws');

    // No CSP violation, no failed load, no script error so far.
    expect(browser.errors()).toEqual([]);

    // Restart the host on the same data folder: a new launch token, same seat.
    const dataDir = host.dataDir;
    const oldSocket = `ws://127.0.0.1:${host.port}/`;
    await host.stop();
    host = await startWebHostProcess({ dataDir });
    await page.goto(host.url);
    await page.getByRole('button', { name: '设置' }).click();
    await expect(page.getByLabel('座席号').inputValue()).resolves.toBe('1007');
    await expect(page.getByLabel('SIP 密码').getAttribute('placeholder')).resolves.toBe('已保存（留空保持不变）');
    await screenshot(page, 'settings-saved');

    // Chromium itself logs the old page's reconnect attempts to the stopped
    // host; anything else would be a real error.
    expect(browser.errors().filter((e) => !e.includes(oldSocket))).toEqual([]);
  });

  it('refuses to run without the launch token and says how to open it', async () => {
    const { page } = browser;
    await page.goto(host.origin + '/');
    await page.getByText('缺少启动令牌').waitFor();
  });
});
