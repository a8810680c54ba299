/**
 * TEST-ONLY measurement hook. Installed as `window.__hotseatMediaProbe` only
 * when the page address carries `probe=1` in its hash (`#token=…&probe=1`);
 * a normal seat never has it. End-to-end tests use it to prove audio by
 * frequency: an AnalyserNode on each call's received audio (which also plays
 * in its `<audio>` element — Chromium feeds remote WebRTC audio to WebAudio
 * only then), the peer connection's RTP counters and the tones played.
 */
import { DtmfListener, type HeardDigit } from './dtmf-listener.js';

/** A digit the probe's detector heard; `toneMs` once its tone has stopped. */
export type ProbeDigit = HeardDigit & { wallMs: number; decidedWallMs: number; toneMs?: number };
import type { MediaEngine, MediaObserver } from './media-engine.js';
import type { ToneEvent } from './tone-player.js';

export interface ProbeStats {
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly packetsReceived: number;
  readonly packetsSent: number;
  readonly iceState: string;
  readonly signalingState: string;
  readonly localDirection: string | null;
  readonly currentDirection: string | null;
  readonly localTrackEnabled: boolean | null;
}

export interface MediaProbe {
  sessionIds(): string[];
  /** The strongest frequency in the call's received audio now (newest call by default). */
  peak(sessionId?: string): { hz: number; db: number } | null;
  /** Level in dB at `hz` (max over ±2 bins) in the received audio. */
  levelAt(hz: number, sessionId?: string): number | null;
  /** Sample rate of the analysing context. */
  sampleRate(): number | null;
  stats(sessionId?: string): Promise<ProbeStats | null>;
  /** Every tone start/stop so far. */
  tones(): ToneEvent[];
  /** The current local and remote SDP of a call (newest by default). */
  sdp(sessionId?: string): { local: string | null; remote: string | null } | null;
  /** Starts the product's DTMF detector (dtmf-listener.ts) on a call's received audio (newest by default). */
  listenDtmf(sessionId?: string): Promise<boolean>;
  /** Digits the detector heard on that call; `wallMs` = Date.now() time of the report. */
  heardDtmf(sessionId?: string): ProbeDigit[];
}

export function wantsProbe(hash: string): boolean {
  return new URLSearchParams(hash.replace(/^#/, '')).get('probe') === '1';
}

/** Builds the probe's observer half (pass to the engine) and the window API half. */
export function createMediaProbe(createAudioContext: () => AudioContext): { observer: MediaObserver; bind(engine: MediaEngine): MediaProbe } {
  let context: AudioContext | null = null;
  const analysers = new Map<string, { analyser: AnalyserNode; source: MediaStreamAudioSourceNode }>();
  const order: string[] = [];
  const toneLog: ToneEvent[] = [];
  const streams = new Map<string, MediaStream>();
  const dtmf = new Map<string, { listener: DtmfListener; heard: ProbeDigit[] }>();

  const observer: MediaObserver = {
    remoteStream(sessionId, stream) {
      context ??= createAudioContext();
      void context.resume().catch(() => {});
      streams.set(sessionId, stream);
      analysers.get(sessionId)?.source.disconnect();
      const source = context.createMediaStreamSource(stream);
      const analyser = context.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0.3;
      source.connect(analyser);
      analysers.set(sessionId, { analyser, source });
      if (!order.includes(sessionId)) order.push(sessionId);
    },
    sessionClosed(sessionId) {
      analysers.get(sessionId)?.source.disconnect();
      analysers.delete(sessionId);
      streams.delete(sessionId);
      dtmf.get(sessionId)?.listener.stop();
    },
    tone(event) {
      toneLog.push(event);
    },
  };

  const spectrum = (sessionId?: string): { bins: Float32Array; binHz: number } | null => {
    const id = sessionId ?? order.filter((s) => analysers.has(s)).at(-1);
    const entry = id === undefined ? undefined : analysers.get(id);
    if (!entry || !context) return null;
    const bins = new Float32Array(entry.analyser.frequencyBinCount);
    entry.analyser.getFloatFrequencyData(bins);
    return { bins, binHz: context.sampleRate / entry.analyser.fftSize };
  };

  const bind = (engine: MediaEngine): MediaProbe => ({
    sessionIds: () => engine.sessionIds(),
    peak(sessionId) {
      const s = spectrum(sessionId);
      if (!s) return null;
      let best = 1;
      for (let i = 2; i < s.bins.length; i++) if (s.bins[i]! > s.bins[best]!) best = i;
      return { hz: best * s.binHz, db: s.bins[best]! };
    },
    levelAt(hz, sessionId) {
      const s = spectrum(sessionId);
      if (!s) return null;
      const centre = Math.round(hz / s.binHz);
      let max = -Infinity;
      for (let i = Math.max(0, centre - 2); i <= Math.min(s.bins.length - 1, centre + 2); i++) max = Math.max(max, s.bins[i]!);
      return max;
    },
    sampleRate: () => context?.sampleRate ?? null,
    async stats(sessionId) {
      const id = sessionId ?? engine.sessionIds().at(-1);
      const session = id === undefined ? undefined : engine.session(id);
      if (!session) return null;
      const report = await session.pc.getStats();
      let bytesReceived = 0;
      let bytesSent = 0;
      let packetsReceived = 0;
      let packetsSent = 0;
      report.forEach((entry: { type?: string; kind?: string; bytesReceived?: number; bytesSent?: number; packetsReceived?: number; packetsSent?: number }) => {
        if (entry.type === 'inbound-rtp' && entry.kind === 'audio') {
          bytesReceived += entry.bytesReceived ?? 0;
          packetsReceived += entry.packetsReceived ?? 0;
        } else if (entry.type === 'outbound-rtp' && entry.kind === 'audio') {
          bytesSent += entry.bytesSent ?? 0;
          packetsSent += entry.packetsSent ?? 0;
        }
      });
      const transceiver = session.pc.getTransceivers()[0];
      return {
        bytesReceived,
        bytesSent,
        packetsReceived,
        packetsSent,
        iceState: session.pc.iceConnectionState,
        signalingState: session.pc.signalingState,
        localDirection: transceiver?.direction ?? null,
        currentDirection: transceiver?.currentDirection ?? null,
        localTrackEnabled: session.localTrack?.enabled ?? null,
      };
    },
    tones: () => [...toneLog],
    sdp(sessionId) {
      const id = sessionId ?? engine.sessionIds().at(-1);
      const session = id === undefined ? undefined : engine.session(id);
      if (!session) return null;
      return { local: session.pc.localDescription?.sdp ?? null, remote: session.pc.remoteDescription?.sdp ?? null };
    },
    async listenDtmf(sessionId) {
      const id = sessionId ?? order.filter((s) => streams.has(s)).at(-1);
      const stream = id === undefined ? undefined : streams.get(id);
      if (id === undefined || !stream || !context) return false;
      if (dtmf.has(id)) return true;
      const heard: ProbeDigit[] = [];
      const listener = await DtmfListener.start(
        context,
        stream,
        (digit) => heard.push({ ...digit, wallMs: performance.timeOrigin + digit.at, decidedWallMs: performance.timeOrigin + digit.decidedAt }),
        (end) => {
          const last = heard.findLast((h) => h.digit === end.digit && h.toneMs === undefined);
          if (last) last.toneMs = end.toneMs;
        },
      );
      dtmf.set(id, { listener, heard });
      return true;
    },
    heardDtmf(sessionId) {
      const id = sessionId ?? order.filter((s) => dtmf.has(s)).at(-1);
      return id === undefined ? [] : [...(dtmf.get(id)?.heard ?? [])];
    },
  });

  return { observer, bind };
}
