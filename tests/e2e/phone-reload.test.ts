/**
 * A reload of the seat's page mid-call does not drop the call (issue 11
 * item 3): the core keeps the SIP dialog, the reloaded page's media engine
 * attaches again, and the core re-INVITEs with its fresh offer. Two
 * Chromium seats through the real Kamailio + rtpengine; audio both ways by
 * frequency before and after the reload.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../rig/index.js';
import { waitUntilSeatHears } from './support/audio-check.js';
import { hangUpEverything, startPhoneSeat, type PhoneSeat } from './support/phone-seat.js';

const hz1001 = 440;
const hz1002 = 660;

describe('reloading the seat page mid-call', () => {
  let rig: Rig;
  let a: PhoneSeat;
  let b: PhoneSeat;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-reload-'));
    rig = await startRig();
    [a, b] = await Promise.all([
      startPhoneSeat({ kamailio: rig.kamailio, user: '1001', micHz: hz1001, workDir }),
      startPhoneSeat({ kamailio: rig.kamailio, user: '1002', micHz: hz1002, workDir }),
    ]);
    rig.defer(() => a.stop());
    rig.defer(() => b.stop());
  });

  afterAll(async () => {
    if (a) await hangUpEverything(a);
    if (b) await hangUpEverything(b);
    await rig?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('keeps the call; media comes back by re-INVITE within 2 s of the page attaching; both hear each other again', async () => {
    await a.page.getByTestId('dialer').getByLabel('号码或 SIP 地址').fill('1002');
    await a.page.getByTestId('dialer').getByRole('button', { name: '呼叫' }).click();
    const ringing = b.page.getByTestId('incoming-call');
    await ringing.waitFor({ timeout: 10_000 });
    await ringing.getByRole('button', { name: '接听' }).click();
    const cardA = a.page.getByTestId('call-card');
    await expect.poll(() => cardA.getAttribute('data-state')).toBe('active');
    await waitUntilSeatHears(a.page, hz1002, { timeoutMs: 10_000 });
    await waitUntilSeatHears(b.page, hz1001, { timeoutMs: 10_000 });
    const callId = (await b.page.getByTestId('call-card').getAttribute('data-call-id'))!;

    const t0 = performance.now();
    await b.page.reload();
    const cardB = b.page.getByTestId('call-card');
    await cardB.waitFor({ timeout: 10_000 });
    await expect.poll(() => cardB.getAttribute('data-call-id')).toBe(callId);
    await expect.poll(() => cardB.getByTestId('call-state').textContent(), { timeout: 2000 }).toBe('通话中');
    const restored = performance.now() - t0;
    const bHears = await waitUntilSeatHears(b.page, hz1001, { timeoutMs: 10_000 });
    const aHears = await waitUntilSeatHears(a.page, hz1002, { timeoutMs: 10_000 });
    const heard = performance.now() - t0;
    console.log(
      `[phone e2e] reload mid-call: call shown active again ${restored.toFixed(0)} ms after reload; both hear each other ${heard.toFixed(0)} ms after ` +
        `(1002 hears ${hz1001} Hz ${bHears.levelDb.toFixed(1)} dB, 1001 hears ${hz1002} Hz ${aHears.levelDb.toFixed(1)} dB)`,
    );
    expect(await cardA.count()).toBe(1);
    expect(await a.page.getByTestId('ended-call').count()).toBe(0);
  });
});
