/**
 * `npm run demo` end to end, as a newcomer runs it: the real npm script in
 * its own process group (Ctrl-C = SIGINT to the group), the printed address
 * opened in Debian Chromium, the first demo call answered at the desk, the
 * caller's Mandarin question heard (level and duration of the received
 * audio), the agent hangs up, the caller rates the call, and the call's
 * record arrives at the demo's records receiver (its printed line). Then
 * Ctrl-C, and every process the demo started is gone.
 *
 * The screenshot of the desk during this call is the README's
 * (test-output/demo-desk.png, copied to resources/docs/demo-desk.png).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, freePortRange, isPortFree, makeToneWav, processGroupAlive } from '../rig/index.js';
import { launchChromium, screenshot, type ChromiumParty } from './support/chromium.js';
import { repoRoot } from './support/web-host-process.js';

/** pid → parent pid of every live process. */
function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      table.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

function descendants(root: number): number[] {
  const table = processTable();
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of table) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('npm run demo', () => {
  let demo: ChildProcess | undefined;
  let output = '';
  let browser: ChromiumParty | undefined;
  const work = mkdtempSync(join(tmpdir(), 'hotseat-e2e-demo-'));

  afterAll(async () => {
    await browser?.close();
    if (demo?.pid && demo.exitCode === null && demo.signalCode === null) {
      try {
        process.kill(-demo.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(work, { recursive: true, force: true });
  });

  function waitForOutput(pattern: RegExp, timeoutMs: number, from = 0): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = pattern.exec(output.slice(from));
        if (match) {
          clearInterval(timer);
          clearTimeout(limit);
          resolve(match);
          return true;
        }
        if (demo?.exitCode !== null) {
          clearInterval(timer);
          clearTimeout(limit);
          reject(new Error(`npm run demo exited (${demo?.exitCode}) before printing ${pattern}:\n${output}`));
          return true;
        }
        return false;
      };
      const timer = setInterval(check, 100);
      const limit = setTimeout(() => {
        clearInterval(timer);
        reject(new Error(`npm run demo did not print ${pattern} in ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      check();
    });
  }

  it('answer the first demo call, hear the question, hang up, see its record arrive; Ctrl-C stops everything', async () => {
    // The default ports, unless something else running here holds one (then free ones, by flag).
    const ports: Record<string, number> = { port: 8480, 'centre-port': 8481, 'udp-port': 5070, 'ws-port': 8088, 'ng-port': 2223, 'relay-port': 5072 };
    for (const [flag, p] of Object.entries(ports)) if (!(await isPortFree(p))) ports[flag] = await freePort();
    const flags = Object.entries(ports).flatMap(([flag, p]) => [`--${flag}`, String(p)]);
    if (!(await isPortFree(30000)) || !(await isPortFree(30199))) {
      const min = await freePortRange(200);
      flags.push('--rtp-min', String(min), '--rtp-max', String(min + 199));
    }
    demo = spawn('npm', ['run', 'demo', '--', '--every', '2', ...flags], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    demo.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    demo.stderr!.on('data', (d: Buffer) => (output += d.toString()));

    // The one address to open (set-up check and a build, if needed, come first).
    const [, url] = await waitForOutput(/Open the seat: (http:\/\/127\.0\.0\.1:\d+\/\S+)/, 240_000);
    const micWav = makeToneWav(join(work, 'agent-mic-440hz.wav'), { freqHz: 440, seconds: 20, sampleRate: 48000, amplitude: 0.3 });
    browser = await launchChromium({ fakeMicWav: micWav, viewport: { width: 1440, height: 900 } });
    const { page } = browser;
    await page.goto(`${url}&probe=1&audioProcessing=0`);
    await page.getByTestId('phone-panel').waitFor({ timeout: 30_000 });

    // The first demo call: 13903712345 from Zhengzhou, with the centre's context headers.
    const ringing = page.getByTestId('incoming-call');
    await ringing.waitFor({ timeout: 90_000 });
    const [, callerNumber, speechSeconds] = await waitForOutput(/caller: call 1 from (\d+) .*\((\d+\.\d) s\)/, 5_000);
    expect(callerNumber).toBe('13903712345');
    await expect(ringing.getByTestId('incoming-number').textContent()).resolves.toBe('13903712345');
    const demoPids = [demo.pid!, ...descendants(demo.pid!)];
    const callerPid = Number(/baresip pid (\d+)/.exec(output)![1]);
    expect(demoPids).toContain(callerPid);
    await ringing.getByRole('button', { name: '接听' }).click();
    const card = page.getByTestId('call-card');
    await card.waitFor({ timeout: 10_000 });
    await waitForOutput(/caller: call 1 answered/, 10_000);
    // The centre's context headers reached the desk (added on the way by the demo's relay).
    const cardText = await card.textContent();
    expect(cardText).toContain('河南省郑州市');
    expect(cardText).toMatch(/demo-\w+-1/);
    expect(cardText).toMatch(/12320-/);

    // Hear the question: the level of what the seat receives, every 100 ms, over its length + 4 s.
    const frames: number[] = [];
    const listenMs = Number(speechSeconds) * 1000 + 4000;
    const started = Date.now();
    let shot = false;
    let searched = false;
    while (Date.now() - started < listenMs) {
      const peak = await page.evaluate(() => window.__hotseatMediaProbe?.peak() ?? null);
      frames.push(peak && Number.isFinite(peak.db) ? peak.db : -200);
      // Meanwhile the agent looks it up in the knowledge base the demo centre published (signed).
      if (!searched && Date.now() - started > 1000) {
        searched = true;
        await page.getByPlaceholder(/搜索文章/).fill('狂犬');
      }
      if (!shot && Date.now() - started > 3500) {
        shot = true;
        await screenshot(page, 'demo-desk');
      }
      await page.waitForTimeout(100);
    }
    const voicedSeconds = frames.filter((db) => db > -70).length / 10;
    const loudest = Math.max(...frames);
    console.log(`demo question: ${speechSeconds} s spoken; seat heard ${voicedSeconds.toFixed(1)} s above -70 dB, loudest ${loudest.toFixed(1)} dB`);
    expect(loudest).toBeGreaterThan(-50);
    expect(voicedSeconds).toBeGreaterThan(Number(speechSeconds) * 0.5);
    expect(voicedSeconds).toBeLessThan(Number(speechSeconds) + 2);
    await expect(page.getByText('被狗咬伤后怎么处理？狂犬病暴露分级与处置').first().isVisible()).resolves.toBe(true);

    // The agent hangs up; the in-call survey asks, the caller presses a digit; the call's record reaches the receiver.
    const before = output.length;
    await card.getByRole('button', { name: '挂断' }).click();
    await waitForOutput(/caller: survey asked; pressed 1/, 30_000, before);
    const [recordLine] = await waitForOutput(/records: accepted call call-\S+ \(13903712345[^\n]*/, 60_000, before);
    expect(recordLine).toContain('agent 8001');
    await waitForOutput(/records: accepted survey \S+ \(rating 1/, 60_000, before);

    // Ctrl-C: the demo stops every process it started.
    // (npm itself ends by the signal, as in a terminal; the demo under it stops what it started and exits 0.)
    const exited = new Promise<string>((resolve) => demo!.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
    process.kill(-demo.pid!, 'SIGINT');
    const how = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running after 30 s'), 30_000))]);
    expect(['SIGINT', 'exit 0'], output).toContain(how);
    await waitForOutput(/demo: stopped/, 30_000);
    await expect.poll(() => demoPids.filter(alive), { timeout: 10_000 }).toEqual([]);
    expect(processGroupAlive(demo.pid!)).toBe(false);
    for (const port of Object.values(ports)) expect(await isPortFree(port), `port ${port}`).toBe(true);
  }, 420_000);
});
