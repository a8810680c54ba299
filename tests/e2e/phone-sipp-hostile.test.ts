/**
 * Hostile caller headers through sipp → Kamailio → the Chromium seat: a
 * display name carrying <script> and zero-width characters, a
 * P-Asserted-Identity whose percent-encoded user part spells
 * `<svg onload=…>`, markup in a context header. The ringing screen shows
 * plain visible text, the number is digits, no element or dialog comes of
 * it, and the agent's reject still reaches sipp as 486.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, startSipp, type Rig } from '../rig/index.js';
import { screenshot } from './support/chromium.js';
import { startPhoneSeat, type PhoneSeat } from './support/phone-seat.js';

describe('hostile caller headers from a sipp caller', () => {
  let rig: Rig;
  let seat: PhoneSeat;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-hostile-'));
    rig = await startRig();
    seat = await startPhoneSeat({ kamailio: rig.kamailio, user: '1003', micHz: 440, workDir });
    rig.defer(() => seat.stop());
  });

  afterAll(async () => {
    await rig?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('shows names and context as plain visible text and numbers as digits', async () => {
    const { page } = seat;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const sipp = await startSipp({
      scenario: 'uac-rejected',
      target: rig.kamailio.udpPort,
      callee: '1003',
      caller: '13800138000',
      headers: {
        'P-Asserted-Identity': '<sip:%3Csvg%20onload%3Dalert(1)%3E@centre.test>, "<script>alert(2)</script>\u200b王\u200d先生\u202e" <sip:+8613911112222@centre.test>',
        'X-Queue': '<img src=x onerror=alert(3)>医保\u200b咨询',
      },
    });
    const ringing = page.getByTestId('incoming-call');
    await ringing.waitFor({ timeout: 10_000 });
    await expect(ringing.getByTestId('incoming-number').textContent()).resolves.toBe('+8613911112222');
    await expect(ringing.getByTestId('incoming-name').textContent()).resolves.toBe('alert(2) 王先生');
    await expect(ringing.getByRole('definition').allTextContents()).resolves.toContain('<img src=x onerror=alert(3)>医保咨询');
    await expect(page.locator('svg[onload], img[onerror], script:not([src])').count()).resolves.toBe(0);
    await screenshot(page, 'phone-ringing-hostile');

    await ringing.getByRole('button', { name: '拒接（忙）' }).click();
    const result = await sipp.done;
    expect(result.exitCode, result.stderr + result.errors).toBe(0);
    await expect(page.getByTestId('ended-call').first().textContent()).resolves.toBe('+8613911112222：已拒接 (486)');
    expect(dialogs).toEqual([]);
  });
});
