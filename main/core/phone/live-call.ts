/**
 * A call the phone service is handling, its snapshot for the renderer, and
 * how a SIP ending becomes the contract's end reason.
 */
import type {
  AutoAnswerTrigger,
  CallDirection,
  CallEndedBy,
  CallEndReason,
  CallSnapshot,
  CallState,
  ContextField,
  TransferState,
} from '../../contract/index.js';
import type { SipCall, SipCallEnd, SipIncomingCall } from './sip-stack.js';

export interface LiveCall {
  readonly id: string;
  readonly sip: SipCall;
  /** Set for inbound calls. */
  readonly incoming: SipIncomingCall | null;
  readonly direction: CallDirection;
  state: CallState;
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly remoteUri: string;
  readonly centreCallId: string | null;
  readonly context: readonly ContextField[];
  readonly startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  held: boolean;
  holdPending: boolean;
  muted: boolean;
  autoAnswer: { at: number; trigger: AutoAnswerTrigger } | null;
  autoAnswerTimer: ReturnType<typeof setTimeout> | undefined;
  autoAnswered: boolean;
  transfer: TransferState | null;
  /** Decided by the phone service before SIP reports the end (reject as not ready, transferred, …). */
  endOverride: { reason: CallEndReason; by: CallEndedBy; statusCode?: number } | null;
  endReason: CallEndReason | null;
  endedBy: CallEndedBy | null;
  statusCode: number | null;
}

export function snapshotOf(call: LiveCall): CallSnapshot {
  return {
    id: call.id,
    direction: call.direction,
    state: call.state,
    remoteNumber: call.remoteNumber,
    remoteName: call.remoteName,
    remoteUri: call.remoteUri,
    centreCallId: call.centreCallId,
    context: call.context,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    held: call.held,
    holdPending: call.holdPending,
    muted: call.muted,
    autoAnswer: call.autoAnswer,
    transfer: call.transfer,
    endReason: call.endReason,
    endedBy: call.endedBy,
    statusCode: call.statusCode,
  };
}

/** Whether the call holds the agent (dialling, answering or connected). */
export function isBusy(call: LiveCall): boolean {
  return call.state === 'answering' || call.state === 'dialing' || call.state === 'alerting' || call.state === 'active';
}

/** The contract's end reason for what SIP reported (unless the service decided it before). */
export function endReasonOf(call: LiveCall, end: SipCallEnd): { reason: CallEndReason; by: CallEndedBy; statusCode: number | null } {
  if (call.endOverride) {
    return { reason: call.endOverride.reason, by: call.endOverride.by, statusCode: call.endOverride.statusCode ?? end.statusCode };
  }
  const answered = call.answeredAt !== null;
  switch (end.cause) {
    case 'bye':
      return { reason: answered ? 'completed' : 'failed', by: end.by, statusCode: end.statusCode };
    case 'cancel':
      // Inbound: the caller gave up. Outbound: the agent gave up before an answer.
      return { reason: call.direction === 'inbound' ? 'missed' : 'no-answer', by: end.by, statusCode: end.statusCode };
    case 'rejected':
      if (end.by === 'local') return { reason: 'rejected', by: 'local', statusCode: end.statusCode };
      return { reason: rejectionReason(end.statusCode), by: end.by, statusCode: end.statusCode };
    case 'no-answer':
      return { reason: 'no-answer', by: end.by, statusCode: end.statusCode };
    case 'media':
      return { reason: 'media-unavailable', by: 'system', statusCode: end.statusCode };
    case 'failed':
      return { reason: answered ? 'completed' : 'failed', by: end.by, statusCode: end.statusCode };
    default: {
      const unknown: never = end.cause;
      throw new Error(`unknown end cause ${String(unknown)}`);
    }
  }
}

function rejectionReason(statusCode: number | null): CallEndReason {
  switch (statusCode) {
    case 486:
    case 600:
      return 'busy';
    case 408:
    case 480:
    case 487:
      return 'no-answer';
    default:
      return 'failed';
  }
}
