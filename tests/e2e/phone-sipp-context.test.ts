/**
 * What the centre's platform puts in the INVITE reaches the agent: sipp
 * calls the Chromium seat through Kamailio + rtpengine with caller-context
 * headers (X-Call-Uid, X-Queue, X-IVR-Path, X-Wait-Seconds, X-Caller-Area)
 * and a P-Asserted-Identity; the ringing screen shows them, and the agent's
 * reject reaches sipp as 486. Then auto-answer (Answer-Mode: Auto) with its
 * zip tone, the wrap-up countdown, and Not ready rejecting calls with 486.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRig, startSipp, type Rig } from '../rig/index.js';
import { screenshot } from './support/chromium.js';
import { hangUpEverything, startPhoneSeat, waitForStatus, type PhoneSeat } from './support/phone-seat.js';

describe('caller context and auto-answer from a sipp caller', () => {
  let rig: Rig;
  let seat: PhoneSeat;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-sipp-'));
    rig = await startRig();
    seat = await startPhoneSeat({
      kamailio: rig.kamailio,
      user: '1003',
      micHz: 440,
      workDir,
      profile: { autoAnswer: 'when-requested', wrapUpSeconds: 20 },
    });
    rig.defer(() => seat.stop());
  });

  afterEach(async () => {
    if (seat) await hangUpEverything(seat);
  });

  afterAll(async () => {
    await rig?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('shows the context headers on the ringing screen; reject sends 486', async () => {
    const sipp = await startSipp({
      scenario: 'uac-rejected',
      target: rig.kamailio.udpPort,
      callee: '1003',
      caller: '13800138000',
      uidPrefix: 'HL-2024-',
      headers: {
        'P-Asserted-Identity': '"王先生" <sip:+8613911112222@centre.test>',
        'X-Queue': '医保咨询',
        'X-IVR-Path': '1>3>2',
        'X-Wait-Seconds': '47',
        'X-Caller-Area': '<b>成都</b>',
      },
    });
    const { page } = seat;
    const ringing = page.getByTestId('incoming-call');
    await ringing.waitFor({ timeout: 10_000 });
    await expect(ringing.getByTestId('incoming-number').textContent()).resolves.toBe('+8613911112222');
    await expect(ringing.getByTestId('incoming-name').textContent()).resolves.toBe('王先生');
    const context = ringing.getByRole('definition');
    await expect(context.allTextContents()).resolves.toEqual(['HL-2024-1', '医保咨询', '1>3>2', '47', '<b>成都</b>']);
    await expect(ringing.getByRole('term').allTextContents()).resolves.toEqual(['呼叫编号', '队列', 'IVR 路径', '排队等待（秒）', '来电地区']);
    await screenshot(page, 'phone-ringing-context');

    await ringing.getByRole('button', { name: '拒接（忙）' }).click();
    const result = await sipp.done;
    expect(result.exitCode, result.stderr + result.errors).toBe(0);
    await expect(page.getByTestId('ended-call').first().textContent()).resolves.toBe('+8613911112222：已拒接 (486)');
  });

  it('answers by itself on Answer-Mode: Auto with a zip tone, then counts the wrap-up down', async () => {
    const { page } = seat;
    const tonesBefore = await page.evaluate(() => window.__hotseatMediaProbe!.tones().length);
    const sipp = await startSipp({
      scenario: 'uac-answered-caller-hangs-up',
      target: rig.kamailio.udpPort,
      callee: '1003',
      pauseMs: 1500,
      headers: { 'Answer-Mode': 'Auto' },
    });
    const card = page.getByTestId('call-card');
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 10_000 }).toBe('active');
    await expect(card.getByText('自动接听')).toBeTruthy();
    const tones = await page.evaluate((from) => window.__hotseatMediaProbe!.tones().slice(from), tonesBefore);
    expect(tones.filter((t) => t.kind === 'zip' && t.playing)).toHaveLength(1);
    // No ringtone for a call that answered itself at once.
    expect(tones.some((t) => t.kind === 'ring' && t.playing)).toBe(false);

    const result = await sipp.done;
    expect(result.exitCode, result.stderr + result.errors).toBe(0);
    console.log(`[phone e2e] auto-answer INVITE→200 OK: ${result.rttMs.join(', ')} ms`);

    // Wrap-up after the call: a countdown the agent can extend.
    const wrap = page.getByTestId('wrap-up');
    await wrap.waitFor({ timeout: 5000 });
    const seconds = () => wrap.locator('.wrap-up-remaining').textContent().then((t) => Number(/(\d+)/.exec(t ?? '')?.[1]));
    const before = await seconds();
    expect(before).toBeGreaterThan(10);
    expect(before).toBeLessThanOrEqual(20);
    await wrap.getByRole('button', { name: '延长 30 秒' }).click();
    await expect.poll(seconds).toBeGreaterThan(before + 20);
    await screenshot(page, 'phone-wrap-up');
    await wrap.getByRole('button', { name: '立即就绪' }).click();
    await waitForStatus(seat.contract, (s) => s.agent.state === 'ready', 5000);
    await expect.poll(() => page.getByTestId('wrap-up').count()).toBe(0);
  });

  it('rejects calls with 486 while the agent is Not ready', async () => {
    const { page } = seat;
    await page.getByLabel('未就绪原因').selectOption('meal');
    await page.getByRole('button', { name: '未就绪', exact: true }).click();
    await waitForStatus(seat.contract, (s) => s.agent.state === 'not-ready' && s.agent.reason === 'meal', 5000);
    await expect(page.getByRole('button', { name: '未就绪（用餐）' }).getAttribute('aria-pressed')).resolves.toBe('true');

    const sipp = await startSipp({ scenario: 'uac-rejected', target: rig.kamailio.udpPort, callee: '1003' });
    const result = await sipp.done;
    expect(result.exitCode, result.stderr + result.errors).toBe(0);
    await expect(page.getByTestId('incoming-call').count()).resolves.toBe(0);
    await expect.poll(() => page.getByTestId('ended-call').first().getAttribute('data-reason')).toBe('not-ready');

    await page.getByRole('button', { name: '就绪', exact: true }).click();
    await waitForStatus(seat.contract, (s) => s.agent.state === 'ready', 5000);
  });
});
