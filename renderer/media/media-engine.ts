/**
 * The renderer's WebRTC media engine: runs the core's media requests (see
 * main/contract/media.ts) on one MediaSession per call, plays the alert
 * tones, and keeps the chosen audio devices in use.
 *
 * ```
 *  transport open ──▶ claimMedia ──▶ (core sends mediaRequest events here only)
 *  mediaRequest {id, method, params} ──▶ session.method(…) ──▶ mediaReply {id, ok, value|error}
 *  callsChanged ──▶ ringtone / call-waiting beep      autoAnswered ──▶ zip tone
 *  callEnded ──▶ close the call's session if the core did not
 * ```
 * Every reconnect claims the media again and closes sessions of calls the
 * core no longer has (the core ends calls whose media client vanished).
 */
import type { CallSnapshot, MediaMethod, MediaMethods, MediaReply, MediaRequest } from '../../main/contract/index.js';
import type { ApiClient } from '../api/api-client.js';
import { DeviceRouter } from './device-router.js';
import type { MediaEnvironment } from './media-environment.js';
import type { DeviceRole, MediaNoticeInput } from './media-notice.js';
import { MediaSession, MediaSessionError } from './media-session.js';
import { errorName, MicrophoneSource, type AcquiredMicrophone } from './microphone-source.js';
import { alertToneFor } from './ring-policy.js';
import { SurveyAudio } from './survey-audio.js';
import { TonePlayer, type ToneEvent } from './tone-player.js';

/** Optional listener for test probes (see media-probe.ts). */
export interface MediaObserver {
  remoteStream?(sessionId: string, stream: MediaStream): void;
  sessionClosed?(sessionId: string): void;
  tone?(event: ToneEvent): void;
}

export interface MediaEngineOptions {
  readonly api: ApiClient;
  readonly env: MediaEnvironment;
  /** Echo cancellation / noise suppression / AGC on the microphone (default on). */
  readonly audioProcessing?: boolean;
  /** Keep the microphone open this long after a call (default 15 s). */
  readonly microphoneLingerMs?: number;
  readonly onNotice: (notice: MediaNoticeInput) => void;
  readonly observer?: MediaObserver;
  readonly log?: (message: string, error?: unknown) => void;
}

export interface PreferredDevices {
  readonly microphoneId: string;
  readonly speakerId: string;
  readonly ringDeviceId: string;
}

type Params<M extends MediaMethod> = MediaMethods[M]['params'];

export class MediaEngine {
  private readonly sessions = new Map<string, MediaSession>();
  private readonly microphone: MicrophoneSource;
  private readonly devices: DeviceRouter;
  private readonly tones: TonePlayer;
  private readonly survey: SurveyAudio;
  private calls: readonly CallSnapshot[] = [];
  private toneTimer: ReturnType<typeof setInterval> | undefined;
  private blockedNoticeShown = false;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly options: MediaEngineOptions) {
    const { env } = options;
    this.log = options.log ?? ((message, error) => console.warn(`[media] ${message}`, error ?? ''));
    this.microphone = new MicrophoneSource({
      getUserMedia: (c) => env.getUserMedia(c),
      processing: options.audioProcessing ?? true,
      lingerMs: options.microphoneLingerMs ?? 15_000,
      onDeviceEnded: () => void this.microphoneEnded(),
    });
    this.devices = new DeviceRouter({
      enumerateDevices: () => env.enumerateDevices(),
      notify: (notice) => options.onNotice(notice),
      apply: (role, deviceId) => this.applyDevice(role, deviceId),
    });
    this.tones = new TonePlayer({
      createAudioContext: () => env.createAudioContext(),
      createAudioElement: () => env.createAudioElement(),
      onEvent: (event) => options.observer?.tone?.(event),
      onBlocked: () => this.playbackBlocked(),
    });
    this.survey = new SurveyAudio(
      () => env.createAudioContext(),
      (callId, digit) =>
        void options.api.invoke('surveyDigitDetected', { callId, digit }).then((r) => {
          if (!r.ok) this.log(`surveyDigitDetected ${digit} not delivered: ${r.error.message}`);
        }),
    );
  }

  /** Starts listening to the core and the devices; returns the stop function. */
  start(): () => void {
    const { api, env } = this.options;
    const off = [
      api.on('mediaRequest', (request) => void this.handle(request)),
      api.on('callsChanged', ({ calls }) => this.callsChanged(calls)),
      api.on('callEnded', ({ call }) => this.closeSession(call.id)),
      api.on('autoAnswered', () => this.tones.zip()),
      api.onConnection((state) => {
        if (state === 'open') void this.claim();
      }),
      env.onDeviceChange(() => void this.devices.check()),
    ];
    return () => {
      off.forEach((f) => f());
      this.dispose();
    };
  }

  /** The agent's device choices (from the profile); applied live to calls in progress. */
  setPreferredDevices(preferred: PreferredDevices): void {
    void this.devices.setPreferred('microphone', preferred.microphoneId);
    void this.devices.setPreferred('speaker', preferred.speakerId);
    void this.devices.setPreferred('ring', preferred.ringDeviceId);
  }

  /** Call from a click/keypress: lets audio start where the autoplay policy held it. */
  unlockAudio(): void {
    this.blockedNoticeShown = false;
    this.tones.unlock();
    for (const session of this.sessions.values()) void session.audio.play().catch(() => {});
  }

  session(sessionId: string): MediaSession | undefined {
    return this.sessions.get(sessionId);
  }

  sessionIds(): string[] {
    return [...this.sessions.keys()];
  }

  dispose(): void {
    clearInterval(this.toneTimer);
    this.toneTimer = undefined;
    for (const id of [...this.sessions.keys()]) this.closeSession(id);
    this.tones.dispose();
    this.survey.dispose();
    this.microphone.dispose();
  }

  /** Runs one media request and sends the reply (never throws). */
  async handle(request: MediaRequest): Promise<void> {
    let reply: MediaReply;
    try {
      const value = await this.run(request);
      reply = { id: request.id, ok: true, value };
    } catch (error) {
      const code = error instanceof MediaSessionError ? error.code : errorName(error);
      const message = error instanceof Error ? error.message : String(error);
      this.log(`${request.method} failed: ${message}`);
      reply = { id: request.id, ok: false, error: { code: code.slice(0, 64), message: message.slice(0, 2000) } };
    }
    const sent = await this.options.api.invoke('mediaReply', reply);
    if (!sent.ok) this.log(`mediaReply ${request.id} not delivered: ${sent.error.message}`);
  }

  private async run(request: MediaRequest): Promise<unknown> {
    const method = request.method;
    switch (method) {
      case 'createSession': {
        const p = request.params as Params<'createSession'>;
        this.closeSession(p.sessionId);
        // The core's profile is the authority on devices for a new call.
        void this.devices.setPreferred('microphone', p.options.microphoneId);
        void this.devices.setPreferred('speaker', p.options.speakerId);
        this.sessions.set(p.sessionId, new MediaSession(p.sessionId, p.options, this.sessionEnvironment()));
        return null;
      }
      case 'getDescription': {
        const p = request.params as Params<'getDescription'>;
        return this.need(p.sessionId).getDescription(p.hold, p.iceRestart);
      }
      case 'setDescription': {
        const p = request.params as Params<'setDescription'>;
        return this.need(p.sessionId).setDescription(p.body, p.contentType, p.hold);
      }
      case 'rollbackDescription': {
        const p = request.params as Params<'rollbackDescription'>;
        return this.need(p.sessionId).rollback();
      }
      case 'sendDtmf': {
        const p = request.params as Params<'sendDtmf'>;
        return this.need(p.sessionId).sendDtmf(p.tones, p.duration, p.interToneGap);
      }
      case 'setMuted': {
        const p = request.params as Params<'setMuted'>;
        this.need(p.sessionId).setMuted(p.muted);
        return null;
      }
      case 'closeSession': {
        const p = request.params as Params<'closeSession'>;
        this.closeSession(p.sessionId);
        return null;
      }
      case 'playPrompt': {
        const p = request.params as Params<'playPrompt'>;
        return this.survey.playPrompt(this.need(p.sessionId), p.audioBase64);
      }
      case 'stopPrompt': {
        const p = request.params as Params<'stopPrompt'>;
        this.survey.stopPrompt(p.sessionId);
        return null;
      }
      case 'startDtmfDetection': {
        const p = request.params as Params<'startDtmfDetection'>;
        await this.survey.startDetection(this.need(p.sessionId));
        return null;
      }
      case 'stopDtmfDetection': {
        const p = request.params as Params<'stopDtmfDetection'>;
        this.survey.stopDetection(p.sessionId);
        return null;
      }
      default: {
        const unknown: never = method;
        throw new MediaSessionError('unknown-method', `unknown media method ${String(unknown)}`);
      }
    }
  }

  private need(sessionId: string): MediaSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new MediaSessionError('no-session', `no media session ${sessionId}`);
    return session;
  }

  private closeSession(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    this.survey.close(sessionId);
    session.close();
    this.options.observer?.sessionClosed?.(sessionId);
  }

  private sessionEnvironment() {
    const env = this.options.env;
    return {
      createPeerConnection: (c: RTCConfiguration) => env.createPeerConnection(c),
      acquireMicrophone: () => this.acquireMicrophone(),
      releaseMicrophone: (track: MediaStreamTrack) => this.microphone.release(track),
      createAudioElement: () => env.createAudioElement(),
      speakerId: () => this.devices.effective('speaker'),
      onSink: (_sessionId: string, result: { fellBack: boolean; failure?: string }) => {
        if (result.fellBack) void this.devices.deviceFailed('speaker', result.failure ?? 'unavailable');
      },
      onPlaybackBlocked: () => this.playbackBlocked(),
      onRemoteStream: (sessionId: string, stream: MediaStream) => this.options.observer?.remoteStream?.(sessionId, stream),
    };
  }

  /** Opens (or shares) the microphone for a call; null when none can be opened. */
  private async acquireMicrophone(): Promise<AcquiredMicrophone | null> {
    try {
      const mic = await this.microphone.acquire(this.devices.effective('microphone'));
      if (mic.fellBack) void this.devices.deviceFailed('microphone', mic.failure ?? 'unavailable', true);
      return mic;
    } catch (error) {
      this.options.onNotice({ kind: 'microphone-unavailable', role: 'microphone', detail: errorName(error) });
      return null;
    }
  }

  private async applyDevice(role: DeviceRole, deviceId: string): Promise<void> {
    switch (role) {
      case 'microphone':
        await Promise.all(
          [...this.sessions.values()].map(async (session) => {
            const mic = await this.acquireMicrophone();
            if (mic) await session.replaceMicrophone(mic);
          }),
        );
        return;
      case 'speaker': {
        await Promise.all([...this.sessions.values()].map((session) => session.routeSpeaker(deviceId)));
        const result = await this.tones.setDevice('speaker', deviceId);
        if (result.fellBack) await this.devices.deviceFailed('speaker', result.failure ?? 'unavailable', true);
        return;
      }
      case 'ring': {
        const result = await this.tones.setDevice('ring', deviceId);
        if (result.fellBack) await this.devices.deviceFailed('ring', result.failure ?? 'unavailable', true);
        return;
      }
      default: {
        const unknown: never = role;
        throw new Error(`unknown device role ${String(unknown)}`);
      }
    }
  }

  /** The open microphone's track ended: the headset was pulled out. */
  private async microphoneEnded(): Promise<void> {
    if (this.devices.isFallenBack('microphone')) {
      this.options.onNotice({ kind: 'device-fallback', role: 'microphone', detail: 'ended' });
      await this.applyDevice('microphone', '');
    } else {
      await this.devices.deviceFailed('microphone', 'ended');
    }
  }

  private playbackBlocked(): void {
    if (this.blockedNoticeShown) return;
    this.blockedNoticeShown = true;
    this.options.onNotice({ kind: 'playback-blocked', role: 'speaker' });
  }

  private callsChanged(calls: readonly CallSnapshot[]): void {
    this.calls = calls;
    this.updateTones();
    const anyRinging = calls.some((c) => c.state === 'ringing');
    if (anyRinging && this.toneTimer === undefined) {
      // Delayed auto-answer changes the tone with time, not only with events.
      this.toneTimer = setInterval(() => this.updateTones(), 250);
    } else if (!anyRinging && this.toneTimer !== undefined) {
      clearInterval(this.toneTimer);
      this.toneTimer = undefined;
    }
  }

  private updateTones(): void {
    const tone = alertToneFor(this.calls, Date.now());
    this.tones.ring(tone === 'ring');
    this.tones.callWaiting(tone === 'call-waiting');
  }

  /** (Re)claims the media after every (re)connect and drops orphaned sessions. */
  private async claim(): Promise<void> {
    const { api } = this.options;
    const before = new Set(this.sessions.keys());
    const claimed = await api.invoke('claimMedia', {});
    if (!claimed.ok) {
      this.log(`claimMedia failed: ${claimed.error.message}`);
      return;
    }
    const state = await api.invoke('getPhoneState', {});
    if (!state.ok) return;
    this.callsChanged(state.value.calls);
    const live = new Set(state.value.calls.filter((c) => c.state !== 'ended').map((c) => c.id));
    for (const id of before) if (!live.has(id)) this.closeSession(id);
  }
}
