/**
 * `npm run bench:dtmf` — the survey's digit detection (a script, not a test).
 *
 *   npm run bench:dtmf -- [--phases speech,rig] [--speech-minutes 10] [--digits 200] [--seed 1]
 *
 * speech  the detector (renderer/media/dtmf-detector.ts, at Chromium's
 *         44.1 kHz) over ≥ 10 minutes of espeak-ng Mandarin sentences (the
 *         sample knowledge base read aloud, four voices, varied pitch and
 *         speed, 8 kHz like a phone line) — clean, with white noise, and
 *         loud — counting false digits. Target: 0.
 * rig     N digits into a seat in Chromium (browser-mode host, auto-answer)
 *         from a baresip caller through Kamailio + rtpengine, random order,
 *         half RFC 4733 (baresip `sndcode`; the seat's WebRTC engine plays
 *         them out as tones) and half in-band tones in the caller's audio
 *         (80–200 ms, gaps 80–200 ms, −25…−8 dBFS, ±3 dB twist, noise).
 *         The page's AudioWorklet detector must report each one. Targets:
 *         ≥ 99 % detected, no false digit, latency p99 ≤ 150 ms after the
 *         tone ends.
 *
 * Latency is the detector's decision time (the AudioWorklet's clock mapped to
 * the page's performance clock with getOutputTimestamp, which can only make it
 * later) minus the tone's end, on the one wall clock of this machine (Node's
 * Date.now and the page's performance.timeOrigin + now); the time until the
 * page's main thread had the digit is printed beside it ("delivered"). Tone
 * ends are taken conservatively:
 *   - in-band: report time − (baresip's CALL_ESTABLISHED + the tone's end in
 *     the WAV); the WAV starts playing no earlier than that event, so the
 *     figure can only be too high;
 *   - RFC 4733: baresip chooses the event's length, so its end is taken as
 *     the moment `sndcode` was sent + the length of the tone the seat played
 *     out (measured by the detector); the figure from the key press itself
 *     is printed too.
 *
 * As root it re-runs itself inside a loopback-only network namespace.
 * Prints figures, then ONE JSON line; exit 1 when a target is missed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DtmfDetector, type DtmfDigit } from '../../renderer/media/dtmf-detector.js';
import { startPhoneSeat } from '../e2e/support/phone-seat.js';
import { percentile, startBaresip, startRig, writeWav, type Rig } from '../rig/index.js';
import { ALL_DIGITS, addNoise, concat, dtmfTone, mandarinSpeech, normalise, resample, sampleSentences, seededRandom, silence } from './dtmf-signal.js';
import { rerunInLoopbackNamespace } from './loopback-namespace.js';

rerunInLoopbackNamespace();

const { values } = parseArgs({
  options: {
    phases: { type: 'string', default: 'speech,rig' },
    'speech-minutes': { type: 'string', default: '10' },
    digits: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
  },
});
const phases = new Set(values.phases.split(','));
const speechMinutes = Number(values['speech-minutes']);
const digitCount = Number(values.digits);
const seed = Number(values.seed);
const log = (line: string) => process.stderr.write(`  … ${line}\n`);
const DETECTOR_RATE = 44100;
const LINE_RATE = 8000;

interface SpeechResult {
  minutes: number;
  falseDigits: number;
  byCondition: Record<string, { falseDigits: number; digits: string }>;
}

function speechPhase(): SpeechResult {
  const rand = seededRandom(seed);
  const sentences = sampleSentences();
  const voices = [undefined, 'f2', 'm3', 'f4'];
  const parts: Float32Array[] = [];
  let samples = 0;
  const started = Date.now();
  for (let i = 0; samples < speechMinutes * 60 * LINE_RATE; i++) {
    const text = sentences[i % sentences.length]!;
    const speech = mandarinSpeech(text, LINE_RATE, {
      variant: voices[i % voices.length],
      pitch: 15 + Math.floor(rand() * 75),
      speed: 120 + Math.floor(rand() * 100),
    });
    parts.push(speech, silence(100 + rand() * 400, LINE_RATE));
    samples += speech.length;
  }
  const line = concat(parts);
  const minutes = line.length / LINE_RATE / 60;
  log(`speech: ${minutes.toFixed(1)} min of espeak-ng Mandarin synthesised in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const atChromiumRate = resample(line, LINE_RATE, DETECTOR_RATE);
  const conditions: Record<string, () => Float32Array> = {
    'clean, −12 dBFS': () => normalise(Float32Array.from(atChromiumRate), -12),
    'white noise −35 dBFS, speech −15 dBFS': () => addNoise(normalise(Float32Array.from(atChromiumRate), -15), -35, seededRandom(seed + 1)),
    'loud, −4 dBFS': () => normalise(Float32Array.from(atChromiumRate), -4),
  };
  const byCondition: SpeechResult['byCondition'] = {};
  let falseDigits = 0;
  for (const [name, make] of Object.entries(conditions)) {
    const detector = new DtmfDetector({ sampleRate: DETECTOR_RATE });
    const signal = make();
    const found: string[] = [];
    for (let i = 0; i < signal.length; i += 128) found.push(...detector.push(signal.subarray(i, i + 128)).map((h) => h.digit));
    byCondition[name] = { falseDigits: found.length, digits: found.join('') };
    falseDigits += found.length;
    console.log(`speech (${name}): ${found.length} false digits${found.length ? ` (${found.join('')})` : ''}`);
  }
  return { minutes: Math.round(minutes * 10) / 10, falseDigits, byCondition };
}

interface Planned {
  kind: 'inband' | 'rfc4733';
  digit: DtmfDigit;
  /** Offset in the caller's WAV (ms). */
  startMs: number;
  toneMs: number;
}

interface Stats {
  p50: number;
  p99: number;
  max: number;
}

interface RigResult {
  sent: number;
  detected: number;
  missed: { kind: string; digit: string; atMs: number }[];
  falseDigits: number;
  detectionRate: number;
  latencyMs: { inband: Stats; rfc4733: Stats; rfc4733FromPress: Stats; p99: number };
  /** The same after-the-end latency to the moment the page's main thread had the digit. */
  deliveredMs: { p50: number; p99: number; max: number };
  rfc4733ToneMs: Stats;
}

function plan(count: number): { items: Planned[]; wav: Int16Array; lengthMs: number } {
  const rand = seededRandom(seed + 7);
  const kinds: Planned['kind'][] = Array.from({ length: count }, (_, i) => (i % 2 ? 'inband' : 'rfc4733'));
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  const items: Planned[] = [];
  const parts: Float32Array[] = [silence(6000, LINE_RATE)]; // call set-up and detector start
  let at = 6000;
  for (const kind of kinds) {
    const digit = ALL_DIGITS[Math.floor(rand() * 12)]!; // the keys a phone has
    if (kind === 'inband') {
      const toneMs = Math.round(80 + rand() * 120);
      parts.push(dtmfTone(digit, toneMs, LINE_RATE, { levelDbfs: -25 + rand() * 17, twistDb: (rand() - 0.5) * 6 }));
      items.push({ kind, digit, startMs: at, toneMs });
      at += toneMs;
    } else {
      // baresip's own event; keep the caller's audio silent around it.
      items.push({ kind, digit, startMs: at, toneMs: 0 });
      parts.push(silence(400, LINE_RATE));
      at += 400;
    }
    const gap = Math.round(80 + rand() * 120);
    parts.push(silence(gap, LINE_RATE));
    at += gap;
  }
  parts.push(silence(15_000, LINE_RATE));
  const audio = addNoise(concat(parts), -55, rand);
  const wav = new Int16Array(audio.length);
  for (let i = 0; i < audio.length; i++) wav[i] = Math.max(-32768, Math.min(32767, Math.round(audio[i]! * 32767)));
  return { items, wav, lengthMs: at };
}

async function rigPhase(workDir: string): Promise<RigResult> {
  const { items, wav, lengthMs } = plan(digitCount);
  const wavPath = join(workDir, 'caller-digits.wav');
  writeWav(wavPath, wav, LINE_RATE);
  let rig: Rig | undefined;
  try {
    rig = await startRig();
    const seat = await startPhoneSeat({ kamailio: rig.kamailio, user: '1011', micHz: 440, workDir, profile: { autoAnswer: 'always', wrapUpSeconds: 0 } });
    rig.defer(() => seat.stop());
    const caller = await startBaresip({ kamailio: rig.kamailio, user: '13800138000', register: false, playWav: wavPath, answerMode: 'auto' });
    rig.defer(() => caller.stop());
    const mark = await caller.dial(rig.kamailio.uri(seat.user));
    await caller.waitForEvent('CALL_ESTABLISHED', { from: mark, timeoutMs: 15_000 });
    const established = Date.now();
    const listening = Date.now() + 5000;
    while (!(await seat.page.evaluate(() => window.__hotseatMediaProbe!.listenDtmf()))) {
      if (Date.now() > listening) throw new Error('the seat has no received audio to listen to');
      await new Promise((r) => setTimeout(r, 100));
    }
    log(`rig: call up, detector listening ${Date.now() - established} ms after CALL_ESTABLISHED; sending ${items.length} digits over ${(lengthMs / 1000).toFixed(0)} s`);
    const pressedAt = new Map<Planned, number>();
    for (const item of items) {
      if (item.kind !== 'rfc4733') continue;
      const wait = established + item.startMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pressedAt.set(item, Date.now());
      await caller.sendDtmf(item.digit, 0);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, established + lengthMs + 1500 - Date.now())));
    const heard = await seat.page.evaluate(() => window.__hotseatMediaProbe!.heardDtmf());
    await caller.hangup().catch(() => {});

    // Match in order: each planned digit takes the first unused report of that digit in its window.
    const used = new Set<number>();
    const missed: RigResult['missed'] = [];
    const inbandLatency: number[] = [];
    const rfcLatency: number[] = [];
    const rfcFromPress: number[] = [];
    const rfcToneMs: number[] = [];
    const delivered: number[] = [];
    let cursor = 0;
    for (const item of items) {
      const start = item.kind === 'rfc4733' ? pressedAt.get(item)! : established + item.startMs;
      const end = start + item.toneMs;
      let match = -1;
      for (let i = cursor; i < heard.length; i++) {
        const h = heard[i]!;
        if (h.wallMs > end + 1000) break;
        if (!used.has(i) && h.digit === item.digit && h.wallMs >= start - 50) {
          match = i;
          break;
        }
      }
      if (match < 0) {
        missed.push({ kind: item.kind, digit: item.digit, atMs: item.startMs });
        continue;
      }
      used.add(match);
      cursor = match + 1;
      const h = heard[match]!;
      const toneEnd = item.kind === 'inband' ? end : start + (h.toneMs ?? 0);
      delivered.push(h.wallMs - toneEnd);
      if (item.kind === 'inband') {
        inbandLatency.push(h.decidedWallMs - toneEnd);
      } else {
        rfcFromPress.push(h.decidedWallMs - start);
        if (h.toneMs !== undefined) rfcToneMs.push(h.toneMs);
        rfcLatency.push(h.decidedWallMs - toneEnd);
      }
    }
    const falseDigits = heard.length - used.size;
    heard.forEach((h, i) => {
      if (used.has(i)) return;
      const at = h.wallMs - established;
      const near = items.reduce((best, it) => (Math.abs(it.startMs - at) < Math.abs(best.startMs - at) ? it : best), items[0]!);
      console.log(`rig: false digit ${h.digit} at ${Math.round(at)} ms (tone ${h.toneMs ?? '?'} ms); nearest sent: ${near.digit} (${near.kind}) at ${near.startMs} ms`);
    });
    const stats = (v: number[]) => ({ p50: Math.round(percentile(v, 50)), p99: Math.round(percentile(v, 99)), max: Math.round(v.length ? Math.max(...v) : NaN) });
    const detected = items.length - missed.length;
    const result: RigResult = {
      sent: items.length,
      detected,
      missed,
      falseDigits,
      detectionRate: detected / items.length,
      latencyMs: {
        inband: stats(inbandLatency),
        rfc4733: stats(rfcLatency),
        rfc4733FromPress: stats(rfcFromPress),
        p99: Math.round(percentile([...inbandLatency, ...rfcLatency], 99)),
      },
      rfc4733ToneMs: stats(rfcToneMs),
      deliveredMs: stats(delivered),
    };
    const byKind = (k: string) => `${items.filter((i) => i.kind === k).length - missed.filter((m) => m.kind === k).length}/${items.filter((i) => i.kind === k).length}`;
    console.log(`rig: ${detected}/${items.length} digits detected (in-band ${byKind('inband')}, RFC 4733 ${byKind('rfc4733')}), ${falseDigits} false`);
    if (missed.length) console.log(`rig: missed ${missed.map((m) => `${m.digit}@${m.atMs}ms(${m.kind})`).join(' ')}`);
    console.log(`rig: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${cpus().length} cores)`);
    console.log(`rig: latency in-band after tone end p50 ${result.latencyMs.inband.p50} ms, p99 ${result.latencyMs.inband.p99} ms, max ${result.latencyMs.inband.max} ms`);
    console.log(`rig: RFC 4733 tones as played out at the seat: p50 ${result.rfc4733ToneMs.p50} ms, p99 ${result.rfc4733ToneMs.p99} ms`);
    console.log(`rig: latency RFC 4733 after tone end p50 ${result.latencyMs.rfc4733.p50} ms, p99 ${result.latencyMs.rfc4733.p99} ms, max ${result.latencyMs.rfc4733.max} ms`);
    console.log(`rig: delivered to the page's main thread, after tone end: p50 ${result.deliveredMs.p50} ms, p99 ${result.deliveredMs.p99} ms, max ${result.deliveredMs.max} ms`);
    console.log(`rig: latency RFC 4733 from the key press p50 ${result.latencyMs.rfc4733FromPress.p50} ms, p99 ${result.latencyMs.rfc4733FromPress.p99} ms, max ${result.latencyMs.rfc4733FromPress.max} ms`);
    return result;
  } finally {
    await rig?.stop().catch((e: unknown) => console.error('rig stop:', e));
  }
}

const started = Date.now();
const workDir = mkdtempSync(join(tmpdir(), 'hotseat-dtmf-bench-'));
process.env.HOTSEAT_LOG ??= 'warn';
let exitCode = 0;
const out: Record<string, unknown> = { bench: 'dtmf', seed };
try {
  const targets: Record<string, boolean> = {};
  if (phases.has('speech')) {
    const speech = speechPhase();
    out.speech = speech;
    targets.speechAtLeast10Min = speech.minutes >= 10 || speechMinutes < 10;
    targets.noFalseDigitsInSpeech = speech.falseDigits === 0;
  }
  if (phases.has('rig')) {
    const rig = await rigPhase(workDir);
    out.rig = rig;
    targets.detectedAtLeast99Percent = rig.detectionRate >= 0.99;
    targets.noFalseDigitsOnTheLine = rig.falseDigits === 0;
    targets.latencyP99Within150ms = rig.latencyMs.p99 <= 150;
  }
  for (const [name, ok] of Object.entries(targets)) console.log(`target ${name}: ${ok ? 'met' : 'MISSED'}`);
  if (!Object.values(targets).every(Boolean)) exitCode = 1;
  out.targets = targets;
} catch (error) {
  exitCode = 1;
  console.error(error);
  out.error = error instanceof Error ? error.message : String(error);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
out.durationS = Math.round((Date.now() - started) / 1000);
console.log(JSON.stringify(out));
process.exit(exitCode);
