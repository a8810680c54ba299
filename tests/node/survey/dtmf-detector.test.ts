import { describe, expect, it } from 'vitest';
import { DtmfDetector, type DtmfDetectorOptions } from '../../../renderer/media/dtmf-detector.js';
import {
  ALL_DIGITS,
  addNoise,
  concat,
  dtmfTone,
  mandarinSpeech,
  normalise,
  sampleSentences,
  seededRandom,
  silence,
  type ToneOptions,
} from '../../bench/dtmf-signal.js';

function detect(signal: Float32Array, opts: DtmfDetectorOptions, chunk = 128): string {
  const d = new DtmfDetector(opts);
  const found: string[] = [];
  for (let i = 0; i < signal.length; i += chunk) found.push(...d.push(signal.subarray(i, i + chunk)).map((h) => h.digit));
  return found.join('');
}

function sequence(digits: string, rate: number, toneMs: number, gapMs: number, o: ToneOptions = {}): Float32Array {
  const parts = [silence(50, rate)];
  for (const dg of digits) parts.push(dtmfTone(dg as never, toneMs, rate, o), silence(gapMs, rate));
  return concat(parts);
}

describe('DtmfDetector on synthetic tones', () => {
  it.each([8000, 16000, 44100, 48000])('finds all 16 digits of 80 ms with 80 ms gaps at %i Hz', (rate) => {
    const digits = ALL_DIGITS.join('');
    expect(detect(sequence(digits, rate, 80, 80), { sampleRate: rate })).toBe(digits);
  });

  it('finds random digits of 80–200 ms with 80–200 ms gaps, ±1.5 % off-frequency, twist and noise', () => {
    const rate = 44100;
    const rand = seededRandom(42);
    const parts = [silence(100, rate)];
    let expected = '';
    for (let i = 0; i < 200; i++) {
      const dg = ALL_DIGITS[Math.floor(rand() * 16)]!;
      expected += dg;
      const tone = dtmfTone(dg, 80 + rand() * 120, rate, {
        levelDbfs: -30 + rand() * 22,
        twistDb: -4 + rand() * 10,
        freqError: (rand() - 0.5) * 0.03,
      });
      parts.push(tone, silence(80 + rand() * 120, rate));
    }
    const signal = addNoise(concat(parts), -50, rand);
    expect(detect(signal, { sampleRate: rate })).toBe(expected);
  });

  it('reports a digit once while it is held, and again after a real gap', () => {
    const rate = 8000;
    expect(detect(dtmfTone('5', 1500, rate), { sampleRate: rate })).toBe('5');
    expect(detect(sequence('55', rate, 80, 80), { sampleRate: rate })).toBe('55');
    // A 10 ms dropout inside one key press is not a second press.
    const dropout = concat([dtmfTone('7', 100, rate), silence(10, rate), dtmfTone('7', 100, rate)]);
    expect(detect(dropout, { sampleRate: rate })).toBe('7');
  });

  it('bridges a playout glitch inside a tone: two 35 ms halves with 4 ms of silence are one digit', () => {
    const rate = 48000;
    const glitchy = concat([silence(50, rate), dtmfTone('4', 35, rate), silence(4, rate), dtmfTone('4', 35, rate), silence(100, rate)]);
    expect(detect(glitchy, { sampleRate: rate })).toBe('4');
    // Two such glitches back to back end the run: nothing long enough is left.
    const broken = concat([silence(50, rate), dtmfTone('4', 30, rate), silence(20, rate), dtmfTone('4', 30, rate), silence(100, rate)]);
    expect(detect(broken, { sampleRate: rate })).toBe('');
  });

  it('rejects tones shorter than the minimum duration and accepts 45 ms', () => {
    const rate = 48000;
    expect(detect(sequence('123', rate, 25, 100), { sampleRate: rate })).toBe('');
    expect(detect(sequence('123', rate, 45, 100), { sampleRate: rate })).toBe('123');
  });

  it('checks the level: −35 dBFS is heard, −50 dBFS is not', () => {
    const rate = 16000;
    expect(detect(sequence('90', rate, 100, 100, { levelDbfs: -35 }), { sampleRate: rate })).toBe('90');
    expect(detect(sequence('90', rate, 100, 100, { levelDbfs: -50 }), { sampleRate: rate })).toBe('');
  });

  it('checks twist: 6 dB normal and 4 dB reverse pass, 11 dB normal and 9 dB reverse do not', () => {
    const rate = 8000;
    expect(detect(sequence('2', rate, 100, 100, { twistDb: 6 }), { sampleRate: rate })).toBe('2');
    expect(detect(sequence('2', rate, 100, 100, { twistDb: -4 }), { sampleRate: rate })).toBe('2');
    expect(detect(sequence('2', rate, 100, 100, { twistDb: 11 }), { sampleRate: rate })).toBe('');
    expect(detect(sequence('2', rate, 100, 100, { twistDb: -9 }), { sampleRate: rate })).toBe('');
  });

  it('rejects a single tone and a tone pair that is not DTMF (±5 % off)', () => {
    const rate = 8000;
    const single = new Float32Array(800).map((_, i) => 0.3 * Math.sin((2 * Math.PI * 770 * i) / rate));
    expect(detect(single, { sampleRate: rate })).toBe('');
    expect(detect(sequence('8', rate, 150, 100, { freqError: 0.05 }), { sampleRate: rate })).toBe('');
  });

  it('detects tones under white noise at 15 dB SNR per tone', () => {
    const rate = 44100;
    const signal = addNoise(sequence('3141592653', rate, 90, 90, { levelDbfs: -20 }), -35, seededRandom(7));
    expect(detect(signal, { sampleRate: rate })).toBe('3141592653');
  });

  it('gives the same result whatever the chunk size', () => {
    const rate = 44100;
    const signal = sequence('#0*9', rate, 85, 85);
    expect(detect(signal, { sampleRate: rate }, 1)).toBe('#0*9');
    expect(detect(signal, { sampleRate: rate }, 128)).toBe('#0*9');
    expect(detect(signal, { sampleRate: rate }, signal.length)).toBe('#0*9');
  });

  it('reports the tone start and decides within 60 ms of it', () => {
    const rate = 48000;
    const d = new DtmfDetector({ sampleRate: rate });
    const hits = d.push(concat([silence(200, rate), dtmfTone('6', 150, rate), silence(100, rate)]));
    expect(hits).toHaveLength(1);
    const startMs = (hits[0]!.startSample / rate) * 1000;
    const decidedMs = (hits[0]!.detectedSample / rate) * 1000;
    expect(startMs).toBeGreaterThanOrEqual(190);
    expect(startMs).toBeLessThanOrEqual(215);
    expect(decidedMs - 200).toBeLessThanOrEqual(60);
    const ends = d.takeEnds();
    expect(ends).toHaveLength(1);
    expect(Math.abs((ends[0]!.endSample / rate) * 1000 - 350)).toBeLessThanOrEqual(10);
    expect(d.takeEnds()).toHaveLength(0);
  });
});

describe('DtmfDetector on Mandarin speech (espeak-ng)', () => {
  const rate = 8000;
  const sentences = sampleSentences();
  const voices = [undefined, 'f2', 'm3', 'f4'];
  const speech = normalise(
    concat(sentences.slice(0, 24).map((s, i) => mandarinSpeech(s, rate, { variant: voices[i % 4], pitch: 25 + ((i * 11) % 60), speed: 140 + ((i * 13) % 60) }))),
    -12,
  );

  it('finds no digit in about two minutes of speech, clean and with noise', () => {
    expect(speech.length / rate).toBeGreaterThan(100);
    expect(detect(speech, { sampleRate: rate })).toBe('');
    expect(detect(addNoise(Float32Array.from(speech), -40, seededRandom(3)), { sampleRate: rate })).toBe('');
  });

  it('still finds a digit pressed while the caller talks 15 dB below it', () => {
    const talk = normalise(Float32Array.from(speech.subarray(0, rate * 4)), -25);
    const tones = sequence('19', rate, 120, 1500, { levelDbfs: -10 });
    const mixed = new Float32Array(talk.length);
    for (let i = 0; i < mixed.length; i++) mixed[i] = talk[i]! + (tones[i] ?? 0);
    expect(detect(mixed, { sampleRate: rate })).toBe('19');
  });
});
