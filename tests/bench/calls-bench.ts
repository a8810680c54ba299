/**
 * `npm run bench:calls` — call benchmark (a script, not a test).
 *
 *   npm run bench:calls -- [--calls 500] [--hold-ms 2000] [--interval-ms 2800] [--warmup 5]
 *
 * sipp drives N calls through the real Kamailio + rtpengine into one seat:
 * the browser-mode host (core + SIP.js) with Debian Chromium running the
 * media engine, auto-answer `always`, wrap-up 0. Calls are sequential (one
 * seat answers one call at a time; sipp `-l 1`), one every `interval-ms`,
 * each held `hold-ms` and hung up by the caller.
 *
 * Prints successes, INVITE→200 OK p50/p99 (sipp's response times), the host
 * process's RSS and the renderer's JS heap (CDP, after a forced GC) at start
 * and end, then ONE JSON line. Targets (issue 3): 100 % success, p99 ≤ 300 ms,
 * RSS growth ≤ 20 MB after 500 calls.
 *
 * As root it re-runs itself inside a loopback-only network namespace, like
 * the tests (HOTSEAT_NO_NETNS=1 to stay in the machine's namespace).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CallSnapshot } from '../../main/contract/index.js';
import { hangUpEverything, startPhoneSeat, type PhoneSeat } from '../e2e/support/phone-seat.js';
import { percentile, startRig, startSipp, type Rig } from '../rig/index.js';
import { rerunInLoopbackNamespace } from './loopback-namespace.js';

rerunInLoopbackNamespace();

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '500' },
    'hold-ms': { type: 'string', default: '2000' },
    'interval-ms': { type: 'string' },
    warmup: { type: 'string', default: '5' },
  },
});
const calls = positive('calls', values.calls);
const holdMs = positive('hold-ms', values['hold-ms']);
const intervalMs = values['interval-ms'] ? positive('interval-ms', values['interval-ms']) : holdMs + 800;
const warmup = Number(values.warmup);
if (intervalMs <= holdMs) throw new Error('--interval-ms must be longer than --hold-ms (one call at a time)');

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const log = (line: string) => process.stderr.write(`  … ${line}\n`);

function hostRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

async function rendererHeapBytes(seat: PhoneSeat): Promise<number> {
  const cdp = await seat.page.context().newCDPSession(seat.page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

async function runCalls(rig: Rig, seat: PhoneSeat, count: number, label: string) {
  const ended = () => seat.contract.events.filter((e) => e.name === 'callEnded').length;
  const endedBefore = ended();
  const sipp = await startSipp({
    scenario: 'uac-answered-caller-hangs-up',
    target: rig.kamailio.udpPort,
    callee: seat.user,
    calls: count,
    rate: 1,
    limit: 1,
    pauseMs: holdMs,
    uidPrefix: `${label}-`,
    timeoutSec: Math.ceil((count * intervalMs) / 1000) + 60,
    extraArgs: ['-rp', String(intervalMs)],
  });
  const ticker = setInterval(() => log(`${label}: ${ended() - endedBefore}/${count} calls ended`), 30_000);
  const result = await sipp.done.finally(() => clearInterval(ticker));
  return { result, endedEvents: () => ended() - endedBefore };
}

const started = Date.now();
const workDir = mkdtempSync(join(tmpdir(), 'hotseat-calls-bench-'));
process.env.HOTSEAT_LOG ??= 'warn';
let rig: Rig | undefined;
let exitCode = 0;
try {
  rig = await startRig();
  const seat = await startPhoneSeat({
    kamailio: rig.kamailio,
    user: '1010',
    micHz: 440,
    workDir,
    profile: { autoAnswer: 'always', wrapUpSeconds: 0 },
  });
  rig.defer(() => seat.stop());
  console.log(`== calls bench: ${calls} calls, one every ${intervalMs} ms, held ${holdMs} ms, seat ${seat.user} auto-answer always ==`);

  if (warmup > 0) {
    const w = await runCalls(rig, seat, warmup, 'warmup');
    console.log(`warm-up: ${w.result.successful}/${warmup} calls ok (not counted)`);
  }
  await new Promise((r) => setTimeout(r, 2000));
  const rssStart = hostRssBytes(seat.host.pid);
  const heapStart = await rendererHeapBytes(seat);
  console.log(`start: host RSS ${mb(rssStart)} MB, renderer JS heap ${mb(heapStart)} MB`);

  const eventsBefore = seat.contract.events.length;
  const { result, endedEvents } = await runCalls(rig, seat, calls, 'bench');
  // Events per call by name: a storm (the same event many times per call) shows here.
  const eventCounts: Record<string, number> = {};
  for (const e of seat.contract.events.slice(eventsBefore)) eventCounts[e.name] = (eventCounts[e.name] ?? 0) + 1;
  const eventsPerCall = Object.fromEntries(Object.entries(eventCounts).map(([name, n]) => [name, Math.round((n / calls) * 10) / 10]));
  await new Promise((r) => setTimeout(r, 5000));
  const rssEnd = hostRssBytes(seat.host.pid);
  const heapEnd = await rendererHeapBytes(seat);
  const leftoverSessions = await seat.page.evaluate(() => window.__hotseatMediaProbe?.sessionIds().length ?? -1);
  const liveCalls: readonly CallSnapshot[] = (await seat.contract.call('getPhoneState', {})).calls;
  const zipTones = await seat.page.evaluate(() => window.__hotseatMediaProbe?.tones().filter((t) => t.kind === 'zip' && t.playing).length ?? 0);
  await hangUpEverything(seat);

  const rtt = result.rttMs;
  const p50 = percentile(rtt, 50);
  const p99 = percentile(rtt, 99);
  const max = rtt.length ? Math.max(...rtt) : NaN;
  const successRate = result.successful / calls;
  const rssGrowth = rssEnd - rssStart;
  console.log(`calls: ${result.successful}/${calls} successful, ${result.failed} failed (sipp exit ${result.exitCode}); ${endedEvents()} callEnded events; ${zipTones} zip tones in the page`);
  console.log(`INVITE→200 OK: p50 ${p50} ms, p99 ${p99} ms, max ${max} ms (${rtt.length} samples, sipp response times)`);
  console.log(`host RSS: ${mb(rssStart)} → ${mb(rssEnd)} MB (${rssGrowth >= 0 ? '+' : ''}${mb(rssGrowth)} MB)`);
  console.log(`renderer JS heap: ${mb(heapStart)} → ${mb(heapEnd)} MB; media sessions left open: ${leftoverSessions}; live calls left: ${liveCalls.length}`);
  console.log(`events per call: ${Object.entries(eventsPerCall).map(([name, n]) => `${name} ${n}`).join(', ')}`);
  console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (result.failed > 0) console.log(`sipp errors (tail):\n${result.errors.slice(-2000)}`);

  const targets = {
    allSucceeded: result.successful === calls && result.failed === 0,
    p99Within300ms: p99 <= 300,
    rssGrowthWithin20MB: rssGrowth <= 20 * 1048576,
  };
  for (const [name, ok] of Object.entries(targets)) console.log(`target ${name}: ${ok ? 'met' : 'MISSED'}`);
  if (!Object.values(targets).every(Boolean)) exitCode = 1;
  console.log(
    JSON.stringify({
      bench: 'calls',
      calls,
      holdMs,
      intervalMs,
      warmupCalls: warmup,
      successful: result.successful,
      failed: result.failed,
      successRate,
      inviteTo200Ms: { p50, p99, max, samples: rtt.length },
      hostRssMb: { start: mb(rssStart), end: mb(rssEnd), growth: mb(rssGrowth) },
      rendererHeapMb: { start: mb(heapStart), end: mb(heapEnd) },
      leftoverMediaSessions: leftoverSessions,
      eventsPerCall,
      loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
      targets,
      durationS: Math.round((Date.now() - started) / 1000),
    }),
  );
} catch (error) {
  exitCode = 1;
  console.error(error);
  console.log(JSON.stringify({ bench: 'calls', error: error instanceof Error ? error.message : String(error) }));
} finally {
  await rig?.stop().catch((e: unknown) => console.error('rig stop:', e));
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(exitCode);

function positive(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number (got "${raw}")`);
  return n;
}
