/**
 * Audio proof for end-to-end phone tests, by frequency:
 * - what the SEAT hears: the page's test probe (`window.__hotseatMediaProbe`,
 *   an AnalyserNode on the call's received audio);
 * - what the CALLER hears: baresip's dump of the received audio (WAV), read
 *   while it is being written.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { toneLevel, dominantFrequency, type BaresipHandle, type Wav } from '../../rig/index.js';

export interface SeatHearing {
  readonly peakHz: number;
  readonly peakDb: number;
  /** dB at the frequency asked for. */
  readonly levelDb: number;
}

/** What the seat hears now on its newest call (or `sessionId`). */
export async function seatHears(page: Page, hz: number, sessionId?: string): Promise<SeatHearing | null> {
  return page.evaluate(
    ({ hz, sessionId }) => {
      const probe = window.__hotseatMediaProbe;
      if (!probe) throw new Error('no media probe: open the page with #…&probe=1');
      const peak = probe.peak(sessionId);
      const level = probe.levelAt(hz, sessionId);
      if (!peak || level === null) return null;
      return { peakHz: peak.hz, peakDb: peak.db, levelDb: level };
    },
    { hz, sessionId },
  );
}

/** Polls until the seat's strongest received frequency is `hz` (±tolerance) and loud. */
export async function waitUntilSeatHears(page: Page, hz: number, options: { timeoutMs?: number; minDb?: number; sessionId?: string } = {}): Promise<SeatHearing> {
  const deadline = Date.now() + (options.timeoutMs ?? 8000);
  let last: SeatHearing | null = null;
  while (Date.now() < deadline) {
    last = await seatHears(page, hz, options.sessionId);
    if (last && Math.abs(last.peakHz - hz) <= 15 && last.levelDb > (options.minDb ?? -50)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`seat did not hear ${hz} Hz within ${options.timeoutMs ?? 8000} ms; last: ${JSON.stringify(last)}`);
}

/** Polls until the seat's level at `hz` stays below `maxDb` (silence on hold). */
export async function waitUntilSeatQuiet(page: Page, hz: number, options: { timeoutMs?: number; maxDb?: number; sessionId?: string } = {}): Promise<SeatHearing | null> {
  const deadline = Date.now() + (options.timeoutMs ?? 8000);
  let last: SeatHearing | null = null;
  while (Date.now() < deadline) {
    last = await seatHears(page, hz, options.sessionId);
    if (!last || last.levelDb < (options.maxDb ?? -90)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`seat still hears ${hz} Hz after ${options.timeoutMs ?? 8000} ms; last: ${JSON.stringify(last)}`);
}

export interface CallerHearing {
  readonly dominantHz: number;
  /** Goertzel amplitude at the frequency asked for (0.5 tone ≈ 0.5; silence ≈ 0.00x). */
  readonly level: number;
  /** Length of the whole dump so far. */
  readonly durationSec: number;
  /** Length of the part analysed. */
  readonly seconds: number;
}

/**
 * Reads a 16-bit PCM WAV that is still being written: everything after the
 * `data` chunk header up to the end of the file, whatever size the header
 * claims (libsndfile leaves an early size in the header until it closes).
 */
export function readGrowingWav(path: string): Wav {
  const b = readFileSync(path);
  let off = 12;
  let sampleRate = 8000;
  let channels = 1;
  while (off + 8 <= b.length) {
    const id = b.toString('ascii', off, off + 4);
    const size = b.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      channels = b.readUInt16LE(off + 10);
      sampleRate = b.readUInt32LE(off + 12);
      if (b.readUInt16LE(off + 22) !== 16) throw new Error(`${path}: not 16-bit PCM`);
    } else if (id === 'data') {
      const body = b.subarray(off + 8, off + 8 + Math.floor((b.length - off - 8) / (2 * channels)) * 2 * channels);
      const frames = body.length / (2 * channels);
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += body.readInt16LE((i * channels + c) * 2) / 32768;
        samples[i] = sum / channels;
      }
      return { sampleRate, channels, samples, durationSec: frames / sampleRate };
    }
    off += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** A point in baresip's recordings: its newest dump and how long it was. */
export interface DumpMark {
  readonly file: string | undefined;
  readonly sec: number;
}

/**
 * Marks where baresip's recording is now. baresip starts a new dump file
 * when a re-INVITE restarts its audio stream (hold, resume).
 */
export function callerMark(baresip: BaresipHandle): DumpMark {
  const file = baresip.lastHeardWav();
  return { file, sec: file ? readGrowingWav(file).durationSec : 0 };
}

/**
 * What baresip heard after `since` (default: in the last second of its
 * newest dump). baresip only records audio it receives: while the seat
 * holds, nothing may be recorded at all — that is silence too.
 */
export function callerHeard(baresip: BaresipHandle, hz: number, since?: DumpMark): CallerHearing | null {
  const file = baresip.lastHeardWav();
  if (!file) return null;
  const wav = readGrowingWav(file);
  const startSec = since === undefined ? Math.max(0, wav.durationSec - 1) : since.file === file ? since.sec : 0;
  const range = { startSec, endSec: wav.durationSec };
  const seconds = Math.max(0, wav.durationSec - startSec);
  return { dominantHz: dominantFrequency(wav, range), level: toneLevel(wav, hz, range), durationSec: wav.durationSec, seconds };
}

/** Polls until baresip has heard at least 0.6 s of `hz` after `since` (default: in its last second). */
export async function waitUntilCallerHears(
  page: Page,
  baresip: BaresipHandle,
  hz: number,
  options: { timeoutMs?: number; minLevel?: number; since?: DumpMark } = {},
): Promise<CallerHearing> {
  const deadline = Date.now() + (options.timeoutMs ?? 8000);
  let last: CallerHearing | null = null;
  while (Date.now() < deadline) {
    last = callerHeard(baresip, hz, options.since);
    if (last && last.seconds >= 0.6 && Math.abs(last.dominantHz - hz) <= 10 && last.level > (options.minLevel ?? 0.05)) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(`caller did not hear ${hz} Hz within ${options.timeoutMs ?? 8000} ms; last: ${JSON.stringify(last)}`);
}

/**
 * Waits `settleMs` (audio still in flight through jitter buffers), then
 * listens for `windowMs` and returns what baresip heard of `hz` meanwhile:
 * level 0 when nothing at all arrived.
 */
export async function callerHearsDuring(page: Page, baresip: BaresipHandle, hz: number, windowMs = 1500, settleMs = 400): Promise<CallerHearing> {
  await page.waitForTimeout(settleMs);
  const since = callerMark(baresip);
  await page.waitForTimeout(windowMs);
  const heard = callerHeard(baresip, hz, since);
  if (!heard || heard.seconds < 0.1) return { dominantHz: 0, level: 0, durationSec: heard?.durationSec ?? 0, seconds: heard?.seconds ?? 0 };
  return heard;
}
