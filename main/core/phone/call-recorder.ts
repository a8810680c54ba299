/**
 * Where the phone service writes each call as it happens. Implemented by the
 * call log (main/core/calls), injected by create-core.ts; the phone never
 * imports it. Implementations must not throw (a full disk must not break a
 * live call) and must not block on the network.
 */
import type { CallDirection, CallEndedBy, CallEndReason, CallPhase, ContextField } from '../../contract/index.js';

export interface StartedCall {
  readonly id: string;
  readonly sipCallId: string;
  readonly centreCallId: string | null;
  readonly direction: CallDirection;
  readonly localNumber: string;
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly remoteUri: string;
  readonly context: readonly ContextField[];
  readonly startedAt: number;
}

export type RecordedCallEvent = 'hold' | 'resume' | 'mute' | 'unmute' | 'transfer' | 'transfer-failed' | 'dtmf-sent';

export interface CallRecorder {
  callStarted(call: StartedCall): void;
  callAnswered(callId: string, at: number, autoAnswered: boolean): void;
  callEvent(callId: string, kind: RecordedCallEvent, at: number, detail?: string): void;
  callEnded(callId: string, end: { at: number; reason: CallEndReason; endedBy: CallEndedBy; statusCode: number | null }): void;
  /**
   * Optional: the call moved to another phase (`survey` while the dialog is
   * up; `wrap-up` or `closed` right after `callEnded`; `closed` when the
   * wrap-up is saved, see PhoneService.closeCall).
   */
  callPhase?(callId: string, phase: CallPhase, at: number): void;
}

/** For tests and for a seat without a database: records nothing. */
export const nullRecorder: CallRecorder = {
  callStarted() {},
  callAnswered() {},
  callEvent() {},
  callEnded() {},
};
