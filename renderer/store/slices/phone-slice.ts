/**
 * Calls as the core reports them, plus what only the renderer knows: the
 * media engine's device notices and the last failed phone request.
 *
 * The core is the only source of call state: nothing here changes a call
 * optimistically (a call shows "held" only after the core says the
 * re-INVITE succeeded).
 */
import type { StateCreator } from 'zustand';
import type { AutoAnswerTrigger, CallSnapshot, ContractError, PhoneState } from '../../../main/contract/index.js';
import type { MediaNotice, MediaNoticeInput } from '../../media/media-notice.js';
import type { SeatState } from '../seat-state.js';

/** A phone request the core refused, shown until dismissed or replaced. */
export interface PhoneFailure {
  /** The request name (answerCall, dial, …). */
  readonly action: string;
  readonly error: ContractError;
  readonly at: number;
}

export interface PhoneSlice {
  /** Live calls, in the core's order. */
  calls: readonly CallSnapshot[];
  lastDialed: string | null;
  /** The most recently ended calls, newest first (a few only). */
  endedCalls: readonly CallSnapshot[];
  /** The last auto-answer, for the "answered automatically" badge. */
  lastAutoAnswer: { readonly callId: string; readonly trigger: AutoAnswerTrigger; readonly at: number } | null;
  mediaNotices: readonly MediaNotice[];
  phoneFailure: PhoneFailure | null;
  /** The call whose transfer box is open (button or transfer shortcut). */
  transferFormFor: string | null;
  phoneStateLoaded(state: PhoneState): void;
  callsChanged(calls: readonly CallSnapshot[]): void;
  callEnded(call: CallSnapshot): void;
  callAutoAnswered(callId: string, trigger: AutoAnswerTrigger): void;
  numberDialed(target: string): void;
  mediaNoticed(notice: MediaNoticeInput): void;
  mediaNoticeDismissed(id: number): void;
  phoneRequestFailed(action: string, error: ContractError): void;
  phoneFailureDismissed(): void;
  transferFormOpened(callId: string | null): void;
}

const keepEnded = 5;
const keepNotices = 5;
let nextNoticeId = 1;

export const createPhoneSlice: StateCreator<SeatState, [], [], PhoneSlice> = (set) => ({
  calls: [],
  lastDialed: null,
  endedCalls: [],
  lastAutoAnswer: null,
  mediaNotices: [],
  phoneFailure: null,
  transferFormFor: null,
  phoneStateLoaded: (state) => set({ calls: state.calls, lastDialed: state.lastDialed }),
  callsChanged: (calls) =>
    set((s) => ({ calls, transferFormFor: calls.some((c) => c.id === s.transferFormFor && c.state === 'active') ? s.transferFormFor : null })),
  callEnded: (call) =>
    set((s) => ({
      calls: s.calls.filter((c) => c.id !== call.id),
      endedCalls: [call, ...s.endedCalls.filter((c) => c.id !== call.id)].slice(0, keepEnded),
    })),
  callAutoAnswered: (callId, trigger) => set({ lastAutoAnswer: { callId, trigger, at: Date.now() } }),
  numberDialed: (target) => set({ lastDialed: target }),
  mediaNoticed: (notice) =>
    set((s) => {
      // One notice per device role and kind: a flapping cable must not fill the screen.
      const rest = s.mediaNotices.filter((n) => !(n.role === notice.role && sameFamily(n.kind, notice.kind)));
      return { mediaNotices: [...rest, { ...notice, id: nextNoticeId++, at: Date.now() }].slice(-keepNotices) };
    }),
  mediaNoticeDismissed: (id) => set((s) => ({ mediaNotices: s.mediaNotices.filter((n) => n.id !== id) })),
  phoneRequestFailed: (action, error) => set({ phoneFailure: { action, error, at: Date.now() } }),
  phoneFailureDismissed: () => set({ phoneFailure: null }),
  transferFormOpened: (callId) => set({ transferFormFor: callId }),
});

/** Fallback and restore of a device replace each other. */
function sameFamily(a: MediaNotice['kind'], b: MediaNotice['kind']): boolean {
  const device = (k: MediaNotice['kind']) => k === 'device-fallback' || k === 'device-restored';
  return a === b || (device(a) && device(b));
}
