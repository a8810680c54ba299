/**
 * One call's media: one RTCPeerConnection, the agent's microphone (a clone of
 * the shared device track) and the caller's audio through its own `<audio>`
 * element on the chosen speaker.
 *
 * The core's SIP.js session drives it (see main/contract/media.ts):
 *
 * ```
 *  new ──setDescription(offer)──▶ have-remote-offer ──getDescription──▶ stable   (inbound)
 *  new ──getDescription──▶ have-local-offer ──setDescription(answer)──▶ stable    (outbound)
 *  stable ──getDescription(hold)──▶ have-local-offer ──setDescription──▶ stable   (re-INVITE)
 *  have-local-offer ──rollbackDescription──▶ stable                               (glare, 491)
 *  (any) ──close──▶ closed
 * ```
 *
 * The microphone clone goes silent (`enabled = false`) when the agent mutes
 * or holds: a held caller must not hear the agent talk to a colleague.
 */
import type { MediaSessionOptions } from '../../main/contract/index.js';
import { routeToDevice, startPlayback, type SinkResult } from './audio-sink.js';
import { lockedCodecs, negotiatedAudioCodec } from './codec-lock.js';
import { waitForIceGathering } from './ice-gathering.js';
import type { AcquiredMicrophone } from './microphone-source.js';
import { answerDirection, offerDirection, offeredAudioDirection } from './transceiver-direction.js';

/** What a session needs from the page; injected so tests can fake it. */
export interface MediaSessionEnvironment {
  createPeerConnection(configuration: RTCConfiguration): RTCPeerConnection;
  /** The microphone for a new call (the engine knows the chosen device and its fallback). */
  acquireMicrophone(): Promise<AcquiredMicrophone | null>;
  releaseMicrophone(track: MediaStreamTrack): void;
  createAudioElement(): HTMLAudioElement;
  /** The speaker to play on now (follows device fallback). */
  speakerId(): string;
  /** The remote audio reached the speaker (or failed to). */
  onSink(sessionId: string, result: SinkResult): void;
  onPlaybackBlocked(sessionId: string): void;
  onRemoteStream(sessionId: string, stream: MediaStream): void;
}

export class MediaSessionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class MediaSession {
  readonly pc: RTCPeerConnection;
  readonly remoteStream = new MediaStream();
  readonly audio: HTMLAudioElement;
  private readonly microphone: Promise<AcquiredMicrophone | null>;
  private track: MediaStreamTrack | null = null;
  /** The audio sender, once the first description attached the track. */
  private sender: RTCRtpSender | null = null;
  private muted = false;
  private held = false;
  /** The survey's prompt track, sent instead of the microphone while set. */
  private override: MediaStreamTrack | null = null;
  private closed = false;
  /** The codec (and telephone-event) our re-offers are pinned to, once negotiated. */
  private lockedCodecs: RTCRtpCodec[] = [];
  /** Requests run one at a time, in arrival order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly options: MediaSessionOptions,
    private readonly env: MediaSessionEnvironment,
  ) {
    // Default bundle policy: a PBX or media relay offer may carry no BUNDLE group
    // (rtpengine's does not), which 'max-bundle' would refuse.
    this.pc = env.createPeerConnection({
      iceServers: options.iceServers.map((urls) => ({ urls })),
      rtcpMuxPolicy: 'require',
    });
    this.audio = env.createAudioElement();
    this.audio.autoplay = true;
    this.pc.addEventListener('track', (event) => this.onTrack(event));
    // Open (or share) the microphone at once, in parallel with the peer
    // connection set-up; the first description waits for it.
    this.microphone = env.acquireMicrophone().then(
      (mic) => {
        if (!mic) return null;
        if (this.closed) {
          env.releaseMicrophone(mic.track);
          return null;
        }
        this.track = mic.track;
        this.applyTrackEnabled();
        return mic;
      },
      () => null,
    );
  }

  get localTrack(): MediaStreamTrack | null {
    return this.track;
  }

  /** Creates the offer or answer (per the signalling state) and waits for ICE candidates. */
  getDescription(hold: boolean, iceRestart: boolean): Promise<{ body: string; contentType: string }> {
    return this.serial(async () => {
      await this.attachMicrophone();
      const pc = this.pc;
      let description: RTCSessionDescriptionInit;
      switch (pc.signalingState) {
        case 'stable': {
          this.applyCodecPreferences(this.lockedCodecs);
          for (const t of pc.getTransceivers()) {
            const next = offerDirection(t.direction, hold);
            if (t.direction !== next && next !== 'stopped') t.direction = next;
          }
          description = await pc.createOffer(iceRestart ? { iceRestart: true } : {});
          break;
        }
        case 'have-remote-offer': {
          // Answer from everything we support: the other side may move the call
          // to another codec (a new media server after a transfer).
          this.applyCodecPreferences([]);
          const offered = offeredAudioDirection(pc.remoteDescription?.sdp ?? '');
          const direction = answerDirection(offered, hold);
          for (const t of pc.getTransceivers()) {
            if (t.direction !== 'stopped' && t.direction !== direction) t.direction = direction;
          }
          description = await pc.createAnswer();
          break;
        }
        case 'have-local-offer':
        case 'have-local-pranswer':
        case 'have-remote-pranswer':
        case 'closed':
          throw new MediaSessionError('invalid-state', `cannot create a description in signalling state ${pc.signalingState}`);
        default: {
          const unknown: never = pc.signalingState;
          throw new MediaSessionError('invalid-state', `unknown signalling state ${String(unknown)}`);
        }
      }
      await pc.setLocalDescription(description);
      if (description.type === 'answer') this.lockCodecs(description.sdp ?? '');
      this.held = hold;
      this.applyTrackEnabled();
      await waitForIceGathering(pc, this.options.iceGatheringTimeoutMs);
      const local = pc.localDescription;
      if (!local) throw new MediaSessionError('no-description', 'the peer connection has no local description');
      return { body: local.sdp, contentType: 'application/sdp' };
    });
  }

  /** Applies the remote offer (when stable) or answer (after our offer). */
  setDescription(body: string, contentType: string, hold: boolean): Promise<null> {
    return this.serial(async () => {
      if (contentType.toLowerCase() !== 'application/sdp') {
        throw new MediaSessionError('unsupported-content', `cannot use a ${contentType} body`);
      }
      await this.attachMicrophone();
      const pc = this.pc;
      let type: RTCSdpType;
      switch (pc.signalingState) {
        case 'stable':
          type = 'offer';
          break;
        case 'have-local-offer':
          type = 'answer';
          break;
        case 'have-remote-offer':
        case 'have-local-pranswer':
        case 'have-remote-pranswer':
        case 'closed':
          throw new MediaSessionError('invalid-state', `cannot apply a description in signalling state ${pc.signalingState}`);
        default: {
          const unknown: never = pc.signalingState;
          throw new MediaSessionError('invalid-state', `unknown signalling state ${String(unknown)}`);
        }
      }
      await pc.setRemoteDescription({ type, sdp: body });
      if (type === 'answer') this.lockCodecs(body);
      this.held = hold;
      this.applyTrackEnabled();
      return null;
    });
  }

  /** Drops a local offer the other side did not take (glare, failed re-INVITE). */
  rollback(): Promise<null> {
    return this.serial(async () => {
      if (this.pc.signalingState === 'have-local-offer') {
        await this.pc.setLocalDescription({ type: 'rollback' });
      }
      return null;
    });
  }

  /** RFC 4733 events through the audio sender; false when the call has no DTMF sender. */
  sendDtmf(tones: string, duration: number, interToneGap: number): boolean {
    const dtmf = this.sender?.dtmf;
    if (!dtmf || dtmf.canInsertDTMF === false) return false;
    try {
      dtmf.insertDTMF(tones, duration, interToneGap);
      return true;
    } catch {
      return false;
    }
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.applyTrackEnabled();
  }

  /** Swaps the microphone (device change or fallback) without renegotiating. */
  async replaceMicrophone(next: AcquiredMicrophone): Promise<void> {
    if (this.closed) {
      this.env.releaseMicrophone(next.track);
      return;
    }
    const old = this.track;
    this.track = next.track;
    this.applyTrackEnabled();
    if (this.sender && !this.override) await this.sender.replaceTrack(next.track);
    if (old) this.env.releaseMicrophone(old);
  }

  /**
   * Survey: sends `track` (the prompt player's output) to the caller in place
   * of the microphone, without renegotiating; null puts the microphone back.
   */
  async sendInsteadOfMicrophone(track: MediaStreamTrack | null): Promise<void> {
    await this.attachMicrophone();
    this.override = track;
    await this.sender?.replaceTrack(track ?? this.track);
  }

  /** Moves the caller's audio to another speaker. */
  async routeSpeaker(deviceId: string): Promise<SinkResult> {
    const result = await routeToDevice(this.audio, deviceId);
    this.env.onSink(this.id, result);
    return result;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.track) this.env.releaseMicrophone(this.track);
    this.track = null;
    this.pc.close();
    this.audio.pause();
    this.audio.srcObject = null;
    this.audio.remove();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new MediaSessionError('closed', 'the call media is closed');
      return work();
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** Adds the microphone track once, before the first offer or answer. */
  private async attachMicrophone(): Promise<void> {
    await this.microphone;
    if (this.closed) throw new MediaSessionError('closed', 'the call media is closed');
    if (this.sender) return;
    const pc = this.pc;
    if (this.track) {
      // After a remote offer this reuses the offered audio transceiver.
      this.sender = pc.addTrack(this.track, new MediaStream([this.track]));
    } else {
      // No microphone at all: still take the call so the agent hears the caller.
      const offered = pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
      this.sender = (offered ?? pc.addTransceiver('audio', { direction: 'sendrecv' })).sender;
    }
  }

  /** After the first answer: our later offers carry only the codec in use (see codec-lock.ts). */
  private lockCodecs(answerSdp: string): void {
    if (this.lockedCodecs.length > 0) return;
    const codec = negotiatedAudioCodec(answerSdp);
    const capabilities = globalThis.RTCRtpReceiver?.getCapabilities?.('audio')?.codecs;
    if (!codec || !capabilities) return;
    this.lockedCodecs = lockedCodecs(capabilities, codec) as RTCRtpCodec[];
  }

  /** [] restores the browser's full list. */
  private applyCodecPreferences(codecs: RTCRtpCodec[]): void {
    for (const t of this.pc.getTransceivers()) {
      if (typeof t.setCodecPreferences !== 'function' || t.direction === 'stopped') continue;
      try {
        t.setCodecPreferences(codecs);
      } catch {
        // Not supported here: the offer lists every codec, still valid SDP.
      }
    }
  }

  private applyTrackEnabled(): void {
    if (this.track) this.track.enabled = !this.muted && !this.held;
  }

  private onTrack(event: RTCTrackEvent): void {
    if (event.track.kind !== 'audio' || this.closed) return;
    for (const old of this.remoteStream.getAudioTracks()) {
      if (old !== event.track) this.remoteStream.removeTrack(old);
    }
    if (!this.remoteStream.getTrackById(event.track.id)) this.remoteStream.addTrack(event.track);
    if (this.audio.srcObject !== this.remoteStream) this.audio.srcObject = this.remoteStream;
    this.env.onRemoteStream(this.id, this.remoteStream);
    void this.routeSpeaker(this.env.speakerId()).then(async () => {
      if (this.closed) return;
      if (!(await startPlayback(this.audio))) this.env.onPlaybackBlocked(this.id);
    });
  }
}
