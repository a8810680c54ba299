/**
 * WAV helpers for audio assertions: write test tones, read 16-bit PCM WAVs
 * (baresip's sndfile dumps), find the dominant frequency (Welch/FFT) and the
 * level of one frequency (Goertzel). No sox needed.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface ToneWavOptions {
  /** One frequency, or several mixed (e.g. [697, 1209] for DTMF "1"). */
  freqHz: number | number[];
  seconds: number;
  /** 8000 for baresip (aufile), 48000 for Chromium's fake mic. Default 8000. */
  sampleRate?: 8000 | 16000 | 44100 | 48000;
  /** Peak amplitude 0..1 (full scale). Default 0.5. */
  amplitude?: number;
}

/** Write a mono 16-bit PCM WAV with a sine tone (or a sum of tones). */
export function makeToneWav(path: string, opts: ToneWavOptions): string {
  const sr = opts.sampleRate ?? 8000;
  const freqs = Array.isArray(opts.freqHz) ? opts.freqHz : [opts.freqHz];
  const amp = (opts.amplitude ?? 0.5) / freqs.length;
  const n = Math.round(opts.seconds * sr);
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (const f of freqs) v += amp * Math.sin((2 * Math.PI * f * i) / sr);
    pcm[i] = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
  }
  writeWav(path, pcm, sr);
  return path;
}

/** Write mono 16-bit PCM samples as a WAV file. */
export function writeWav(path: string, pcm: Int16Array, sampleRate: number): void {
  const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([h, data]));
}

export interface Wav {
  sampleRate: number;
  channels: number;
  /** Mono (channels averaged), -1..1. */
  samples: Float32Array;
  durationSec: number;
}

/** Read a PCM WAV (16-bit int, or 32-bit float). Channels are averaged to mono. */
export function readWav(path: string): Wav {
  const b = readFileSync(path);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path}: not a WAV file`);
  let off = 12;
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | undefined;
  let data: Buffer | undefined;
  while (off + 8 <= b.length) {
    const id = b.toString('ascii', off, off + 4);
    let size = b.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'data' && (size === 0 || size === 0xffffffff || body + size > b.length)) size = b.length - body; // unfinished dump
    if (id === 'fmt ') {
      fmt = { format: b.readUInt16LE(body), channels: b.readUInt16LE(body + 2), sampleRate: b.readUInt32LE(body + 4), bits: b.readUInt16LE(body + 14) };
      if (fmt.format === 0xfffe && size >= 40) fmt.format = b.readUInt16LE(body + 24); // WAVE_FORMAT_EXTENSIBLE
    } else if (id === 'data') {
      data = b.subarray(body, body + size);
    }
    off = body + size + (size % 2);
  }
  if (!fmt || !data) throw new Error(`${path}: WAV without fmt/data chunk`);
  const { channels, sampleRate, bits, format } = fmt;
  const bytes = bits / 8;
  const frames = Math.floor(data.length / (bytes * channels));
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let acc = 0;
    for (let c = 0; c < channels; c++) {
      const p = (i * channels + c) * bytes;
      if (format === 3 && bits === 32) acc += data.readFloatLE(p);
      else if (bits === 16) acc += data.readInt16LE(p) / 32768;
      else if (bits === 8) acc += (data.readUInt8(p) - 128) / 128;
      else if (bits === 32) acc += data.readInt32LE(p) / 2147483648;
      else throw new Error(`${path}: unsupported WAV format ${format}/${bits} bit`);
    }
    out[i] = acc / channels;
  }
  return { sampleRate, channels, samples: out, durationSec: frames / sampleRate };
}

export interface RangeOptions {
  /** Analyse only from this second. Default 0. */
  startSec?: number;
  /** Analyse only up to this second. Default: end. */
  endSec?: number;
}

function slice(w: Wav, r: RangeOptions): Float32Array {
  const a = Math.max(0, Math.floor((r.startSec ?? 0) * w.sampleRate));
  const e = Math.min(w.samples.length, r.endSec === undefined ? w.samples.length : Math.floor(r.endSec * w.sampleRate));
  return w.samples.subarray(a, Math.max(a, e));
}

const asWav = (src: string | Wav): Wav => (typeof src === 'string' ? readWav(src) : src);

/** RMS level (0..1 full scale) of the file or a time range of it. */
export function rms(src: string | Wav, range: RangeOptions = {}): number {
  const s = slice(asWav(src), range);
  if (s.length === 0) return 0;
  let acc = 0;
  for (const v of s) acc += v * v;
  return Math.sqrt(acc / s.length);
}

/**
 * Amplitude (0..1 full scale, as a sine peak) of `freqHz` in the file, by the
 * Goertzel algorithm over Hann-windowed 100 ms blocks, averaged. A 0.5 tone
 * reads ~0.5; silence or other tones read ~0.
 */
export function toneLevel(src: string | Wav, freqHz: number, range: RangeOptions = {}): number {
  const w = asWav(src);
  const s = slice(w, range);
  const n = Math.max(64, Math.floor(w.sampleRate / 10));
  if (s.length < n) return 0;
  const win = hann(n);
  const k = (2 * Math.PI * freqHz) / w.sampleRate;
  const coeff = 2 * Math.cos(k);
  const winSum = win.reduce((a, b) => a + b, 0);
  let total = 0;
  let blocks = 0;
  for (let start = 0; start + n <= s.length; start += n) {
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const s0 = s[start + i]! * win[i]! + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    total += (2 * Math.sqrt(Math.max(0, power))) / winSum;
    blocks++;
  }
  return total / blocks;
}

/**
 * Dominant frequency in Hz (Welch-averaged FFT, Hann window, parabolic peak
 * interpolation; ignores < 50 Hz). Returns 0 for silence.
 */
export function dominantFrequency(src: string | Wav, range: RangeOptions = {}): number {
  const w = asWav(src);
  const s = slice(w, range);
  const n = 4096;
  if (s.length < n) return 0;
  const win = hann(n);
  const spec = new Float64Array(n / 2);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let start = 0; start + n <= s.length; start += n / 2) {
    for (let i = 0; i < n; i++) {
      re[i] = s[start + i]! * win[i]!;
      im[i] = 0;
    }
    fft(re, im);
    for (let i = 0; i < n / 2; i++) spec[i]! += re[i]! * re[i]! + im[i]! * im[i]!;
  }
  const minBin = Math.ceil((50 * n) / w.sampleRate);
  let best = minBin;
  for (let i = minBin; i < n / 2; i++) if (spec[i]! > spec[best]!) best = i;
  if (spec[best]! < 1e-9) return 0;
  const a = spec[best - 1] ?? 0;
  const b = spec[best]!;
  const c = spec[best + 1] ?? 0;
  const denom = a - 2 * b + c;
  const delta = denom === 0 ? 0 : (0.5 * (a - c)) / denom;
  return ((best + delta) * w.sampleRate) / n;
}

/** Summary of a recording: duration, RMS and dominant frequency. */
export function analyseWav(path: string, range: RangeOptions = {}): { sampleRate: number; durationSec: number; rms: number; dominantHz: number } {
  const w = readWav(path);
  return { sampleRate: w.sampleRate, durationSec: w.durationSec, rms: rms(w, range), dominantHz: dominantFrequency(w, range) };
}

function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
  return w;
}

function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let j = 0; j < len / 2; j++) {
        const a = i + j;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}
