/**
 * Test audio for the DTMF detector: synthetic digits (level, twist,
 * frequency error), noise, and Mandarin speech from espeak-ng. Shared by the
 * detector's unit tests and `npm run bench:dtmf`. Seeded, so a failure
 * reproduces.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DTMF_COLS, DTMF_KEYS, DTMF_ROWS, type DtmfDigit } from '../../renderer/media/dtmf-detector.js';
import { readWav } from '../rig/wav.js';

export const ALL_DIGITS: readonly DtmfDigit[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#', 'A', 'B', 'C', 'D'];

import { seededRandom } from './seeded-random.js';

export { seededRandom };

export function digitFrequencies(digit: DtmfDigit): [row: number, col: number] {
  for (let r = 0; r < 4; r++) {
    const c = DTMF_KEYS[r]!.indexOf(digit);
    if (c >= 0) return [DTMF_ROWS[r]!, DTMF_COLS[c]!];
  }
  throw new Error(`not a DTMF digit: ${digit}`);
}

export interface ToneOptions {
  /** Level of each tone, dB relative to a full-scale sine. Default −10. */
  levelDbfs?: number;
  /** Column tone level minus row tone level, dB (normal twist > 0). Default 0. */
  twistDb?: number;
  /** Relative frequency error of both tones, e.g. 0.015 for +1.5 %. */
  freqError?: number;
}

export function dtmfTone(digit: DtmfDigit, ms: number, sampleRate: number, o: ToneOptions = {}): Float32Array {
  const [row, col] = digitFrequencies(digit);
  const level = o.levelDbfs ?? -10;
  const twist = o.twistDb ?? 0;
  const err = 1 + (o.freqError ?? 0);
  const aRow = 10 ** ((level - Math.max(0, twist)) / 20);
  const aCol = 10 ** ((level + Math.min(0, twist)) / 20);
  const n = Math.round((ms / 1000) * sampleRate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    out[i] = aRow * Math.sin(2 * Math.PI * row * err * t) + aCol * Math.sin(2 * Math.PI * col * err * t);
  }
  return out;
}

export function silence(ms: number, sampleRate: number): Float32Array {
  return new Float32Array(Math.round((ms / 1000) * sampleRate));
}

/** Gaussian white noise added in place at `dbfs` RMS (relative to a full-scale sine's RMS). */
export function addNoise(signal: Float32Array, dbfs: number, rand: () => number): Float32Array {
  const sigma = 10 ** (dbfs / 20) / Math.SQRT2;
  for (let i = 0; i < signal.length; i++) {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    signal[i] = signal[i]! + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return signal;
}

export function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Linear-interpolation resampling (enough for speech used as interference). */
export function resample(src: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return src;
  const n = Math.floor((src.length * to) / from);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = (i * from) / to;
    const k = Math.floor(x);
    const f = x - k;
    out[i] = (src[k] ?? 0) * (1 - f) + (src[k + 1] ?? 0) * f;
  }
  return out;
}

/** Scale so the RMS is `dbfs` (relative to a full-scale sine). */
export function normalise(signal: Float32Array, dbfs: number): Float32Array {
  let e = 0;
  for (const v of signal) e += v * v;
  const rms = Math.sqrt(e / Math.max(1, signal.length));
  if (rms === 0) return signal;
  const gain = 10 ** (dbfs / 20) / Math.SQRT2 / rms;
  for (let i = 0; i < signal.length; i++) signal[i] = signal[i]! * gain;
  return signal;
}

export interface SpeechOptions {
  /** espeak-ng words per minute. */
  speed?: number;
  /** espeak-ng pitch 0–99. */
  pitch?: number;
  /** espeak-ng voice variant, e.g. 'f2' (female) or 'm3'. */
  variant?: string;
}

/**
 * Mandarin speech from espeak-ng (voice cmn-latn-pinyin, see
 * build/make-survey-prompts.sh for why not plain `cmn`), at `sampleRate`.
 */
export function mandarinSpeech(text: string, sampleRate: number, o: SpeechOptions = {}): Float32Array {
  const dir = mkdtempSync(join(tmpdir(), 'hotseat-speech-'));
  try {
    const file = join(dir, 'speech.wav');
    const voice = o.variant ? `cmn-latn-pinyin+${o.variant}` : 'cmn-latn-pinyin';
    const r = spawnSync('espeak-ng', ['-v', voice, '-s', String(o.speed ?? 160), '-p', String(o.pitch ?? 50), '-w', file, text], { encoding: 'utf8' });
    if (r.error) throw new Error(`espeak-ng could not run (apt-get install espeak-ng): ${r.error.message}`);
    if (r.status !== 0) throw new Error(`espeak-ng failed: ${r.stderr}`);
    const wav = readWav(file);
    return resample(wav.samples, wav.sampleRate, sampleRate);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Chinese sentences from the bundled sample knowledge base (titles and summaries). */
export function sampleSentences(): string[] {
  const dir = join(import.meta.dirname, '../../resources/kb/sample');
  const out: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const rec = JSON.parse(line) as Record<string, unknown>;
      for (const key of ['title', 'summary', 'text', 'name']) {
        const v = rec[key];
        if (typeof v === 'string' && /[\u4e00-\u9fff]/.test(v)) out.push(v);
      }
    }
  }
  return out;
}
