/**
 * The self-check's echo test call in Chromium against the rig (issue 12,
 * item 6): the profile's echo number (9043) is routed by Kamailio to an echo
 * service — a sipp UAS with `-rtp_echo`, through rtpengine — and the seat
 * hears its own fake-microphone tone come back: audio both ways, by level.
 * Without the echo service the line is red and says the number was not
 * reached.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, startSipp, type Rig } from '../rig/index.js';
import { startPhoneSeat, type PhoneSeat } from './support/phone-seat.js';

describe('self-check echo test call', () => {
  let rig: Rig;
  let seat: PhoneSeat;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-echo-'));
    rig = await startRig();
    seat = await startPhoneSeat({ kamailio: rig.kamailio, user: '1016', micHz: 440, workDir, profile: { echoNumber: '9043', surveyMode: 'off' } });
    rig.defer(() => seat.stop());
  });

  afterAll(async () => {
    await rig?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const line = () => seat.page.getByTestId('self-check-echo');

  it('with the echo service: the seat hears its own voice come back, line green', async () => {
    const echo = await startSipp({ scenario: 'uas-answer', calls: 1, pauseMs: 100, timeoutSec: 30, extraArgs: ['-rtp_echo'] });
    try {
      await rig.kamailio.setPstnGateway(`sip:127.0.0.1:${echo.sipPort}`);
      const { page } = seat;
      await page.getByTestId('open-self-check').click();
      await expect.poll(() => line().getAttribute('data-ok')).toBe('pending');
      const t0 = Date.now();
      await page.getByTestId('echo-test').click();
      await expect.poll(() => line().getAttribute('data-ok'), { timeout: 20_000 }).not.toBe('pending');
      const text = (await line().textContent()) ?? '';
      console.log(`[measure] echo test: ${Date.now() - t0} ms (${text})`);
      expect(await line().getAttribute('data-ok')).toBe('true');
      const peak = Number(/峰值 (-?\d+) dBFS/.exec(text)?.[1]);
      expect(peak).toBeGreaterThan(-40);
      // The test call was hung up.
      await expect.poll(async () => (await seat.contract.call('getPhoneState', {})).calls.filter((c) => c.state !== 'ended').length, { timeout: 5000 }).toBe(0);
      const result = await echo.done;
      expect(result.exitCode).toBe(0);
    } finally {
      await echo.stop().catch(() => undefined);
    }
  });

  it('without the echo service: red, naming the failure, with what to do', async () => {
    await rig.kamailio.setPstnGateway('');
    const { page } = seat;
    await page.getByRole('button', { name: '关闭自检' }).click().catch(() => undefined);
    await page.getByTestId('open-self-check').click();
    await page.getByTestId('echo-test').click();
    await expect.poll(() => line().getAttribute('data-ok'), { timeout: 20_000 }).toBe('false');
    const text = (await line().textContent()) ?? '';
    console.log(`[observe] echo test without the service: ${text}`);
    expect(text).toMatch(/回声号码 9043 未接通：SIP 4\d\d/);
    expect(text).toContain('联系中心值班工程师');
  });
});
