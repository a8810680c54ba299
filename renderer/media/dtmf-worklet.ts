/**
 * AudioWorklet processor `hotseat-dtmf`: runs the DTMF detector
 * (`dtmf-detector.ts`) on the call's received audio, in the audio thread,
 * and posts each digit to the page. Loaded by `dtmf-listener.ts`; Vite
 * bundles it on its own (`?worker&url`).
 *
 * Message to the page: `{ digit, startTime, detectedTime }` in the
 * AudioContext's clock (seconds).
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

export interface DtmfWorkletMessage {
  readonly digit: string;
  readonly startTime: number;
  readonly detectedTime: number;
}

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
        digit: hit.digit,
        startTime: (this.origin + hit.startSample) / sampleRate,
        detectedTime: (this.origin + hit.detectedSample) / sampleRate,
      };
      this.port.postMessage(message);
    }
    return true;
  }
}

registerProcessor('hotseat-dtmf', DtmfProcessor);
