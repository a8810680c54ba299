/**
 * The survey's media half (issue 9), one per media engine: plays the
 * survey prompts to the caller in place of the agent's microphone and runs
 * the DTMF detector on the caller's audio.
 *
 * ```
 *  prompt bytes ─decodeAudioData─▶ AudioBufferSourceNode ─▶ MediaStreamAudioDestinationNode
 *                                                               │ track
 *                                   RTCRtpSender.replaceTrack ◀─┘   (the microphone stays muted)
 *  caller's audio (remote stream) ─▶ DtmfListener (AudioWorklet) ─▶ onDigit(callId, digit)
 * ```
 * Between prompts the destination track sends silence, so the caller never
 * hears the agent while the survey runs.
 */
import { DtmfListener } from './dtmf-listener.js';
import type { MediaSession } from './media-session.js';

interface SurveyLeg {
  readonly destination: MediaStreamAudioDestinationNode;
  source: AudioBufferSourceNode | null;
  listener: DtmfListener | null;
}

export class SurveyAudio {
  private context: AudioContext | null = null;
  private readonly legs = new Map<string, SurveyLeg>();

  constructor(
    private readonly createAudioContext: () => AudioContext,
    private readonly onDigit: (callId: string, digit: string) => void,
  ) {}

  async playPrompt(session: MediaSession, audioBase64: string): Promise<{ durationMs: number }> {
    const context = await this.audioContext();
    const buffer = await context.decodeAudioData(decodeBase64(audioBase64));
    const leg = await this.leg(session, context);
    this.stopSource(leg);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(leg.destination);
    source.addEventListener('ended', () => {
      if (leg.source === source) leg.source = null;
    });
    source.start();
    leg.source = source;
    return { durationMs: Math.round(buffer.duration * 1000) };
  }

  stopPrompt(sessionId: string): void {
    const leg = this.legs.get(sessionId);
    if (leg) this.stopSource(leg);
  }

  async startDetection(session: MediaSession): Promise<void> {
    const context = await this.audioContext();
    const leg = await this.leg(session, context);
    if (leg.listener) return;
    leg.listener = await DtmfListener.start(context, session.remoteStream, (heard) => this.onDigit(session.id, heard.digit));
  }

  stopDetection(sessionId: string): void {
    const leg = this.legs.get(sessionId);
    leg?.listener?.stop();
    if (leg) leg.listener = null;
  }

  /** The call's media is closing. */
  close(sessionId: string): void {
    const leg = this.legs.get(sessionId);
    if (!leg) return;
    this.legs.delete(sessionId);
    this.stopSource(leg);
    leg.listener?.stop();
    leg.destination.disconnect();
  }

  dispose(): void {
    for (const id of [...this.legs.keys()]) this.close(id);
    void this.context?.close().catch(() => {});
    this.context = null;
  }

  private async audioContext(): Promise<AudioContext> {
    this.context ??= this.createAudioContext();
    await this.context.resume().catch(() => {});
    return this.context;
  }

  private async leg(session: MediaSession, context: AudioContext): Promise<SurveyLeg> {
    let leg = this.legs.get(session.id);
    if (!leg) {
      leg = { destination: context.createMediaStreamDestination(), source: null, listener: null };
      this.legs.set(session.id, leg);
      const track = leg.destination.stream.getAudioTracks()[0];
      if (track) await session.sendInsteadOfMicrophone(track);
    }
    return leg;
  }

  private stopSource(leg: SurveyLeg): void {
    if (!leg.source) return;
    try {
      leg.source.stop();
    } catch {
      // already stopped
    }
    leg.source.disconnect();
    leg.source = null;
  }
}

function decodeBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
