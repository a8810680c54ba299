/**
 * Provisioning and settings transfer through the built browser-mode host in
 * Chromium: a seat started with `--provision FILE --seat-code 07` takes its
 * values from the centre's document and says so in the settings; its
 * settings exported as a file are imported at a second, fresh seat.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ChromiumParty } from './support/chromium.js';
import { connectContract } from './support/contract-client.js';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process.js';

describe('provisioning and settings export/import in the browser-mode host', () => {
  let dir: string;
  let centre: WebHostProcess | undefined;
  let fresh: WebHostProcess | undefined;
  let browser: ChromiumParty;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-prov-'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await centre?.stop({ removeData: true });
    await fresh?.stop({ removeData: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the centre document by seat code, shows it, exports the settings and imports them at another seat', async () => {
    const file = join(dir, 'seats.json');
    writeFileSync(
      file,
      JSON.stringify({
        hotseat: 'provisioning/1',
        revision: 4,
        profile: { agentNumber: '1', sipServers: ['ws://127.0.0.1:9/ws'], sipUri: 'sip:1000@sip.test', wrapUpSeconds: 45, surveyMode: 'off' },
        seats: { '07': { agentNumber: '1107', sipUri: 'sip:1107@sip.test' } },
      }),
    );
    centre = await startWebHostProcess({ args: ['--port', '0', '--provision', file, '--seat-code', '07'] });
    const { page } = browser;
    await page.goto(centre.url);
    await page.getByRole('button', { name: '设置', exact: true }).click();
    await expect.poll(() => page.getByTestId('provisioning-status').textContent()).toContain(`集中配置：${file}，已应用第 4 版。`);
    await expect(page.getByLabel('SIP 地址').inputValue()).resolves.toBe('sip:1107@sip.test');
    await expect(page.getByTestId('seat-code').inputValue()).resolves.toBe('07');

    const download = page.waitForEvent('download');
    await page.getByTestId('settings-export').click();
    const exported = join(dir, (await download).suggestedFilename());
    await (await download).saveAs(exported);
    const document = JSON.parse(readFileSync(exported, 'utf8')) as { profile: Record<string, unknown> };
    expect(document.profile).toMatchObject({ sipUri: 'sip:1107@sip.test', wrapUpSeconds: 45 });
    expect(document.profile).not.toHaveProperty('microphoneId');

    // A second seat, never configured, takes the file.
    fresh = await startWebHostProcess();
    await page.goto(fresh.url);
    await page.getByRole('button', { name: '打开设置' }).click();
    await page.getByTestId('settings-import-file').setInputFiles(exported);
    await expect.poll(() => page.getByTestId('settings-transfer').textContent()).toBe('已导入设置文件。');
    const contract = await connectContract(fresh);
    try {
      await expect(contract.call('getProfile', {})).resolves.toMatchObject({ sipUri: 'sip:1107@sip.test', wrapUpSeconds: 45 });
    } finally {
      contract.close();
    }

    // A file that is not a settings document is refused, and nothing changes.
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ profile: { sipUri: 'nope' } }));
    await page.getByTestId('settings-import-file').setInputFiles(bad);
    await expect.poll(() => page.getByTestId('settings-transfer').textContent()).toMatch(/^未能导出\/导入：not a Hotseat settings file/);
  });
});
