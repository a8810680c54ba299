/**
 * A call the phone service is handling: who is on the other end, the SIP
 * handle, and its state as the call machine (./call-machine.ts) keeps it.
 * How a call ends is decided by the machine, not here.
 */
import type { CallSnapshot, ContextField } from '../../contract/index.js';
import type { CallMachineState } from './call-machine-types.js';
import type { SipCall, SipIncomingCall } from './sip-stack.js';

/** What stays of a call once its SIP dialog is gone (kept through wrap-up). */
export interface CallRecord {
  readonly id: string;
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly remoteUri: string;
  readonly centreCallId: string | null;
  readonly context: readonly ContextField[];
  readonly startedAt: number;
  /** Owned by the call machine: replaced on every transition, never edited in place. */
  m: CallMachineState;
}

export interface LiveCall extends CallRecord {
  readonly sip: SipCall;
  /** Set for inbound calls. */
  readonly incoming: SipIncomingCall | null;
  autoAnswerTimer: ReturnType<typeof setTimeout> | undefined;
}

/** The record of an ended call, without its SIP objects (so they can be collected). */
export function recordOf(call: LiveCall): CallRecord {
  const { id, remoteNumber, remoteName, remoteUri, centreCallId, context, startedAt, m } = call;
  return { id, remoteNumber, remoteName, remoteUri, centreCallId, context, startedAt, m };
}

export function snapshotOf(call: CallRecord): CallSnapshot {
  const m = call.m;
  return {
    id: call.id,
    direction: m.direction,
    state: m.state,
    phase: m.phase,
    media: m.media,
    remoteNumber: call.remoteNumber,
    remoteName: call.remoteName,
    remoteUri: call.remoteUri,
    centreCallId: call.centreCallId,
    context: call.context,
    startedAt: call.startedAt,
    answeredAt: m.answeredAt,
    endedAt: m.endedAt,
    held: m.held,
    holdPending: m.holdPending !== null,
    muted: m.muted,
    autoAnswer: m.autoAnswer,
    transfer: m.transfer,
    endReason: m.end?.reason ?? null,
    endedBy: m.end?.by ?? null,
    statusCode: m.end?.statusCode ?? null,
  };
}
