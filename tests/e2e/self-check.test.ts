/**
 * The pre-Ready self-check in Debian Chromium against the rig (issue 12,
 * item 6): the seat registered through the real Kamailio, the agent signs
 * in and the self-check opens; the microphone line turns green from the
 * fake microphone's tone (the real getUserMedia + AnalyserNode path), the
 * registration line names the server, the test tones play on the page's
 * outputs and the agent's answers turn their lines green or red.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../rig/index.js';
import { screenshot } from './support/chromium.js';
import { startPhoneSeat, type PhoneSeat } from './support/phone-seat.js';

describe('self-check in Chromium', () => {
  let rig: Rig;
  let seat: PhoneSeat;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-selfcheck-'));
    rig = await startRig({ rtpengine: false });
    seat = await startPhoneSeat({ kamailio: rig.kamailio, user: '1015', micHz: 440, workDir });
    rig.defer(() => seat.stop());
  });

  afterAll(async () => {
    await rig?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('opens at sign-in; registration and microphone green from the real rig and the fake microphone; tones answered', async () => {
    const { page } = seat;
    const form = page.getByTestId('sign-in');
    await form.waitFor({ timeout: 10_000 });
    await form.getByLabel('工号').fill('2001');
    await form.getByLabel('姓名').fill('王芳');
    await form.getByRole('button', { name: '签入' }).click();

    const panel = page.getByTestId('self-check');
    await panel.waitFor({ timeout: 10_000 });
    const line = (id: string) => page.getByTestId(`self-check-${id}`);
    await expect.poll(() => line('registration').getAttribute('data-ok')).toBe('true');
    expect(await line('registration').textContent()).toContain(`已注册到 ${rig.kamailio.wsUrl}`);
    const t0 = Date.now();
    await expect.poll(() => line('microphone').getAttribute('data-ok'), { timeout: 10_000 }).toBe('true');
    const micText = (await line('microphone').textContent()) ?? '';
    console.log(`[measure] self-check microphone: green ${Date.now() - t0} ms after the panel opened (${micText})`);
    const peak = Number(/峰值 (-?\d+) dBFS/.exec(micText)?.[1]);
    // The fake microphone plays a 0.5-amplitude tone: about -6 dBFS.
    expect(peak).toBeGreaterThan(-12);
    expect(peak).toBeLessThanOrEqual(0);

    await line('tone-headset').getByRole('button', { name: '播放' }).click();
    await line('tone-headset').getByRole('button', { name: '听到了' }).click();
    await line('tone-ring').getByRole('button', { name: '播放' }).click();
    await line('tone-ring').getByRole('button', { name: '没听到' }).click();
    expect(await line('tone-headset').getAttribute('data-ok')).toBe('true');
    expect(await line('tone-ring').getAttribute('data-ok')).toBe('false');
    await screenshot(page, 'self-check');
    await page.getByRole('button', { name: '关闭自检' }).click();
    await expect.poll(() => panel.count()).toBe(0);
  });
});
