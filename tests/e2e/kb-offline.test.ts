/**
 * Offline knowledge base end to end: the built browser-mode host, Debian
 * Chromium, a centre publishing with kb:publish behind a real HTTP server.
 * The agent sets the KB URL in the settings, the seat syncs (progress bar,
 * then "版本 1"), the centre goes away, "立即同步" turns the badge to
 * offline — and a 2-character query still finds the synced articles.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishKb } from '../../main/cli/publish/publish-kb.js';
import { startKbFeedServer, type KbFeedServer } from '../node/kb/sync-support/kb-feed-server.js';
import { article, articles, contact, writeJsonl } from '../node/kb/sync-support/kb-records.js';
import { launchChromium, screenshot, type ChromiumParty } from './support/chromium.js';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

async function fillRequiredSettings(page: Page, kbUrl: string): Promise<void> {
  await page.getByRole('button', { name: '设置', exact: true }).click();
  await page.getByLabel('座席号').fill('1008');
  await page.getByLabel('SIP 服务器').fill('ws://127.0.0.1:9/ws');
  await page.getByLabel('SIP 地址').fill('sip:1008@sip.test');
  await page.getByLabel('知识库发布地址').fill(kbUrl);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByTestId('save-state').getByText('已保存').waitFor();
}

describe('offline knowledge base in Chromium', () => {
  let host: WebHostProcess;
  let browser: ChromiumParty;
  let centre: KbFeedServer;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hotseat-e2e-kb-'));
    const source = join(work, 'centre.jsonl');
    writeJsonl(source, [
      ...articles(300),
      article('tick-bite', { title: '蜱虫叮咬后怎么处理', summary: '不要硬拔，尽快就医取出。', category: '传染病' }),
      article('tick-found', { title: '在草地发现蜱虫怎么办', summary: '做好防护，回家检查全身。', category: '传染病' }),
      contact('cdc', '市疾控中心', '12320-1'),
    ]);
    const published = await publishKb({ source, outDir: join(work, 'site') });
    expect(published.ok).toBe(true);
    centre = await startKbFeedServer({ root: join(work, 'site') });
    // Hold the snapshot back a moment so the progress bar can be seen.
    centre.setFault(async ({ path }) => {
      if (path === 'snapshot.ndjson.gz') await new Promise((done) => setTimeout(done, 1500));
      return false;
    });
    host = await startWebHostProcess();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop({ removeData: true });
    await centre?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('syncs from the centre, then keeps answering 2-character queries with the centre gone', async () => {
    const { page } = browser;
    await page.goto(host.url);
    const kbState = page.getByTestId('kb-state');
    await expect(kbState.textContent()).resolves.toContain('知识库');

    await fillRequiredSettings(page, centre.url);

    // Saving the KB URL starts a sync: the progress bar shows, then the version.
    await page.getByTestId('kb-sync-progress').waitFor({ timeout: 10_000 });
    await screenshot(page, 'kb-sync-progress');
    await page.getByTestId('kb-state').getByText(/版本 1 · (刚刚|\d+ 分钟前)同步/).waitFor({ timeout: 30_000 });
    expect(centre.paths()).toContain('snapshot.ndjson.gz');

    // The centre goes away; the agent asks for a sync: offline badge, cache kept.
    await centre.stop();
    await page.getByTestId('kb-sync-now').click();
    await page.getByTestId('kb-state').getByText('离线 · 上次同步 刚刚').waitFor({ timeout: 30_000 });
    await expect(kbState.getAttribute('class')).resolves.toContain('status-kb-offline');
    await expect(kbState.getAttribute('title')).resolves.toMatch(/ECONNREFUSED|无法连接/);

    // Two characters typed at the desk find the synced articles.
    await page.getByRole('button', { name: '工作台', exact: true }).click();
    await screenshot(page, 'kb-offline-desk');
    // Keyboard first, as an agent on a call: F3 focuses the search box from anywhere.
    await page.keyboard.press('F3');
    const search = page.getByRole('combobox', { name: '搜索知识库' });
    await expect(search.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.type('蜱虫');
    await expect(search.inputValue()).resolves.toBe('蜱虫');
    await page.getByText('蜱虫叮咬后怎么处理').first().waitFor({ timeout: 5_000 });
    await page.getByText('在草地发现蜱虫怎么办').first().waitFor();
    await screenshot(page, 'kb-offline');

    expect(browser.errors()).toEqual([]);
  });
});
