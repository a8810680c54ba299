/**
 * Two Chromium seats, each with its own browser-mode host, data folder,
 * browser profile, fake microphone and SIP registration, through the real
 * Kamailio + rtpengine:
 *
 * - seat 1001 dials seat 1002; audio both ways by frequency (440 Hz / 660 Hz
 *   through each seat's AnalyserNode); 1001 holds: both directions go silent;
 *   resume brings both back; 1002 hangs up;
 * - baresip calls 1001, the agent transfers it blind to 1002: 1002 rings,
 *   answers, and baresip and 1002 hear each other;
 * - attended: 1001 consults 1002 (the caller waits on hold, 1001 and 1002
 *   talk), then completes: the caller receives a REFER whose target carries
 *   Replaces for the consult call. (baresip 1.0 dials that target but sends
 *   no Replaces header, so the hand-over itself cannot be finished with it.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBaresip, startRig, type BaresipHandle, type Rig } from '../rig/index.js';
import { waitUntilCallerHears, waitUntilSeatHears, waitUntilSeatQuiet } from './support/audio-check.js';
import { screenshot } from './support/chromium.js';
import { hangUpEverything, startPhoneSeat, type PhoneSeat } from './support/phone-seat.js';

const hz1001 = 440;
const hz1002 = 660;
const callerHz = 1000;

describe('two seats', () => {
  let rig: Rig;
  let a: PhoneSeat;
  let b: PhoneSeat;
  let caller: BaresipHandle;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-seats-'));
    rig = await startRig();
    [a, b] = await Promise.all([
      // Hang-up ends the call here (no in-call survey: see survey-*.test.ts).
      startPhoneSeat({ kamailio: rig.kamailio, user: '1001', micHz: hz1001, workDir, profile: { surveyMode: 'off' } }),
      startPhoneSeat({ kamailio: rig.kamailio, user: '1002', micHz: hz1002, workDir, profile: { surveyMode: 'off' } }),
    ]);
    rig.defer(() => a.stop());
    rig.defer(() => b.stop());
    caller = await startBaresip({ kamailio: rig.kamailio, user: '13900139000', register: false, toneHz: callerHz });
    rig.defer(() => caller.stop());
  });

  afterEach(async () => {
    if (a) await hangUpEverything(a);
    if (b) await hangUpEverything(b);
  });

  afterAll(async () => {
    await rig?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('seat calls seat; hold silences both directions and resume restores both', async () => {
    await a.page.getByTestId('dialer').getByLabel('号码或 SIP 地址').fill('1002');
    await a.page.getByTestId('dialer').getByRole('button', { name: '呼叫' }).click();
    const ringing = b.page.getByTestId('incoming-call');
    await ringing.waitFor({ timeout: 10_000 });
    await expect(ringing.getByTestId('incoming-number').textContent()).resolves.toBe('1001');
    await expect.poll(() => a.page.getByTestId('call-card').getAttribute('data-state')).toBe('alerting');
    await ringing.getByRole('button', { name: '接听' }).click();

    const cardA = a.page.getByTestId('call-card');
    await expect.poll(() => cardA.getAttribute('data-state')).toBe('active');
    const aHears = await waitUntilSeatHears(a.page, hz1002, { timeoutMs: 10_000 });
    const bHears = await waitUntilSeatHears(b.page, hz1001, { timeoutMs: 10_000 });

    await cardA.getByRole('button', { name: '保持' }).click();
    await expect.poll(() => cardA.getAttribute('data-held')).toBe('true');
    const aOnHold = await waitUntilSeatQuiet(a.page, hz1002, { maxDb: -60 });
    const bOnHold = await waitUntilSeatQuiet(b.page, hz1001, { maxDb: -60 });
    await screenshot(a.page, 'phone-seat-to-seat-held');

    await cardA.getByRole('button', { name: '恢复' }).click();
    await expect.poll(() => cardA.getAttribute('data-held')).toBe('false');
    const aResumed = await waitUntilSeatHears(a.page, hz1002, { timeoutMs: 8000 });
    const bResumed = await waitUntilSeatHears(b.page, hz1001, { timeoutMs: 8000 });
    console.log(
      `[phone e2e] seat↔seat: 1001 hears ${hz1002} Hz ${aHears.levelDb.toFixed(1)} dB → hold ${aOnHold?.levelDb.toFixed(1) ?? 'none'} → resume ${aResumed.levelDb.toFixed(1)}; ` +
        `1002 hears ${hz1001} Hz ${bHears.levelDb.toFixed(1)} dB → hold ${bOnHold?.levelDb.toFixed(1) ?? 'none'} → resume ${bResumed.levelDb.toFixed(1)}`,
    );

    await b.page.getByTestId('call-card').getByRole('button', { name: '挂断' }).click();
    await expect.poll(() => a.page.getByTestId('call-card').count(), { timeout: 10_000 }).toBe(0);
    await expect(a.page.getByTestId('ended-call').first().textContent()).resolves.toBe('1002：通话结束 · 对方挂断');
  });

  it('shows a second call while on a call; answering it holds the first', async () => {
    const mark = await caller.dial(rig.kamailio.uri('1001'));
    await a.page.getByTestId('incoming-call').getByRole('button', { name: '接听' }).click();
    await caller.waitForEvent('CALL_ESTABLISHED', { from: mark, timeoutMs: 10_000 });
    const first = a.page.getByTestId('call-card');
    const firstId = (await first.getAttribute('data-call-id'))!;
    await waitUntilSeatHears(a.page, callerHz, { timeoutMs: 10_000, sessionId: firstId });

    // Seat 1002 calls 1001, who is busy talking: call waiting, not a ringtone.
    await b.page.getByTestId('dialer').getByLabel('号码或 SIP 地址').fill('1001');
    await b.page.getByTestId('dialer').getByRole('button', { name: '呼叫' }).click();
    const waiting = a.page.getByTestId('incoming-call');
    await waiting.waitFor({ timeout: 10_000 });
    await expect(waiting.getByRole('heading').textContent()).resolves.toBe('通话等待：新来电');
    await expect(waiting.getByTestId('incoming-number').textContent()).resolves.toBe('1002');
    const tones = await a.page.evaluate(() => window.__hotseatMediaProbe!.tones());
    expect(tones.filter((t) => t.kind === 'call-waiting').at(-1)?.playing).toBe(true);
    await screenshot(a.page, 'phone-call-waiting');

    await waiting.getByRole('button', { name: '接听（保持当前通话）' }).click();
    const cards = a.page.getByTestId('call-card');
    await expect.poll(() => cards.count()).toBe(2);
    const firstCard = a.page.locator(`[data-testid="call-card"][data-call-id="${firstId}"]`);
    await expect.poll(() => firstCard.getAttribute('data-held')).toBe('true');
    const secondId = (await cards.nth(1).getAttribute('data-call-id'))!;
    expect(secondId).not.toBe(firstId);
    await waitUntilSeatHears(a.page, hz1002, { timeoutMs: 10_000, sessionId: secondId });
    await waitUntilSeatHears(b.page, hz1001, { timeoutMs: 10_000 });
    await waitUntilSeatQuiet(a.page, callerHz, { maxDb: -60, sessionId: firstId });
    await screenshot(a.page, 'phone-call-waiting-answered');

    // The second call ends; the agent resumes the first and hears the caller again.
    await b.page.getByTestId('call-card').getByRole('button', { name: '挂断' }).click();
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(1);
    await firstCard.getByRole('button', { name: '恢复' }).click();
    await expect.poll(() => firstCard.getAttribute('data-held')).toBe('false');
    await waitUntilSeatHears(a.page, callerHz, { timeoutMs: 8000, sessionId: firstId });
    await firstCard.getByRole('button', { name: '挂断' }).click();
    await caller.waitForEvent('CALL_CLOSED', { from: mark, timeoutMs: 10_000 });
  });

  it('transfers a caller blind to the second seat', async () => {
    const mark = await caller.dial(rig.kamailio.uri('1001'));
    const ringing = a.page.getByTestId('incoming-call');
    await ringing.waitFor({ timeout: 10_000 });
    await ringing.getByRole('button', { name: '接听' }).click();
    await caller.waitForEvent('CALL_ESTABLISHED', { from: mark, timeoutMs: 10_000 });
    await waitUntilSeatHears(a.page, callerHz, { timeoutMs: 10_000 });

    const card = a.page.getByTestId('call-card');
    await card.getByRole('button', { name: '转接' }).click();
    const form = card.getByTestId('transfer-form');
    await form.getByLabel('转接到（号码或 SIP 地址）').fill('1002');
    await screenshot(a.page, 'phone-transfer-form');
    const beforeTransfer = caller.mark();
    await form.getByRole('button', { name: '直接转接' }).click();

    // The caller follows the REFER to seat 1002, which rings with the caller's number.
    const ringingB = b.page.getByTestId('incoming-call');
    await ringingB.waitFor({ timeout: 10_000 });
    await expect(ringingB.getByTestId('incoming-number').textContent()).resolves.toBe('13900139000');
    await expect.poll(() => a.page.getByTestId('call-card').count(), { timeout: 10_000 }).toBe(0);
    await expect(a.page.getByTestId('ended-call').first().getAttribute('data-reason')).resolves.toBe('transferred');

    await ringingB.getByRole('button', { name: '接听' }).click();
    await caller.waitForEvent('CALL_ESTABLISHED', { from: beforeTransfer, timeoutMs: 10_000 });
    await waitUntilSeatHears(b.page, callerHz, { timeoutMs: 10_000 });
    await waitUntilCallerHears(b.page, caller, hz1002, { timeoutMs: 10_000 });
    await screenshot(b.page, 'phone-transferred-answered');

    await caller.hangup();
    await expect.poll(() => b.page.getByTestId('call-card').count(), { timeout: 10_000 }).toBe(0);
    expect(a.browser.errors()).toEqual([]);
    expect(b.browser.errors()).toEqual([]);
  });

  it('attended transfer: consults the second seat while the caller waits, then refers the caller with Replaces', async () => {
    const mark = await caller.dial(rig.kamailio.uri('1001'));
    await a.page.getByTestId('incoming-call').getByRole('button', { name: '接听' }).click();
    await caller.waitForEvent('CALL_ESTABLISHED', { from: mark, timeoutMs: 10_000 });
    const original = a.page.getByTestId('call-card');
    const originalId = (await original.getAttribute('data-call-id'))!;

    await original.getByRole('button', { name: '转接' }).click();
    await original.getByLabel('转接到（号码或 SIP 地址）').fill('1002');
    await original.getByRole('button', { name: '先咨询再转' }).click();
    await b.page.getByTestId('incoming-call').getByRole('button', { name: '接听' }).click();

    const originalCard = a.page.locator(`[data-testid="call-card"][data-call-id="${originalId}"]`);
    await expect.poll(() => originalCard.getAttribute('data-held')).toBe('true');
    await expect(originalCard.getByTestId('call-transfer').textContent()).resolves.toBe('咨询通话：1002');
    const consultCard = a.page.locator(`[data-testid="call-card"]:not([data-call-id="${originalId}"])`);
    await expect(consultCard.getByTestId('call-transfer').textContent()).resolves.toBe('来电 13900139000 正在等待转接');
    const consultId = (await consultCard.getAttribute('data-call-id'))!;
    // The agents talk; the caller hears neither.
    await waitUntilSeatHears(b.page, hz1001, { timeoutMs: 10_000 });
    await waitUntilSeatHears(a.page, hz1002, { timeoutMs: 10_000, sessionId: consultId });
    await waitUntilSeatQuiet(a.page, callerHz, { maxDb: -60, sessionId: originalId });
    await screenshot(a.page, 'phone-consult');

    const referMark = caller.mark();
    await consultCard.getByRole('button', { name: '完成转接' }).click();
    const transfer = await caller.waitForEvent('TRANSFER', { from: referMark, timeoutMs: 10_000 });
    expect(transfer.param ?? '').toMatch(/sip:1002@sip\.test\?Replaces=/);
  });
});
