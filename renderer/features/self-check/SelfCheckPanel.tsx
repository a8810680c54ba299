/**
 * The pre-Ready self-check, opened at sign-in and on demand (top bar 自检):
 * registration, microphone level (the agent says 喂), a test tone in the
 * headset and one on the ring device (the agent says whether it heard them),
 * knowledge-base freshness and records waiting. Each line is green or red
 * with what to do; nothing here stops the agent from going Ready.
 *
 * The live meter moves through a ref (no re-render per frame); what counts —
 * "the microphone picked up speech", "heard the tone" — goes to the store.
 */
import { useEffect, useRef, useState } from 'react';
import { useNow } from '../../app/use-now.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { routeToDevice, startPlayback } from '../../media/audio-sink.js';
import { useSeat } from '../../store/store-context.js';
import type { ToneOutputName } from '../../store/slices/self-check-slice.js';
import { statusLines, type SelfCheckLine } from './self-check-lines.js';
import './self-check.css';

/** Speech at a headset microphone peaks well above this; room noise stays below. */
export const speechPeakDb = -30;

export function SelfCheckPanel() {
  const t = useTranslate();
  const status = useSeat((s) => s.status);
  const results = useSeat((s) => s.selfCheck);
  const closed = useSeat((s) => s.selfCheckClosed);
  const answered = useSeat((s) => s.testToneAnswered);
  const profile = useSeat((s) => s.profile);
  const now = useNow(30_000);

  const mic = results.microphone;
  const lines: SelfCheckLine[] = [
    ...statusLines(status, now).slice(0, 1),
    mic === null
      ? { id: 'microphone', ok: null, text: 'selfCheck.microphone.speak' }
      : mic.error !== null
        ? { id: 'microphone', ok: false, text: 'selfCheck.microphone.unavailable', vars: { error: mic.error }, fix: 'selfCheck.microphone.fix' }
        : mic.ok
          ? { id: 'microphone', ok: true, text: 'selfCheck.microphone.ok', vars: { db: Math.round(mic.peakDb ?? 0) } }
          : { id: 'microphone', ok: false, text: 'selfCheck.microphone.quiet', vars: { db: Math.round(mic.peakDb ?? -100) }, fix: 'selfCheck.microphone.fix' },
    toneLine('headset', results.heard.headset),
    toneLine('ring', results.heard.ring),
    ...statusLines(status, now).slice(1),
  ];
  const red = lines.filter((l) => l.ok === false).length;

  return (
    <section className="self-check" aria-label={t('selfCheck.title')} data-testid="self-check">
      <header>
        <h2>{t('selfCheck.title')}</h2>
        <span data-testid="self-check-summary">{red === 0 ? t('selfCheck.summary.ok') : t('selfCheck.summary.red', { count: red })}</span>
      </header>
      <ul>
        {lines.map((line) => (
          <li key={line.id} data-testid={`self-check-${line.id}`} data-ok={line.ok === null ? 'pending' : String(line.ok)} className={line.ok === null ? 'pending' : line.ok ? 'ok' : 'red'}>
            <span className="mark" aria-hidden="true">{line.ok === null ? '…' : line.ok ? '✔' : '✖'}</span>
            <span className="text">{t(line.text, line.vars)}</span>
            {line.ok === false && line.fix && <span className="fix">{t(line.fix)}</span>}
            {line.id === 'microphone' && <MicrophoneMeter deviceId={profile?.microphoneId ?? ''} />}
            {(line.id === 'tone-headset' || line.id === 'tone-ring') && (
              <ToneTest
                output={line.id === 'tone-headset' ? 'headset' : 'ring'}
                deviceId={(line.id === 'tone-headset' ? profile?.speakerId : profile?.ringDeviceId) ?? ''}
                onAnswer={answered}
              />
            )}
          </li>
        ))}
      </ul>
      <p className="self-check-note">{t('selfCheck.mayGoReady')}</p>
      <button type="button" onClick={closed}>
        {t('selfCheck.close')}
      </button>
    </section>
  );
}

function toneLine(output: ToneOutputName, heard: boolean | null): SelfCheckLine {
  const id = output === 'headset' ? 'tone-headset' : 'tone-ring';
  if (heard === null) return { id, ok: null, text: output === 'headset' ? 'selfCheck.tone.headset' : 'selfCheck.tone.ring' };
  return heard
    ? { id, ok: true, text: output === 'headset' ? 'selfCheck.tone.headsetHeard' : 'selfCheck.tone.ringHeard' }
    : { id, ok: false, text: output === 'headset' ? 'selfCheck.tone.headsetNotHeard' : 'selfCheck.tone.ringNotHeard', fix: 'selfCheck.tone.fix' };
}

/** Listens to the chosen microphone; reports once speech was heard (or why it cannot listen). */
function MicrophoneMeter({ deviceId }: { deviceId: string }) {
  const checked = useSeat((s) => s.microphoneChecked);
  const bar = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let context: AudioContext | null = null;
    let frame = 0;
    let peak = -100;
    let reported = false;
    const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!media?.getUserMedia || typeof AudioContext === 'undefined') {
      checked({ ok: false, peakDb: null, error: 'NotSupportedError' });
      return;
    }
    const audio: MediaTrackConstraints = { echoCancellation: false, noiseSuppression: false, autoGainControl: false, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) };
    void media.getUserMedia({ audio }).then(
      (s) => {
        if (stopped) return s.getTracks().forEach((tr) => tr.stop());
        stream = s;
        context = new AudioContext();
        const analyser = context.createAnalyser();
        analyser.fftSize = 2048;
        context.createMediaStreamSource(s).connect(analyser);
        const samples = new Float32Array(analyser.fftSize);
        const tick = () => {
          if (stopped) return;
          analyser.getFloatTimeDomainData(samples);
          let max = 0;
          for (const v of samples) max = Math.max(max, Math.abs(v));
          const db = max > 0 ? 20 * Math.log10(max) : -100;
          if (bar.current) bar.current.style.width = `${Math.max(0, Math.min(100, db + 100))}%`;
          if (db > peak) peak = db;
          if (!reported && peak > speechPeakDb) {
            reported = true;
            checked({ ok: true, peakDb: peak, error: null });
          }
          frame = requestAnimationFrame(tick);
        };
        tick();
        // Nothing loud enough within 8 s: red, still listening (a 喂 later turns it green).
        setTimeout(() => {
          if (!stopped && !reported) checked({ ok: false, peakDb: peak, error: null });
        }, 8000);
      },
      (error: unknown) => checked({ ok: false, peakDb: null, error: error instanceof Error ? error.name : String(error) }),
    );
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((tr) => tr.stop());
      void context?.close();
    };
  }, [deviceId, checked]);
  return (
    <span className="meter" aria-hidden="true">
      <span ref={bar} className="meter-bar" data-testid="mic-meter" />
    </span>
  );
}

/** Plays a 1 kHz tone for 0.8 s on one output, then asks whether it was heard. */
function ToneTest({ output, deviceId, onAnswer }: { output: ToneOutputName; deviceId: string; onAnswer: (o: ToneOutputName, heard: boolean) => void }) {
  const t = useTranslate();
  const [played, setPlayed] = useState(false);
  const play = async () => {
    setPlayed(true);
    if (typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    oscillator.frequency.value = 1000;
    const gain = context.createGain();
    gain.gain.value = 0.2;
    const sink = context.createMediaStreamDestination();
    oscillator.connect(gain).connect(sink);
    const element = new Audio();
    element.srcObject = sink.stream;
    await routeToDevice(element, deviceId);
    oscillator.start();
    await startPlayback(element);
    setTimeout(() => {
      oscillator.stop();
      element.pause();
      void context.close();
    }, 800);
  };
  return (
    <span className="tone-test">
      <button type="button" data-testid={`play-tone-${output}`} onClick={() => void play()}>
        {t('selfCheck.tone.play')}
      </button>
      {played && (
        <>
          <button type="button" onClick={() => onAnswer(output, true)}>
            {t('selfCheck.tone.heard')}
          </button>
          <button type="button" onClick={() => onAnswer(output, false)}>
            {t('selfCheck.tone.notHeard')}
          </button>
        </>
      )}
    </span>
  );
}

/** Opens the self-check when an agent signs in at this seat; renders it while open. */
export function SelfCheckHost() {
  // undefined until the shift state has loaded, null while nobody is signed in.
  const agentNo = useSeat((s) => (s.shift === null ? undefined : (s.shift.agent?.agentNo ?? null)));
  const open = useSeat((s) => s.selfCheckOpen);
  const opened = useSeat((s) => s.selfCheckOpened);
  const previous = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    // Only a sign-in seen by this page (not an agent already signed in when it loads).
    if (previous.current === null && typeof agentNo === 'string') opened();
    previous.current = agentNo;
  }, [agentNo, opened]);
  return open ? <SelfCheckPanel /> : null;
}
