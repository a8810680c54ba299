/**
 * The data of the call state machine (./call-machine.ts): a call's state,
 * the events fed into it and the effects it asks the executor to carry out.
 * Plain data only, so the machine stays a pure function.
 */
import type {
  AutoAnswerTrigger,
  CallDirection,
  CallEndedBy,
  CallEndReason,
  CallMediaState,
  CallPhase,
  CallState,
  TransferState,
} from '../../contract/index.js';
import type { RecordedCallEvent } from './call-recorder.js';
import type { SipCallEnd } from './sip-stack.js';

/** How a call ended and who ended it: decided only by the call machine. */
export interface EndDecision {
  readonly reason: CallEndReason;
  readonly by: CallEndedBy;
  readonly statusCode: number | null;
}

export interface CallMachineState {
  readonly direction: CallDirection;
  readonly state: CallState;
  readonly phase: CallPhase;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly held: boolean;
  /** A hold (`hold`) or resume (`resume`) re-INVITE is in flight. */
  readonly holdPending: 'hold' | 'resume' | null;
  readonly muted: boolean;
  readonly media: CallMediaState;
  readonly autoAnswer: { readonly at: number; readonly trigger: AutoAnswerTrigger } | null;
  readonly autoAnswered: boolean;
  readonly transfer: TransferState | null;
  /** The end the seat chose when it started ending the call (reject, transfer, …); wins over what SIP reports. */
  readonly ending: EndDecision | null;
  /** Set once the call ended. */
  readonly end: EndDecision | null;
  /**
   * The centre counts a running survey as the agent's busy time: the agent is
   * released only when the survey's call ends (survey setting `holdAgent`).
   */
  readonly surveyHoldsAgent: boolean;
}

/** What happened to a call: requests of the agent or the seat, SIP and media facts. */
export type CallEvent =
  /** An INVITE arrived; the executor tells what the seat can do with it. */
  | {
      readonly type: 'offered';
      readonly at: number;
      /** The agent takes new calls (Ready, no wrap-up). */
      readonly takesCalls: boolean;
      /** The seat already holds as many calls as it may. */
      readonly atCapacity: boolean;
      /** SIP code for a call refused because the agent is not ready. */
      readonly notReadyCode: number;
      /** Auto-answer decision when the seat is idle and Ready, else null. */
      readonly autoAnswer: { readonly delayMs: number; readonly trigger: AutoAnswerTrigger } | null;
      /** INVITE with Replaces naming one of this seat's connected calls. */
      readonly replacing: boolean;
    }
  /** The agent (trigger null) or auto-answer answers. */
  | { readonly type: 'answer'; readonly trigger: AutoAnswerTrigger | null; readonly mediaAvailable: boolean }
  | { readonly type: 'auto-answer-due'; readonly mediaAvailable: boolean }
  /** 200 OK could not be sent (media failed while answering). */
  | { readonly type: 'answer-failed'; readonly message: string }
  | { readonly type: 'reject'; readonly statusCode: number }
  | { readonly type: 'hangup' }
  | { readonly type: 'sip-progress'; readonly statusCode: number }
  | { readonly type: 'sip-established'; readonly at: number }
  | { readonly type: 'sip-ended'; readonly at: number; readonly end: SipCallEnd }
  | { readonly type: 'hold'; readonly held: boolean }
  | { readonly type: 'hold-done'; readonly held: boolean; readonly ok: boolean }
  | { readonly type: 'mute'; readonly muted: boolean }
  | { readonly type: 'mute-done'; readonly muted: boolean }
  | { readonly type: 'send-dtmf'; readonly digits: string }
  | { readonly type: 'dtmf-sent'; readonly detail: string }
  | { readonly type: 'dtmf-received'; readonly digit: string }
  | { readonly type: 'transfer-blind'; readonly target: string; readonly uri: string }
  /** The original leg of a consult transfer, after it was held and the consult leg dialled. */
  | { readonly type: 'consult-started'; readonly peerCallId: string }
  /** REFER with Replaces; `peer` is the other leg's state. */
  | { readonly type: 'complete-transfer'; readonly peer: CallMachineState }
  | { readonly type: 'transfer-outcome'; readonly ok: boolean; readonly reason: string; readonly detail: string | null; readonly graceMs: number }
  /** The other leg of this call's consult transfer ended. */
  | { readonly type: 'peer-ended' }
  /** An INVITE with Replaces takes this call's place. */
  | { readonly type: 'replaced' }
  /** The replacing call was answered. */
  | { readonly type: 'replacement-answered' }
  /** The media engine went away; the dialog stays up while a new one may attach. */
  | { readonly type: 'media-suspended' }
  /** A media engine attached again. */
  | { readonly type: 'media-restored' }
  /** The re-INVITE with the new engine's offer succeeded (or not). */
  | { readonly type: 'media-renegotiated'; readonly ok: boolean }
  /** No media engine came back in time (or it went away with no grace): the call cannot go on. */
  | { readonly type: 'media-lost' }
  /** The seat closes (or its SIP account is replaced). */
  | { readonly type: 'seat-closing' }
  | { readonly type: 'survey-start'; readonly holdAgent?: boolean }
  | { readonly type: 'survey-finish' }
  /** The wrap-up is saved: the call is done with. */
  | { readonly type: 'close' };

export type CallEventType = CallEvent['type'];

export type SipEffect =
  | { readonly type: 'sip'; readonly action: 'ring' }
  | { readonly type: 'sip'; readonly action: 'accept' }
  | { readonly type: 'sip'; readonly action: 'reject'; readonly statusCode: number; readonly text?: string }
  | { readonly type: 'sip'; readonly action: 'hangup'; readonly reason?: { readonly statusCode: number; readonly text: string } }
  | { readonly type: 'sip'; readonly action: 'hold'; readonly held: boolean }
  /** re-INVITE with a fresh offer from the (new) media engine, keeping the hold state. */
  | { readonly type: 'sip'; readonly action: 'renegotiate'; readonly held: boolean }
  | { readonly type: 'sip'; readonly action: 'send-dtmf'; readonly digits: string }
  | { readonly type: 'sip'; readonly action: 'refer-blind'; readonly uri: string }
  | { readonly type: 'sip'; readonly action: 'refer-attended' };

/** What the machine asks the executor (call-manager.ts) to do, in order. */
export type CallEffect =
  | SipEffect
  | { readonly type: 'media'; readonly action: 'mute'; readonly muted: boolean }
  | { readonly type: 'timer'; readonly action: 'auto-answer'; readonly delayMs: number }
  | { readonly type: 'timer'; readonly action: 'cancel-auto-answer' }
  /** Hang up after `delayMs` unless the call ended by then (consult leg taken over by Replaces). */
  | { readonly type: 'timer'; readonly action: 'hangup-after'; readonly delayMs: number }
  | { readonly type: 'record'; readonly action: 'answered' }
  | { readonly type: 'record'; readonly action: 'event'; readonly kind: RecordedCallEvent; readonly detail?: string }
  | { readonly type: 'record'; readonly action: 'ended' }
  | { readonly type: 'record'; readonly action: 'phase'; readonly phase: CallPhase }
  /** callsChanged (and the agent's call counts). */
  | { readonly type: 'emit'; readonly event: 'changed' }
  /** callEnded with the final snapshot. */
  | { readonly type: 'emit'; readonly event: 'ended' }
  | { readonly type: 'emit'; readonly event: 'auto-answered'; readonly trigger: AutoAnswerTrigger }
  | { readonly type: 'emit'; readonly event: 'dtmf'; readonly digit: string }
  /** The agent's part of an answered call is over (wrap-up may start). */
  | { readonly type: 'agent'; readonly action: 'released' }
  /** The request that fed the event fails with this error, after the other effects ran. */
  | { readonly type: 'fail'; readonly code: 'unavailable' | 'conflict'; readonly message: string };

export interface Transition {
  readonly state: CallMachineState;
  readonly effects: readonly CallEffect[];
  /**
   * `applied`: the event changed (or confirmed) the state. `ignored`: a late
   * or duplicate fact with nothing to do. `rejected`: a request that is not
   * possible in this state; `reason` says why (the executor answers conflict).
   */
  readonly outcome: 'applied' | 'ignored' | 'rejected';
  readonly reason?: string;
}
