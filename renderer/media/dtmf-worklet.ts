/**
 * AudioWorklet processor `hotseat-dtmf`: runs the DTMF detector
 * (`dtmf-detector.ts`) on the call's received audio, in the audio thread,
 * and posts each digit to the page. Loaded by `dtmf-listener.ts`; Vite
 * bundles it on its own (`?worker&url`).
 *
 * Messages to the page (AudioContext clock, seconds): `{ kind: 'digit', digit,
 * startTime, detectedTime }` when a digit is confirmed, `{ kind: 'end', digit,
 * startTime, endTime }` when its tone stops.
 */
import { DtmfDetector } from './dtmf-detector.js';

// The AudioWorkletGlobalScope (no TypeScript lib describes it).
declare const sampleRate: number;
declare const currentFrame: number;
declare function registerProcessor(name: string, processor: new (options?: unknown) => DtmfProcessorBase): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
type DtmfProcessorBase = AudioWorkletProcessor & { process(inputs: Float32Array[][]): boolean };

export type DtmfWorkletMessage =
  | { readonly kind: 'digit'; readonly digit: string; readonly startTime: number; readonly detectedTime: number }
  | { readonly kind: 'end'; readonly digit: string; readonly startTime: number; readonly endTime: number };

class DtmfProcessor extends AudioWorkletProcessor {
  private readonly detector = new DtmfDetector({ sampleRate });
  /** currentFrame at the first sample the detector saw. */
  private origin = -1;

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    const first = channels?.[0];
    if (!channels || !first) return true;
    if (this.origin < 0) this.origin = currentFrame;
    let mono = first;
    if (channels.length > 1) {
      mono = new Float32Array(first.length);
      for (const ch of channels) for (let i = 0; i < ch.length; i++) mono[i] = mono[i]! + ch[i]! / channels.length;
    }
    for (const hit of this.detector.push(mono)) {
      const message: DtmfWorkletMessage = {
        kind: 'digit',
        digit: hit.digit,
        startTime: (this.origin + hit.startSample) / sampleRate,
        detectedTime: (this.origin + hit.detectedSample) / sampleRate,
      };
      this.port.postMessage(message);
    }
    for (const end of this.detector.takeEnds()) {
      const message: DtmfWorkletMessage = {
        kind: 'end',
        digit: end.digit,
        startTime: (this.origin + end.startSample) / sampleRate,
        endTime: (this.origin + end.endSample) / sampleRate,
      };
      this.port.postMessage(message);
    }
    return true;
  }
}

registerProcessor('hotseat-dtmf', DtmfProcessor);
