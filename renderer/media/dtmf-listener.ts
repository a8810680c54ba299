/**
 * Listens for DTMF in a call's received audio: the caller's stream →
 * MediaStreamAudioSourceNode → AudioWorkletNode `hotseat-dtmf`
 * (`dtmf-worklet.ts`) → a silent gain node (so Chromium keeps pulling it).
 * RFC 4733 digits arrive here too: the WebRTC engine plays them out as tones.
 */
import workletUrl from './dtmf-worklet.ts?worker&url';
import type { DtmfWorkletMessage } from './dtmf-worklet.js';

export interface HeardDigit {
  readonly digit: string;
  /** performance.now() when the page got the digit. */
  readonly at: number;
  /** How long the tone had lasted when the detector decided, ms. */
  readonly toneMsAtDecision: number;
  /**
   * performance.now() time of the decision in the audio thread (from the
   * AudioContext clock), before the message waited for the page's main thread.
   */
  readonly decidedAt: number;
}

/** A heard digit's tone stopped after `toneMs`. */
export interface HeardToneEnd {
  readonly digit: string;
  readonly toneMs: number;
  readonly at: number;
}

const loaded = new WeakMap<AudioContext, Promise<void>>();

function loadWorklet(context: AudioContext): Promise<void> {
  let p = loaded.get(context);
  if (!p) {
    p = context.audioWorklet.addModule(workletUrl);
    loaded.set(context, p);
  }
  return p;
}

export class DtmfListener {
  private source: MediaStreamAudioSourceNode | null = null;
  private node: AudioWorkletNode | null = null;
  private sink: GainNode | null = null;
  private stopped = false;

  private constructor(
    private readonly onDigit: (digit: HeardDigit) => void,
    private readonly onToneEnd?: (end: HeardToneEnd) => void,
  ) {}

  /** Starts detecting on `stream` (which must also be playing in an `<audio>` element). */
  static async start(
    context: AudioContext,
    stream: MediaStream,
    onDigit: (digit: HeardDigit) => void,
    onToneEnd?: (end: HeardToneEnd) => void,
  ): Promise<DtmfListener> {
    const listener = new DtmfListener(onDigit, onToneEnd);
    await loadWorklet(context);
    await context.resume().catch(() => {});
    listener.source = context.createMediaStreamSource(stream);
    listener.node = new AudioWorkletNode(context, 'hotseat-dtmf', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit' });
    listener.sink = context.createGain();
    listener.sink.gain.value = 0;
    listener.node.port.onmessage = (event: MessageEvent<DtmfWorkletMessage>) => {
      if (listener.stopped) return;
      const m = event.data;
      if (m.kind === 'digit') {
        const now = performance.now();
        const clock = context.getOutputTimestamp();
        const decidedAt =
          clock.contextTime !== undefined && clock.performanceTime !== undefined ? clock.performanceTime - (clock.contextTime - m.detectedTime) * 1000 : now;
        listener.onDigit({ digit: m.digit, at: now, decidedAt: Math.min(now, decidedAt), toneMsAtDecision: Math.round((m.detectedTime - m.startTime) * 1000) });
      } else {
        listener.onToneEnd?.({ digit: m.digit, at: performance.now(), toneMs: Math.round((m.endTime - m.startTime) * 1000) });
      }
    };
    listener.source.connect(listener.node);
    listener.node.connect(listener.sink);
    listener.sink.connect(context.destination);
    return listener;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.source?.disconnect();
    this.node?.disconnect();
    this.sink?.disconnect();
    if (this.node) this.node.port.onmessage = null;
  }
}
