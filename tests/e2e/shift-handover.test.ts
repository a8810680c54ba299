/**
 * A seat used by two agents in turn, in Chromium through the browser-mode
 * host with the rig: agent A (1059 张三) signs in at the seat, takes two
 * calls from sipp (the greeting script reads "1059号"), promises a callback
 * in the wrap-up, writes the handover note and signs out; agent B (1060 王五)
 * signs in and sees the note and its open items — across a reload — until
 * acknowledging it; the shift view shows A's two calls and its chart
 * renders (screenshot in test-output/shift-view.png); so does the view of
 * the day.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, startSipp, type Rig } from '../rig/index.js';
import { screenshot } from './support/chromium.js';
import { startPhoneSeat, waitForStatus, type PhoneSeat } from './support/phone-seat.js';

describe('agents in turn at one seat: sign-in, calls, handover, shift view', () => {
  let rig: Rig;
  let seat: PhoneSeat;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-shift-'));
    rig = await startRig();
    seat = await startPhoneSeat({
      kamailio: rig.kamailio,
      user: '1005',
      micHz: 440,
      workDir,
      profile: { autoAnswer: 'when-requested', wrapUpSeconds: 0 },
    });
  });

  afterAll(async () => {
    await seat?.stop().catch(() => {});
    await rig?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const signIn = async (agentNo: string, name: string) => {
    const form = seat.page.getByTestId('sign-in');
    await form.waitFor({ timeout: 10_000 });
    await form.getByLabel('工号', { exact: true }).fill(agentNo);
    await form.getByLabel('姓名', { exact: true }).fill(name);
    await form.getByRole('button', { name: '签入' }).click();
    await expect.poll(() => seat.page.getByTestId('agent-signed-in').textContent()).toBe(`话务员：${agentNo} ${name}`);
  };

  const takeCall = async (caller: string) => {
    const sipp = await startSipp({
      scenario: 'uac-answered-caller-hangs-up',
      target: rig.kamailio.udpPort,
      callee: '1005',
      caller,
      pauseMs: 2_000,
      headers: { 'Answer-Mode': 'Auto' },
    });
    await expect.poll(() => seat.page.getByTestId('call-card').getAttribute('data-state'), { timeout: 10_000 }).toBe('active');
    // The scripts follow the call: the greeting first, with the signed-in agent's number.
    const scripts = seat.page.getByTestId('script-list');
    await expect.poll(() => scripts.getAttribute('data-phase')).toBe('greeting');
    await expect(scripts.getByTestId('script-text').first().textContent()).resolves.toContain('1059号话务员为您服务');
    const result = await sipp.done;
    expect(result.exitCode, result.stderr + result.errors).toBe(0);
    await waitForStatus(seat.contract, (s) => s.agent.state === 'ready', 10_000);
  };

  it('hands the shift from A to B with the note and its open items, and shows A’s calls charted', async () => {
    const { page } = seat;
    // Nobody signed in yet: the desk asks, the status bar says so.
    await expect.poll(() => page.getByTestId('agent-signed-in').textContent()).toBe('话务员：未签入');
    await signIn('1059', '张三');
    await expect.poll(() => page.title()).toBe('Hotseat 坐席 · 1005 · 1059 张三');

    await takeCall('13800138000');
    await takeCall('13900139000');

    // The first call's wrap-up promised a callback in an hour (as the wrap-up form saves it).
    const { calls } = await seat.contract.call('getPhoneState', {});
    expect(calls).toEqual([]);
    const records = await seat.contract.call('listCallRecords', { limit: 5 });
    expect(records).toHaveLength(2);
    const first = records.at(-1)!;
    const due = new Date(Date.now() + 3_600_000).toISOString();
    await seat.contract.call('saveWrapUpDraft', { callId: first.callId, patch: { category: '咨询', outcome: 'callback', outcomeDetail: due, notes: '疫苗到货后回电' } });
    await seat.contract.call('completeWrapUp', { callId: first.callId });

    // A writes the handover note (saved as typed) and signs out.
    await page.getByTestId('open-handover').click();
    const note = '13800138000 问的九价疫苗，到货后回电；系统下午慢，已报修。';
    await page.getByTestId('handover-input').fill(note);
    await expect.poll(async () => (await seat.contract.call('getShiftState', {})).draft?.text, { timeout: 5_000 }).toBe(note);
    await page.getByTestId('sign-out').click();
    await expect.poll(() => page.getByTestId('agent-signed-in').textContent()).toBe('话务员：未签入');

    // The centre sets B's PIN at the seat (settings → 话务员 PIN); B's sign-in then needs it.
    await page.getByRole('button', { name: '设置', exact: true }).click();
    await page.getByTestId('agent-pin-no').fill('1060');
    await page.getByTestId('agent-pin-name').fill('王五');
    await page.getByTestId('agent-pin-pin').fill('2468');
    await page.getByTestId('agent-pin-save').click();
    await expect.poll(() => page.getByTestId('agent-pin-outcome').textContent()).toBe('已保存：工号 1060 签入需要 PIN。');
    await page.getByRole('button', { name: '工作台', exact: true }).click();
    const form = page.getByTestId('sign-in');
    await form.getByLabel('工号', { exact: true }).fill('1060');
    await form.getByLabel('姓名', { exact: true }).fill('王五');
    await form.getByRole('button', { name: '签入' }).click();
    await form.getByText('该工号需要 PIN 才能签入。').waitFor({ timeout: 5_000 });
    await form.getByLabel('PIN（如中心已设置）').fill('2468');

    // B signs in and sees A's note and the promised callback, until acknowledging it.
    await signIn('1060', '王五');
    const notice = page.getByTestId('handover-notice');
    await notice.waitFor();
    await expect(notice.getByTestId('handover-text').textContent()).resolves.toBe(note);
    await expect(notice.getByTestId('open-items').textContent()).resolves.toContain('回访 13800138000');
    await expect(notice.textContent()).resolves.toContain('1059 张三');
    await screenshot(page, 'shift-handover-notice');
    await page.reload();
    await page.getByTestId('handover-notice').waitFor({ timeout: 10_000 });
    await page.getByTestId('acknowledge-handover').click();
    await expect.poll(() => page.getByTestId('handover-notice').count()).toBe(0);
    await page.reload();
    await page.getByTestId('phone-panel').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('agent-signed-in').textContent()).toBe('话务员：1060 王五');
    expect(await page.getByTestId('handover-notice').count()).toBe(0);

    // The shift view: A's shift has the two calls, charted.
    const shifts = await seat.contract.call('listShifts', { limit: 5 });
    const shiftA = shifts.find((s) => s.agentNo === '1059')!;
    await page.getByRole('button', { name: '班次', exact: true }).click();
    await page.getByTestId('shift-select').selectOption(shiftA.id);
    await expect.poll(() => page.getByTestId('figure-calls').locator('dd').textContent()).toBe('2');
    await expect(page.getByTestId('figure-answered').locator('dd').textContent()).resolves.toBe('2');
    await expect(page.getByTestId('figure-satisfaction').locator('dd').textContent()).resolves.toBe('—');
    await expect(page.getByTestId('shift-range').textContent()).resolves.toContain('1059 张三');
    const chart = page.getByTestId('chart-calls-per-hour');
    await expect.poll(() => chart.locator('svg path').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('chart-categories').locator('svg').count()).resolves.toBe(1);
    await screenshot(page, 'shift-view');

    // A's shift exported from the view: UTF-8 with BOM, a header and A's two calls.
    const download = page.waitForEvent('download');
    await page.getByTestId('shift-export-csv').click();
    const file = join(workDir, (await download).suggestedFilename());
    await (await download).saveAs(file);
    const csv = readFileSync(file);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8').trim().split(/\r?\n/)).toHaveLength(3);
    await expect.poll(() => page.getByTestId('shift-exported').textContent()).toBe('已导出 2 条记录。');

    // The same view for a chosen day: today holds A's two calls too.
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await page.getByTestId('shift-day').fill(today);
    await expect.poll(() => page.getByTestId('shift-range').textContent()).not.toContain('1059 张三');
    await expect(page.getByTestId('figure-calls').locator('dd').textContent()).resolves.toBe('2');
    await expect.poll(() => chart.locator('svg path').count()).toBeGreaterThan(0);
    expect(seat.browser.errors()).toEqual([]);
  }, 120_000);
});
