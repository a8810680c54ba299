/**
 * Starts the media engine in this window and wires it to the store:
 * device choices from the profile, notices into the store, the desk brought
 * to the front when a call rings, audio unlocked on the first click.
 *
 * Test hook: with `probe=1` in the page hash the engine's measurement probe
 * is exposed as `window.__hotseatMediaProbe`, and `audioProcessing=0` (only
 * together with `probe=1`) turns echo cancellation, noise suppression and
 * AGC off so received tone levels can be asserted.
 */
import type { ApiClient } from '../api/api-client.js';
import type { SeatStore } from '../store/create-seat-store.js';
import { MediaEngine, type MediaObserver } from './media-engine.js';
import { browserMediaEnvironment } from './media-environment.js';
import { createMediaProbe, wantsProbe, type MediaProbe } from './media-probe.js';
import { createRemoteAudioTap, setRemoteAudioTap } from './remote-audio-tap.js';

declare global {
  interface Window {
    __hotseatMediaProbe?: MediaProbe;
  }
}

export function startMedia(win: Window & typeof globalThis, api: ApiClient, store: SeatStore): () => void {
  const hash = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const probing = wantsProbe(win.location.hash);
  const env = browserMediaEnvironment(win);
  const probe = probing ? createMediaProbe(() => env.createAudioContext()) : null;
  // The self-check's echo test measures what the seat receives (remote-audio-tap.ts).
  const tap = createRemoteAudioTap(() => env.createAudioContext());
  setRemoteAudioTap(tap);
  const observer: MediaObserver = {
    remoteStream: (id, stream) => {
      tap.observer.remoteStream?.(id, stream);
      probe?.observer.remoteStream?.(id, stream);
    },
    sessionClosed: (id) => {
      tap.observer.sessionClosed?.(id);
      probe?.observer.sessionClosed?.(id);
    },
    tone: (event) => probe?.observer.tone?.(event),
  };
  const engine = new MediaEngine({
    api,
    env,
    audioProcessing: !(probing && hash.get('audioProcessing') === '0'),
    onNotice: (notice) => store.getState().mediaNoticed(notice),
    observer,
  });
  if (probe) win.__hotseatMediaProbe = probe.bind(engine);
  const stopEngine = engine.start();

  const applyProfile = () => {
    const profile = store.getState().profile;
    if (profile) {
      engine.setPreferredDevices({ microphoneId: profile.microphoneId, speakerId: profile.speakerId, ringDeviceId: profile.ringDeviceId });
    }
  };
  applyProfile();
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.profile !== previous.profile) applyProfile();
    // A new ringing call brings the desk (with its ringing screen) to the front.
    const rang = state.calls.some((c) => c.state === 'ringing' && !previous.calls.some((p) => p.id === c.id && p.state === 'ringing'));
    if (rang && state.view !== 'desk') state.viewOpened('desk');
  });

  const unlock = () => engine.unlockAudio();
  win.addEventListener('pointerdown', unlock, true);
  win.addEventListener('keydown', unlock, true);
  const unload = () => engine.dispose();
  win.addEventListener('pagehide', unload);

  return () => {
    unsubscribe();
    win.removeEventListener('pointerdown', unlock, true);
    win.removeEventListener('keydown', unlock, true);
    win.removeEventListener('pagehide', unload);
    stopEngine();
    setRemoteAudioTap(null);
    if (probe) delete win.__hotseatMediaProbe;
  };
}
