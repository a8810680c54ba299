/**
 * In-band DTMF detection: the pure signal logic behind the survey's
 * AudioWorklet (`dtmf-worklet.ts`). No DOM, no Node — plain TypeScript that
 * the worklet runs on the received audio and Node tests feed synthetic tones
 * and speech.
 *
 * The WebRTC engine gives RFC 4733 events no receiving API but plays them out
 * as tones, so this one detector catches in-band tones and RFC 4733 digits.
 *
 * ```
 *  samples ─▶ sliding block (12.75 ms, hop ≈ 6.4 ms)
 *            ─▶ Goertzel power at the 8 DTMF frequencies + block power
 *            ─▶ per-block verdict: digit | none
 *                 energy    each tone ≥ minToneDbfs
 *                 twist     col−row ≤ maxNormalTwistDb, row−col ≤ maxReverseTwistDb
 *                 peak      best row/col ≥ next in its group + minPeakRatioDb
 *                 purity    (row + col power) / block power ≥ minPurity
 *                 steadiness tone power within ±maxLevelSwingDb of the run's first block
 *            ─▶ run of the same digit ≥ minToneMs → one `digit` event (reported once);
 *               one odd block inside a run is bridged (a playout glitch), two end it
 *               silence/other ≥ minGapMs re-arms the same digit
 * ```
 *
 * The block length 1/78.4 Hz puts each row's neighbours close to the
 * Goertzel's first null (rows are 73–89 Hz apart), as in the 102-sample block
 * of classic 8 kHz detectors, at any sample rate.
 */

export const DTMF_ROWS = [697, 770, 852, 941] as const;
export const DTMF_COLS = [1209, 1336, 1477, 1633] as const;
export const DTMF_KEYS = ['123A', '456B', '789C', '*0#D'] as const;

export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export interface DtmfDetectorOptions {
  readonly sampleRate: number;
  /** Steady tone needed before a digit is reported (speech rarely holds two pure tones this long). */
  readonly minToneMs?: number;
  /** Tone-free time needed before the same digit may be reported again. */
  readonly minGapMs?: number;
  /** Minimum power of each of the two tones, dB relative to a full-scale sine. */
  readonly minToneDbfs?: number;
  /** Column tone louder than the row tone by at most this (normal twist). */
  readonly maxNormalTwistDb?: number;
  /** Row tone louder than the column tone by at most this (reverse twist). */
  readonly maxReverseTwistDb?: number;
  /** Best frequency of a group over the next best of the same group. */
  readonly minPeakRatioDb?: number;
  /** Share of the block's power that the two tones must carry (0–1). */
  readonly minPurity?: number;
  /** Largest change of a tone's level inside one digit (speech glides, tones do not). */
  readonly maxLevelSwingDb?: number;
}

export interface DtmfDetection {
  readonly digit: DtmfDigit;
  /** Sample index (from the first sample pushed) where the tone's first accepted block began. */
  readonly startSample: number;
  /** Sample index at which the digit was confirmed (the detector's decision time). */
  readonly detectedSample: number;
}

/** The end of a reported digit's tone. */
export interface DtmfToneEnd {
  readonly digit: DtmfDigit;
  readonly startSample: number;
  /** Sample index where the tone's last accepted block ended. */
  readonly endSample: number;
}

/** Why a block was not a digit (for tests and tuning; counted per reason). */
export type BlockVerdict = DtmfDigit | 'quiet' | 'twist' | 'peak' | 'impure';

const defaults = {
  minToneMs: 40,
  minGapMs: 40,
  minToneDbfs: -42,
  maxNormalTwistDb: 8,
  maxReverseTwistDb: 6,
  minPeakRatioDb: 8,
  minPurity: 0.72,
  maxLevelSwingDb: 6,
} as const;

const BLOCK_SECONDS = 1 / 78.4;
const dbToPower = (db: number): number => 10 ** (db / 10);

interface GoertzelBin {
  readonly coeff: number;
  readonly cos: number;
  readonly sin: number;
}

function makeBin(freq: number, sampleRate: number): GoertzelBin {
  const w = (2 * Math.PI * freq) / sampleRate;
  return { coeff: 2 * Math.cos(w), cos: Math.cos(w), sin: Math.sin(w) };
}

/**
 * Feed it mono samples (−1…1) in chunks of any size with `push`; it returns
 * the digits confirmed in that chunk. One detector per received stream.
 */
export class DtmfDetector {
  readonly sampleRate: number;
  readonly blockSize: number;
  readonly hopSize: number;
  private readonly opts: Required<Omit<DtmfDetectorOptions, 'sampleRate'>>;
  private readonly rowBins: GoertzelBin[];
  private readonly colBins: GoertzelBin[];
  private readonly ring: Float32Array;
  private ringPos = 0;
  private filled = 0;
  private sinceHop = 0;
  private total = 0;
  private readonly minToneBlocks: number;
  private readonly minGapBlocks: number;
  private readonly minTonePower: number;
  // Current run of identical block verdicts.
  private runDigit: DtmfDigit | null = null;
  private runBlocks = 0;
  private runStart = 0;
  private runRowPower = 0;
  private runColPower = 0;
  private runLastEnd = 0;
  /** Bad blocks bridged since the run's last good block (at most one: an audio glitch). */
  private runMisses = 0;
  private ends: DtmfToneEnd[] = [];
  private reported: DtmfDigit | null = null;
  private gapBlocks = 0;
  /** Block verdict counts since creation (diagnostics for tests and the bench). */
  readonly verdicts: Record<string, number> = {};

  constructor(options: DtmfDetectorOptions) {
    if (!(options.sampleRate >= 8000)) throw new RangeError(`DTMF detector: sample rate ${options.sampleRate} < 8000`);
    this.sampleRate = options.sampleRate;
    this.opts = { ...defaults, ...stripUndefined(options) };
    this.blockSize = Math.round(options.sampleRate * BLOCK_SECONDS);
    this.hopSize = Math.max(1, Math.round(this.blockSize / 2));
    this.rowBins = DTMF_ROWS.map((f) => makeBin(f, this.sampleRate));
    this.colBins = DTMF_COLS.map((f) => makeBin(f, this.sampleRate));
    this.ring = new Float32Array(this.blockSize);
    const hopMs = (this.hopSize / this.sampleRate) * 1000;
    const blockMs = (this.blockSize / this.sampleRate) * 1000;
    // A run of n blocks spans blockMs + (n − 1)·hopMs of tone.
    this.minToneBlocks = Math.max(2, Math.ceil((this.opts.minToneMs - blockMs) / hopMs) + 1);
    this.minGapBlocks = Math.max(1, Math.ceil(this.opts.minGapMs / hopMs));
    this.minTonePower = dbToPower(this.opts.minToneDbfs) / 2; // a full-scale sine has power 1/2
  }

  /** Ends of reported tones since the last call (a tone's end is known one block after it). */
  takeEnds(): DtmfToneEnd[] {
    const ends = this.ends;
    this.ends = [];
    return ends;
  }

  /** Samples pushed so far. */
  get samplesSeen(): number {
    return this.total;
  }

  reset(): void {
    this.ring.fill(0);
    this.ringPos = 0;
    this.filled = 0;
    this.sinceHop = 0;
    this.runDigit = null;
    this.runBlocks = 0;
    this.reported = null;
    this.gapBlocks = 0;
  }

  push(samples: ArrayLike<number>): DtmfDetection[] {
    const found: DtmfDetection[] = [];
    const n = samples.length;
    for (let i = 0; i < n; i++) {
      this.ring[this.ringPos] = samples[i]!;
      this.ringPos = this.ringPos + 1 === this.blockSize ? 0 : this.ringPos + 1;
      this.total++;
      if (this.filled < this.blockSize) this.filled++;
      if (++this.sinceHop >= this.hopSize && this.filled === this.blockSize) {
        this.sinceHop = 0;
        const hit = this.onBlock();
        if (hit) found.push(hit);
      }
    }
    return found;
  }

  private onBlock(): DtmfDetection | null {
    const { verdict, rowPower, colPower } = this.analyse();
    this.verdicts[verdict] = (this.verdicts[verdict] ?? 0) + 1;
    const blockStart = this.total - this.blockSize;
    const digit = verdict.length === 1 ? (verdict as DtmfDigit) : null;
    const good = digit !== null && digit === this.runDigit && this.isSteady(rowPower, colPower);
    if (!good && this.runDigit !== null && this.runMisses === 0) {
      // One odd block inside a tone (a playout glitch, a click) does not end it.
      this.runMisses = 1;
      return null;
    }
    if (digit === null) {
      this.endRun();
      return null;
    }
    if (good) {
      this.runBlocks++;
      this.runLastEnd = this.total;
      this.runMisses = 0;
    } else {
      this.endRun();
      this.runDigit = digit;
      this.runBlocks = 1;
      this.runStart = blockStart;
      this.runLastEnd = this.total;
      this.runMisses = 0;
      this.runRowPower = rowPower;
      this.runColPower = colPower;
    }
    if (this.runBlocks === this.minToneBlocks && this.reported !== digit) {
      this.reported = digit;
      this.gapBlocks = 0;
      return { digit, startSample: this.runStart, detectedSample: this.total };
    }
    return null;
  }

  private endRun(): void {
    if (this.runDigit !== null && this.runBlocks >= this.minToneBlocks) {
      this.gapBlocks = 0;
      if (this.runDigit === this.reported) this.ends.push({ digit: this.runDigit, startSample: this.runStart, endSample: this.runLastEnd });
    }
    this.runDigit = null;
    this.runBlocks = 0;
    this.runMisses = 0;
    if (this.reported !== null && ++this.gapBlocks >= this.minGapBlocks) this.reported = null;
  }

  private isSteady(rowPower: number, colPower: number): boolean {
    const swing = dbToPower(this.opts.maxLevelSwingDb);
    const within = (p: number, ref: number) => p <= ref * swing && p * swing >= ref;
    return within(rowPower, this.runRowPower) && within(colPower, this.runColPower);
  }

  private analyse(): { verdict: BlockVerdict; rowPower: number; colPower: number } {
    const N = this.blockSize;
    const start = this.ringPos; // oldest sample
    let energy = 0;
    const rows = [0, 0, 0, 0];
    const cols = [0, 0, 0, 0];
    for (let b = 0; b < 8; b++) {
      const bin = b < 4 ? this.rowBins[b]! : this.colBins[b - 4]!;
      let s1 = 0;
      let s2 = 0;
      const c = bin.coeff;
      for (let k = 0; k < N; k++) {
        const idx = start + k < N ? start + k : start + k - N;
        const s0 = this.ring[idx]! + c * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      const re = s1 - s2 * bin.cos;
      const im = s2 * bin.sin;
      // Power of the sinusoid at this frequency: |X|² · 2 / N² (a sine of amplitude A reads A²/2).
      const power = ((re * re + im * im) * 2) / (N * N);
      if (b < 4) rows[b] = power;
      else cols[b - 4] = power;
    }
    for (let k = 0; k < N; k++) {
      const v = this.ring[k]!;
      energy += v * v;
    }
    const blockPower = energy / N;
    const r = argmax(rows);
    const c = argmax(cols);
    const rowPower = rows[r]!;
    const colPower = cols[c]!;
    const none = (verdict: BlockVerdict) => ({ verdict, rowPower, colPower });
    if (rowPower < this.minTonePower || colPower < this.minTonePower) return none('quiet');
    if (colPower > rowPower * dbToPower(this.opts.maxNormalTwistDb)) return none('twist');
    if (rowPower > colPower * dbToPower(this.opts.maxReverseTwistDb)) return none('twist');
    const peak = dbToPower(this.opts.minPeakRatioDb);
    for (let i = 0; i < 4; i++) {
      if (i !== r && rows[i]! * peak > rowPower) return none('peak');
      if (i !== c && cols[i]! * peak > colPower) return none('peak');
    }
    if (rowPower + colPower < this.opts.minPurity * blockPower) return none('impure');
    return none(DTMF_KEYS[r]![c] as DtmfDigit);
  }
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
