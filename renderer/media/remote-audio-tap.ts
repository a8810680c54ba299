/**
 * The level of what the seat RECEIVES on a call, for the self-check's echo
 * test: an AnalyserNode on each call's remote stream (the engine also plays
 * it in an `<audio>` element, which Chromium needs before remote WebRTC
 * audio reaches WebAudio). Installed by start-media.ts as a media observer;
 * `remoteAudioTap` is the one tap of this page.
 */
import type { MediaObserver } from './media-engine.js';

export interface RemoteAudioTap {
  readonly observer: MediaObserver;
  /** Peak of the received audio now, dBFS, on the newest call that arrived after `since` (ms, Date.now()); null if none. */
  peakDb(since?: number): number | null;
}

export function createRemoteAudioTap(createAudioContext: () => AudioContext): RemoteAudioTap {
  let context: AudioContext | null = null;
  const taps = new Map<string, { analyser: AnalyserNode; source: MediaStreamAudioSourceNode; at: number }>();
  const observer: MediaObserver = {
    remoteStream(sessionId, stream) {
      context ??= createAudioContext();
      taps.get(sessionId)?.source.disconnect();
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      const source = context.createMediaStreamSource(stream);
      source.connect(analyser);
      taps.set(sessionId, { analyser, source, at: Date.now() });
    },
    sessionClosed(sessionId) {
      taps.get(sessionId)?.source.disconnect();
      taps.delete(sessionId);
    },
  };
  return {
    observer,
    peakDb(since = 0) {
      const newest = [...taps.values()].filter((t) => t.at >= since).sort((a, b) => b.at - a.at)[0];
      if (!newest) return null;
      if (context?.state === 'suspended') void context.resume();
      const samples = new Float32Array(newest.analyser.fftSize);
      newest.analyser.getFloatTimeDomainData(samples);
      let max = 0;
      for (const v of samples) max = Math.max(max, Math.abs(v));
      return max > 0 ? 20 * Math.log10(max) : -100;
    },
  };
}

/** This page's tap (set by startMedia); null before the media engine starts or in tests without one. */
export let remoteAudioTap: RemoteAudioTap | null = null;

export function setRemoteAudioTap(tap: RemoteAudioTap | null): void {
  remoteAudioTap = tap;
}
