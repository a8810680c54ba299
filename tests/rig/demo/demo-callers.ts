/**
 * Who rings the demo seat: realistic Chinese numbers (mobile and landline,
 * some calling again), the centre's context headers, and a Mandarin
 * question spoken by espeak-ng (`-v cmn`), made into the 8 kHz mono 16-bit
 * WAV baresip plays as its microphone.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readWav, writeWav } from '../wav';

export interface DemoCaller {
  /** As the caller's line presents it (the From user). */
  readonly number: string;
  /** X-Caller-Area: where the centre's switch says the caller is. */
  readonly area: string;
  readonly question: string;
}

const callers: readonly DemoCaller[] = [
  { number: '13903712345', area: '河南省郑州市', question: '你好，我被狗咬了，要打狂犬疫苗吗？' },
  { number: '037163821234', area: '河南省郑州市', question: '孩子的疫苗漏打了，怎么补种？' },
  { number: '15838098765', area: '河南省洛阳市', question: '打完疫苗发烧了怎么办？' },
  { number: '01065123456', area: '北京市', question: 'HPV疫苗怎么预约？' },
  { number: '18637165432', area: '河南省郑州市', question: '被猫抓伤了要打狂犬疫苗吗？' },
];

/**
 * The n-th call (1-based). Every third call is a repeat caller (the one of
 * two calls before, asking again), so the caller history fills in.
 */
export function demoCall(n: number): DemoCaller & { repeat: boolean } {
  if (n % 3 === 0) {
    const earlier = demoCall(n - 2);
    return { ...earlier, question: `我前面打过电话，${earlier.question.replace(/^你好，/, '')}`, repeat: true };
  }
  const fresh = n - Math.floor(n / 3) - 1;
  return { ...callers[fresh % callers.length]!, repeat: false };
}

const queues = ['12320-健康咨询', '12320-疫苗接种', '12320-疾病防控'];
const ivrPaths = ['1>2', '1>3>1', '2>1'];

/** The headers the centre's IVR would add to the n-th call. */
export function contextHeaders(n: number, runId: string, waitSeconds: number, area: string): Record<string, string> {
  return {
    'X-Call-Uid': `demo-${runId}-${n}`,
    'X-Queue': queues[n % queues.length]!,
    'X-IVR-Path': ivrPaths[n % ivrPaths.length]!,
    'X-Wait-Seconds': String(waitSeconds),
    'X-Caller-Area': area,
  };
}

/**
 * The caller's microphone: ~0.8 s of line quiet, the question, then quiet
 * up to `seconds` (baresip closes the call when its WAV ends, so this is the
 * longest the caller stays). 8 kHz mono 16-bit.
 */
export function speakQuestion(espeak: string, question: string, dir: string, name: string, seconds: number): { wav: string; speechSeconds: number } {
  const raw = join(dir, `${name}-espeak.wav`);
  const made = spawnSync(espeak, ['-v', 'cmn', '-s', '170', '-w', raw, question], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`espeak-ng failed: ${made.stderr || made.error?.message || `exit ${made.status}`}`);
  const speech = readWav(raw);
  const rate = 8000;
  const ratio = speech.sampleRate / rate;
  const speechSamples = Math.floor(speech.samples.length / ratio);
  let peak = 0;
  for (const s of speech.samples) peak = Math.max(peak, Math.abs(s));
  const gain = peak > 0 ? 0.7 / peak : 1;
  const lead = Math.round(0.8 * rate);
  const total = Math.max(Math.round(seconds * rate), lead + speechSamples + rate);
  const pcm = new Int16Array(total);
  // Box low-pass over one output period, then decimate (speech band is well under 4 kHz).
  const half = Math.max(1, Math.round(ratio / 2));
  for (let i = 0; i < speechSamples; i++) {
    const centre = Math.round(i * ratio);
    let sum = 0;
    let count = 0;
    for (let j = centre - half; j <= centre + half; j++) {
      if (j < 0 || j >= speech.samples.length) continue;
      sum += speech.samples[j]!;
      count++;
    }
    pcm[lead + i] = Math.round(Math.max(-1, Math.min(1, (sum / Math.max(1, count)) * gain)) * 32767);
  }
  const wav = join(dir, `${name}.wav`);
  writeWav(wav, pcm, rate);
  return { wav, speechSeconds: speechSamples / rate };
}
