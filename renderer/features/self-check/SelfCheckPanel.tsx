/**
 * The pre-Ready self-check, opened at sign-in and on demand (top bar 自检):
 * registration, microphone level (the agent says 喂), a test tone in the
 * headset and one on the ring device (the agent says whether it heard them),
 * knowledge-base freshness and records waiting. Each line is green or red
 * with what to do. A red line keeps the agent from going Ready only when the
 * centre's setting says so (AgentStateBar, `selfCheckBlocksReady`).
 *
 * The live meter moves through a ref (no re-render per frame); what counts —
 * "the microphone picked up speech", "heard the tone" — goes to the store.
 */
import { useEffect, useRef, useState } from 'react';
import { useNow } from '../../app/use-now.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { routeToDevice, startPlayback } from '../../media/audio-sink.js';
import { remoteAudioTap } from '../../media/remote-audio-tap.js';
import { useApi, useSeat, useSeatStore } from '../../store/store-context.js';
import type { ToneOutputName } from '../../store/slices/self-check-slice.js';
import { selfCheckLines } from './self-check-lines.js';
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

  const lines = selfCheckLines(status, results, profile?.echoNumber ?? '', now);
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
            {line.id === 'echo' && profile?.echoNumber && <EchoTest number={profile.echoNumber} />}
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
      <p className="self-check-note">{t(profile?.selfCheckBlocksReady && red > 0 ? 'selfCheck.blocksReady' : 'selfCheck.mayGoReady')}</p>
      <button type="button" onClick={closed}>
        {t('selfCheck.close')}
      </button>
    </section>
  );
}

/** The audio that came back from the echo service must peak above this (the fake or real voice is far louder). */
export const echoPeakDb = -40;
/** How long the echo test listens once the call is up. */
const echoListenMs = 3000;

/** Calls the echo number, listens to what comes back for 3 s, hangs up. */
function EchoTest({ number }: { number: string }) {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const echo = useSeat((s) => s.selfCheck.echo);
  const changed = useSeat((s) => s.echoTestChanged);
  const busy = echo !== null && echo.phase !== 'done';
  const run = async () => {
    const since = Date.now();
    changed({ phase: 'calling' });
    // The call's end may come before the dial's answer: listen from the start.
    const ended = new Map<string, string>();
    let recheck = () => undefined as void;
    const stopListening = api.on('callEnded', ({ call }) => {
      ended.set(call.id, call.statusCode ? `SIP ${call.statusCode}` : (call.endReason ?? 'ended'));
      recheck();
    });
    const dialled = await api.invoke('dial', { target: number });
    if (!dialled.ok) {
      stopListening();
      return changed({ phase: 'done', ok: false, peakDb: null, reason: dialled.error.message });
    }
    const callId = dialled.value.id;
    const outcome = await new Promise<'active' | string>((resolve) => {
      const check = () => {
        const gone = ended.get(callId);
        if (gone) return gone;
        const call = store.getState().calls.find((c) => c.id === callId);
        if (call?.state === 'active') return 'active';
        if (call?.state === 'ended') return call.statusCode ? `SIP ${call.statusCode}` : (call.endReason ?? 'ended');
        return null;
      };
      const timer = setTimeout(() => done(t('selfCheck.echo.noAnswer')), 15_000);
      recheck = () => {
        const now = check();
        if (now) done(now);
      };
      const unsubscribe = store.subscribe(recheck);
      const done = (value: string) => {
        clearTimeout(timer);
        unsubscribe();
        stopListening();
        resolve(value);
      };
      const first = check();
      if (first) done(first);
    });
    if (outcome !== 'active') {
      await api.invoke('hangupCall', { callId });
      return changed({ phase: 'done', ok: false, peakDb: null, reason: outcome });
    }
    changed({ phase: 'measuring' });
    let peak = -100;
    const end = Date.now() + echoListenMs;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      const db = remoteAudioTap?.peakDb(since) ?? null;
      if (db !== null && db > peak) peak = db;
    }
    await api.invoke('hangupCall', { callId });
    changed({ phase: 'done', ok: peak > echoPeakDb, peakDb: peak, reason: null });
  };
  return (
    <button type="button" data-testid="echo-test" disabled={busy} onClick={() => void run()}>
      {t('selfCheck.echo.call', { number })}
    </button>
  );
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
