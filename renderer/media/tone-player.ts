/**
 * Ringtone, call-waiting beep and the auto-answer zip tone, synthesised with
 * WebAudio (no sound files to ship or load).
 *
 * Two outputs, each an `<audio>` element fed by its own
 * MediaStreamAudioDestinationNode, so each can be routed with `setSinkId`:
 * - `ring`    the ring device (desk speaker), for the ringtone only, so the
 *             agent hears a call with the headset off;
 * - `speaker` the headset, for the call-waiting beep and the zip tone, which
 *             must not disturb the room.
 */
import { routeToDevice, startPlayback, type SinkResult } from './audio-sink.js';

export type ToneOutput = 'ring' | 'speaker';
export type ToneKind = 'ring' | 'call-waiting' | 'zip';

export interface ToneEvent {
  readonly kind: ToneKind;
  readonly playing: boolean;
  readonly output: ToneOutput;
  /** The device the output plays on ('' = default). */
  readonly deviceId: string;
  /** Epoch ms. */
  readonly at: number;
}

export interface TonePlayerEnvironment {
  createAudioContext(): AudioContext;
  createAudioElement(): HTMLAudioElement;
  onEvent(event: ToneEvent): void;
  /** The browser blocked playback (autoplay policy) until the agent clicks. */
  onBlocked(output: ToneOutput): void;
}

/** One burst of a cadence: tones (Hz) for `on` seconds, then `off` seconds of silence. */
interface Burst {
  readonly freqs: readonly number[];
  readonly on: number;
  readonly off: number;
}

/** Double ring, 400 + 450 Hz: distinct from the caller-side ringback (450 Hz, 1 s on / 4 s off). */
const ringCadence: readonly Burst[] = [
  { freqs: [400, 450], on: 0.4, off: 0.2 },
  { freqs: [400, 450], on: 0.4, off: 2.0 },
];
/** One short beep every 4 s in the headset. */
const callWaitingCadence: readonly Burst[] = [{ freqs: [450], on: 0.3, off: 3.7 }];
/** Two quick high beeps: "a call was just connected". */
const zipBursts: readonly Burst[] = [
  { freqs: [1400], on: 0.06, off: 0.06 },
  { freqs: [1400], on: 0.06, off: 0 },
];

interface Output {
  readonly destination: MediaStreamAudioDestinationNode;
  readonly element: HTMLAudioElement;
  deviceId: string;
}

interface Loop {
  readonly timer: ReturnType<typeof setInterval>;
  readonly nodes: AudioNode[];
}

const peakGain = 0.25;

export class TonePlayer {
  private context: AudioContext | null = null;
  private readonly outputs = new Map<ToneOutput, Output>();
  private readonly loops = new Map<'ring' | 'call-waiting', Loop>();
  private readonly devices: Record<ToneOutput, string> = { ring: '', speaker: '' };

  constructor(private readonly env: TonePlayerEnvironment) {}

  /** Starts or stops the ringtone on the ring device. */
  ring(on: boolean): void {
    this.loop('ring', 'ring', ringCadence, on);
  }

  /** Starts or stops the call-waiting beep in the headset. */
  callWaiting(on: boolean): void {
    this.loop('call-waiting', 'speaker', callWaitingCadence, on);
  }

  /** The zip tone: a call was answered by itself. */
  zip(): void {
    const output = this.output('speaker');
    if (!output || !this.context) return;
    const nodes = this.schedule(this.context, output, zipBursts, this.context.currentTime + 0.01);
    const total = zipBursts.reduce((sum, b) => sum + b.on + b.off, 0);
    this.env.onEvent({ kind: 'zip', playing: true, output: 'speaker', deviceId: output.deviceId, at: Date.now() });
    setTimeout(() => {
      nodes.forEach((n) => n.disconnect());
      this.env.onEvent({ kind: 'zip', playing: false, output: 'speaker', deviceId: output.deviceId, at: Date.now() });
    }, (total + 0.1) * 1000);
  }

  /** Routes an output to a device; falls back to the default when it is gone. */
  async setDevice(which: ToneOutput, deviceId: string): Promise<SinkResult> {
    this.devices[which] = deviceId;
    const output = this.outputs.get(which);
    if (!output) return { deviceId, fellBack: false };
    const result = await routeToDevice(output.element, deviceId);
    output.deviceId = result.deviceId;
    return result;
  }

  /** Resumes a context the autoplay policy suspended (call from a click handler). */
  unlock(): void {
    void this.context?.resume().catch(() => {});
    for (const output of this.outputs.values()) void startPlayback(output.element);
  }

  dispose(): void {
    this.ring(false);
    this.callWaiting(false);
    for (const output of this.outputs.values()) {
      output.element.pause();
      output.element.srcObject = null;
      output.element.remove();
    }
    this.outputs.clear();
    void this.context?.close().catch(() => {});
    this.context = null;
  }

  private loop(kind: 'ring' | 'call-waiting', which: ToneOutput, cadence: readonly Burst[], on: boolean): void {
    const running = this.loops.get(kind);
    if (on === (running !== undefined)) return;
    if (running) {
      clearInterval(running.timer);
      running.nodes.forEach((n) => n.disconnect());
      this.loops.delete(kind);
      this.env.onEvent({ kind, playing: false, output: which, deviceId: this.outputs.get(which)?.deviceId ?? '', at: Date.now() });
      return;
    }
    const output = this.output(which);
    const context = this.context;
    if (!output || !context) return;
    const period = cadence.reduce((sum, b) => sum + b.on + b.off, 0);
    const nodes: AudioNode[] = [];
    let next = context.currentTime + 0.02;
    // Schedule one period ahead each time, so a busy main thread never leaves a gap.
    const scheduleNext = () => {
      while (next < context.currentTime + period * 2) {
        nodes.push(...this.schedule(context, output, cadence, next));
        next += period;
      }
      // Forget nodes that finished long ago.
      if (nodes.length > 32) nodes.splice(0, nodes.length - 32);
    };
    scheduleNext();
    const timer = setInterval(scheduleNext, (period * 1000) / 2);
    this.loops.set(kind, { timer, nodes });
    this.env.onEvent({ kind, playing: true, output: which, deviceId: output.deviceId, at: Date.now() });
  }

  /** Schedules the bursts from `start`; returns the nodes (to disconnect on stop). */
  private schedule(context: AudioContext, output: Output, bursts: readonly Burst[], start: number): AudioNode[] {
    const nodes: AudioNode[] = [];
    let t = start;
    for (const burst of bursts) {
      const gain = context.createGain();
      gain.gain.setValueAtTime(0, t);
      // 10 ms ramps: no clicks.
      gain.gain.linearRampToValueAtTime(peakGain / burst.freqs.length, t + 0.01);
      gain.gain.setValueAtTime(peakGain / burst.freqs.length, t + burst.on - 0.01);
      gain.gain.linearRampToValueAtTime(0, t + burst.on);
      gain.connect(output.destination);
      nodes.push(gain);
      for (const freq of burst.freqs) {
        const osc = context.createOscillator();
        osc.frequency.value = freq;
        osc.connect(gain);
        osc.start(t);
        osc.stop(t + burst.on);
        nodes.push(osc);
      }
      t += burst.on + burst.off;
    }
    return nodes;
  }

  private output(which: ToneOutput): Output | null {
    const existing = this.outputs.get(which);
    if (existing) return existing;
    try {
      this.context ??= this.env.createAudioContext();
    } catch {
      return null;
    }
    const context = this.context;
    if (context.state === 'suspended') void context.resume().catch(() => {});
    const destination = context.createMediaStreamDestination();
    const element = this.env.createAudioElement();
    element.srcObject = destination.stream;
    const output: Output = { destination, element, deviceId: '' };
    this.outputs.set(which, output);
    void routeToDevice(element, this.devices[which]).then((result) => {
      output.deviceId = result.deviceId;
      return startPlayback(element);
    }).then((playing) => {
      if (!playing) this.env.onBlocked(which);
    }, () => {});
    return output;
  }
}
