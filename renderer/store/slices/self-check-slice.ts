/**
 * The pre-Ready self-check (renderer/features/self-check): whether it is
 * open, and what the agent answered or the page measured — kept here, not in
 * the panel, so closing and reopening it keeps the answers.
 */
import type { StateCreator } from 'zustand';
import type { SeatState } from '../seat-state.js';

export type ToneOutputName = 'headset' | 'ring';

export interface SelfCheckResults {
  /** The microphone picked up speech (the agent said 喂): peak level in dBFS, or the error. */
  readonly microphone: { readonly ok: boolean; readonly peakDb: number | null; readonly error: string | null } | null;
  /** The agent heard the test tone on each output (null: not asked yet). */
  readonly heard: Readonly<Record<ToneOutputName, boolean | null>>;
  /** The test call to the echo number: in progress, or its outcome (peak of the audio that came back). */
  readonly echo:
    | { readonly phase: 'calling' | 'measuring' }
    | { readonly phase: 'done'; readonly ok: boolean; readonly peakDb: number | null; readonly reason: string | null }
    | null;
}

export interface SelfCheckSlice {
  selfCheckOpen: boolean;
  selfCheck: SelfCheckResults;
  selfCheckOpened(): void;
  selfCheckClosed(): void;
  microphoneChecked(result: NonNullable<SelfCheckResults['microphone']>): void;
  testToneAnswered(output: ToneOutputName, heard: boolean): void;
  echoTestChanged(echo: SelfCheckResults['echo']): void;
}

const fresh: SelfCheckResults = { microphone: null, heard: { headset: null, ring: null }, echo: null };

export const createSelfCheckSlice: StateCreator<SeatState, [], [], SelfCheckSlice> = (set) => ({
  selfCheckOpen: false,
  selfCheck: fresh,
  // Each opening measures again.
  selfCheckOpened: () => set({ selfCheckOpen: true, selfCheck: fresh }),
  selfCheckClosed: () => set({ selfCheckOpen: false }),
  microphoneChecked: (microphone) => set((s) => ({ selfCheck: { ...s.selfCheck, microphone } })),
  echoTestChanged: (echo) => set((s) => ({ selfCheck: { ...s.selfCheck, echo } })),
  testToneAnswered: (output, heard) => set((s) => ({ selfCheck: { ...s.selfCheck, heard: { ...s.selfCheck.heard, [output]: heard } } })),
});
