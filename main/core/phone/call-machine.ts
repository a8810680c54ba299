/**
 * The life of one call, as one pure function: `(state, event) → { state,
 * effects }`. It is the only place that decides how a call ends (the end
 * reason and who ended it); the call manager (./call-manager.ts) feeds it
 * SIP, media and agent events and carries out the effects it returns (SIP
 * actions, media requests, recorder writes, events).
 *
 * ```
 *  inbound                                   outbound
 *  offered ─┬─ not ready ─▶ reject ─┐        dial ──▶ dialing ──18x──▶ alerting
 *           ├─ at capacity ▶ reject ─┤                  │                 │
 *           ▼                        │                  └──────200 OK─────┤
 *       ringing ──answer / auto──▶ answering ──200 OK sent──▶ ┌──────────▼─────────────┐
 *           │   ──reject / CANCEL / no answer──────────────┐  │ active                 │
 *           │                                              │  │  hold ▶ hold-pending   │
 *           │                                              │  │   ▶ held ▶ resume-pend.│
 *           │                                              │  │  transfer-blind ▶      │
 *           │                                              │  │   transferring (REFER) │
 *           │                                              │  │  consult-started ▶     │
 *           │                                              │  │   consulting ──complete│
 *           │                                              │  │   ▶ transferring       │
 *           │                                              │  │  media: ok ▶ lost ▶    │
 *           │                                              │  │   recovering ▶ ok      │
 *           │                                              │  │   (re-INVITE, new SDP) │
 *           │                                              │  └──┬──────────┬──────────┘
 *           │                                              │     │ BYE /    │ survey-start
 *           │                                              │     │ REFER ok │ (agent muted,
 *           ▼                                              ▼     ▼          ▼  dialog kept)
 *         ended (never answered) ◀───────────────────── ended ◀──────── survey
 *           │ phase closed                               │ answered:      (finishSurvey: BYE;
 *           ▼                                            ▼  phase wrap-up  or caller hangs up)
 *         closed ◀────────────────── close (wrap-up saved) ── wrap-up
 * ```
 *
 * Every (state, event) pair has an answer: an impossible request is
 * `rejected` with a reason (the executor answers `conflict`), a late or
 * duplicate SIP fact is `ignored`; neither changes the state, and nothing
 * throws.
 *
 * How the end is decided ({@link decideEnd}): the end the seat chose when it
 * started ending the call (`ending`: rejected, not-ready, busy, transferred,
 * replaced, media-unavailable, interrupted, a finished survey) wins;
 * otherwise what SIP saw — BYE after an answer is `completed`, a CANCEL is
 * `missed` (inbound) or `no-answer` (outbound), a final error response is
 * `busy`, `no-answer` or `failed` by its code, media failure is
 * `media-unavailable`.
 */
import type { AutoAnswerTrigger, CallDirection, CallEndReason, TransferState } from '../../contract/index.js';
import type { CallEffect, CallEvent, CallMachineState, EndDecision, Transition } from './call-machine-types.js';
import type { SipCallEnd } from './sip-stack.js';

export type { CallEffect, CallEvent, CallMachineState, EndDecision, Transition } from './call-machine-types.js';

/** A new inbound call, before `offered` is applied. */
export function initialInbound(): CallMachineState {
  return initial('inbound', 'ringing', null);
}

/** A new outbound call (dialled, INVITE about to be sent); `transfer` for a consult leg. */
export function initialOutbound(transfer: TransferState | null = null): CallMachineState {
  return initial('outbound', 'dialing', transfer);
}

function initial(direction: CallDirection, state: 'ringing' | 'dialing', transfer: TransferState | null): CallMachineState {
  return {
    direction,
    state,
    phase: 'call',
    answeredAt: null,
    endedAt: null,
    held: false,
    holdPending: null,
    muted: false,
    media: 'ok',
    autoAnswer: null,
    autoAnswered: false,
    transfer,
    ending: null,
    end: null,
    surveyHoldsAgent: false,
  };
}

/**
 * Whether the call holds the agent: answering, dialling or connected, not yet
 * in the survey — or in a survey the centre counts as busy time.
 */
export function holdsAgent(s: CallMachineState): boolean {
  if (s.phase === 'survey') return s.surveyHoldsAgent && s.state !== 'ended';
  return s.phase === 'call' && (s.state === 'answering' || s.state === 'dialing' || s.state === 'alerting' || s.state === 'active');
}

/** Whether the SIP dialog is still up (or being set up). */
export function isLive(s: CallMachineState): boolean {
  return s.state !== 'ended';
}

const changed: CallEffect = { type: 'emit', event: 'changed' };
const mediaUnavailableText = 'Media Engine Unavailable';

function applied(state: CallMachineState, ...effects: CallEffect[]): Transition {
  return { state, effects, outcome: 'applied' };
}

function rejected(state: CallMachineState, reason: string): Transition {
  return { state, effects: [], outcome: 'rejected', reason };
}

function ignored(state: CallMachineState, reason: string): Transition {
  return { state, effects: [], outcome: 'ignored', reason };
}

/** A transfer is running (not failed). */
function transferBusy(s: CallMachineState): boolean {
  return s.transfer !== null && s.transfer.state !== 'failed';
}

/** The agent may work the call: connected, in the agent's phase, no re-INVITE in flight. */
function requireAgentActive(s: CallMachineState, action: string): string | null {
  if (s.state !== 'active') return `cannot ${action} a call that is ${s.state}`;
  if (s.phase !== 'call') return `cannot ${action} a call in the ${s.phase}`;
  return null;
}

/** The seat starts ending the call with `decision`, unless an end was already chosen. */
function withEnding(s: CallMachineState, decision: EndDecision): CallMachineState {
  return s.ending ? s : { ...s, ending: decision };
}

/** The one transition function. Never throws. */
export function callMachine(s: CallMachineState, event: CallEvent): Transition {
  if (s.phase === 'closed') return event.type === 'close' ? ignored(s, 'already closed') : notLive(s, event);
  if (s.state === 'ended') return afterEnd(s, event);

  switch (event.type) {
    case 'offered': {
      if (s.direction !== 'inbound' || s.state !== 'ringing' || s.answeredAt !== null || s.autoAnswer) return ignored(s, 'already offered');
      if (event.replacing) return applied(s, changed);
      // A refused call is never shown ringing (no callsChanged until it ended).
      if (!event.takesCalls) {
        const code = event.notReadyCode;
        return applied(withEnding(s, { reason: 'not-ready', by: 'system', statusCode: code }), { type: 'sip', action: 'reject', statusCode: code });
      }
      if (event.atCapacity) {
        return applied(withEnding(s, { reason: 'busy', by: 'system', statusCode: 486 }), { type: 'sip', action: 'reject', statusCode: 486 });
      }
      const auto = event.autoAnswer;
      if (!auto) return applied(s, changed, { type: 'sip', action: 'ring' });
      const next = { ...s, autoAnswer: { at: event.at + auto.delayMs, trigger: auto.trigger } };
      // Straight to 200 OK: no 180 first, the caller never hears ringing.
      if (auto.delayMs === 0) return applied(next, changed, { type: 'timer', action: 'auto-answer', delayMs: 0 });
      return applied(next, changed, { type: 'sip', action: 'ring' }, { type: 'timer', action: 'auto-answer', delayMs: auto.delayMs });
    }

    case 'auto-answer-due':
      if (s.state !== 'ringing' || !s.autoAnswer || s.ending) return ignored(s, 'no auto-answer due');
      return answer(s, s.autoAnswer.trigger, event.mediaAvailable);

    case 'answer':
      if (s.direction !== 'inbound') return rejected(s, 'only incoming calls can be answered');
      if (s.state !== 'ringing') return rejected(s, `cannot answer a call that is ${s.state}`);
      if (s.ending) return rejected(s, 'the call is being released');
      return answer(s, event.trigger, event.mediaAvailable);

    case 'answer-failed':
      if (s.state !== 'answering') return ignored(s, 'not answering');
      // SIP.js has already answered the INVITE with an error and ended the session.
      return applied(withEnding(s, { reason: 'media-unavailable', by: 'system', statusCode: null }), {
        type: 'fail',
        code: 'unavailable',
        message: `could not answer: ${event.message}`,
      });

    case 'reject':
      if (s.direction !== 'inbound' || s.state !== 'ringing') return rejected(s, `cannot reject a call that is ${s.state}`);
      if (s.ending) return ignored(s, 'already being released');
      return applied(
        withEnding({ ...s, autoAnswer: null }, { reason: 'rejected', by: 'local', statusCode: event.statusCode }),
        { type: 'timer', action: 'cancel-auto-answer' },
        { type: 'sip', action: 'reject', statusCode: event.statusCode },
      );

    case 'hangup':
      if (s.state === 'ringing') {
        if (s.ending) return ignored(s, 'already being released');
        return applied(
          withEnding({ ...s, autoAnswer: null }, { reason: 'rejected', by: 'local', statusCode: 486 }),
          { type: 'timer', action: 'cancel-auto-answer' },
          { type: 'sip', action: 'reject', statusCode: 486 },
        );
      }
      // Who ended it and why follows from what SIP reports (BYE sent, CANCEL sent).
      return applied(s, { type: 'sip', action: 'hangup' });

    case 'sip-progress':
      if (s.state !== 'dialing' || event.statusCode < 180 || event.statusCode >= 200) return ignored(s, 'no change');
      return applied({ ...s, state: 'alerting' }, changed);

    case 'sip-established':
      if (s.state === 'active') return ignored(s, 'already established');
      if (s.state === 'ringing') return ignored(s, 'established without an answer');
      return applied({ ...s, state: 'active', answeredAt: event.at }, { type: 'record', action: 'answered' }, changed);

    case 'sip-ended':
      return ended(s, event.end, event.at);

    case 'hold': {
      const why = requireAgentActive(s, event.held ? 'hold' : 'resume');
      if (why) return rejected(s, why);
      if (s.holdPending) return rejected(s, 'a hold or resume is already in progress');
      if (s.held === event.held) return applied(s);
      return applied({ ...s, holdPending: event.held ? 'hold' : 'resume' }, changed, { type: 'sip', action: 'hold', held: event.held });
    }

    case 'hold-done': {
      const expected = event.held ? 'hold' : 'resume';
      if (s.holdPending !== expected) return ignored(s, 'no such re-INVITE in flight');
      if (!event.ok) return applied({ ...s, holdPending: null }, changed);
      return applied({ ...s, holdPending: null, held: event.held }, { type: 'record', action: 'event', kind: event.held ? 'hold' : 'resume' }, changed);
    }

    case 'mute': {
      const why = requireAgentActive(s, 'mute');
      if (why) return rejected(s, why);
      if (s.muted === event.muted) return applied(s);
      return applied(s, { type: 'media', action: 'mute', muted: event.muted });
    }

    case 'mute-done':
      if (s.state !== 'active' || s.phase !== 'call' || s.muted === event.muted) return ignored(s, 'no change');
      return applied({ ...s, muted: event.muted }, { type: 'record', action: 'event', kind: event.muted ? 'mute' : 'unmute' }, changed);

    case 'send-dtmf': {
      const why = requireAgentActive(s, 'send keys on');
      if (why) return rejected(s, why);
      return applied(s, { type: 'sip', action: 'send-dtmf', digits: event.digits });
    }

    case 'dtmf-sent':
      return applied(s, { type: 'record', action: 'event', kind: 'dtmf-sent', detail: event.detail });

    case 'dtmf-received':
      if (s.state !== 'active' && s.state !== 'answering') return ignored(s, 'no dialog for DTMF');
      return applied(s, { type: 'emit', event: 'dtmf', digit: event.digit });

    case 'transfer-blind': {
      const why = requireAgentActive(s, 'transfer');
      if (why) return rejected(s, why);
      if (transferBusy(s)) return rejected(s, 'a transfer is already in progress');
      return applied({ ...s, transfer: { kind: 'blind', state: 'trying', target: event.target } }, changed, {
        type: 'sip',
        action: 'refer-blind',
        uri: event.uri,
      });
    }

    case 'consult-started': {
      const why = requireAgentActive(s, 'transfer');
      if (why) return rejected(s, why);
      if (transferBusy(s)) return rejected(s, 'a transfer is already in progress');
      return applied({ ...s, transfer: { kind: 'consult', role: 'original', peerCallId: event.peerCallId, state: 'consulting' } }, changed);
    }

    case 'complete-transfer': {
      const t = s.transfer;
      if (t?.kind !== 'consult') return rejected(s, 'this call is not part of a consult transfer');
      if (t.state === 'trying') return rejected(s, 'the transfer is already being completed');
      const [original, consult] = t.role === 'original' ? [s, event.peer] : [event.peer, s];
      if (consult.state !== 'active') return rejected(s, 'the transfer target has not answered yet');
      if (original.state !== 'active') return rejected(s, 'the caller is no longer connected');
      const next = { ...s, transfer: { ...t, state: 'trying' as const } };
      return t.role === 'original' ? applied(next, changed, { type: 'sip', action: 'refer-attended' }) : applied(next, changed);
    }

    case 'transfer-outcome': {
      const t = s.transfer;
      if (!t || t.state !== 'trying') return ignored(s, 'no transfer in progress');
      const refers = t.kind === 'blind' || t.role === 'original';
      if (!event.ok) {
        const next = { ...s, transfer: { ...t, state: 'failed' as const, failure: event.reason } };
        return refers ? applied(next, { type: 'record', action: 'event', kind: 'transfer-failed', detail: event.reason }, changed) : applied(next, changed);
      }
      const next = withEnding(s, { reason: 'transferred', by: 'local', statusCode: null });
      if (!refers) {
        // The target replaces the consult leg (INVITE with Replaces) and hangs it up itself.
        return applied(next, { type: 'timer', action: 'hangup-after', delayMs: event.graceMs });
      }
      return applied(
        next,
        { type: 'record', action: 'event', kind: 'transfer', ...(event.detail === null ? {} : { detail: event.detail }) },
        { type: 'sip', action: 'hangup' },
      );
    }

    case 'peer-ended': {
      const t = s.transfer;
      if (t?.kind !== 'consult' || t.state === 'trying') return ignored(s, 'no consult waiting on the other leg');
      return applied({ ...s, transfer: null }, changed);
    }

    case 'replaced':
      if (s.state !== 'active') return ignored(s, 'only a connected call can be replaced');
      return applied(withEnding(s, { reason: 'replaced', by: 'remote', statusCode: null }), changed);

    case 'replacement-answered':
      // The SIP stack normally hangs the replaced call up itself; make sure.
      if (s.ending?.reason !== 'replaced') return ignored(s, 'not replaced');
      return applied(s, { type: 'sip', action: 'hangup' });

    case 'media-suspended':
      if (s.state === 'ringing') return ignored(s, 'a ringing call has no media yet');
      if (s.media === 'lost') return ignored(s, 'media already lost');
      return applied({ ...s, media: 'lost' }, changed);

    case 'media-restored':
      if (s.media !== 'lost') return ignored(s, 'media not lost');
      if (s.state !== 'active') return applied({ ...s, media: 'ok' }, changed);
      return applied({ ...s, media: 'recovering' }, changed, { type: 'sip', action: 'renegotiate', held: s.held });

    case 'media-renegotiated':
      if (s.media !== 'recovering') return ignored(s, 'no re-INVITE for the media in flight');
      if (event.ok) return applied({ ...s, media: 'ok' }, changed);
      return applied(withEnding({ ...s, media: 'lost' }, { reason: 'media-unavailable', by: 'system', statusCode: 500 }), {
        type: 'sip',
        action: 'hangup',
        reason: { statusCode: 500, text: 'Media engine unavailable' },
      });

    case 'media-lost':
      if (s.state === 'ringing') return ignored(s, 'a ringing call has no media yet');
      return applied(withEnding(s, { reason: 'media-unavailable', by: 'system', statusCode: 500 }), {
        type: 'sip',
        action: 'hangup',
        reason: { statusCode: 500, text: 'Media engine unavailable' },
      });

    case 'seat-closing':
      return applied(withEnding({ ...s, autoAnswer: null }, { reason: 'interrupted', by: 'system', statusCode: null }), { type: 'timer', action: 'cancel-auto-answer' }, {
        type: 'sip',
        action: 'hangup',
        reason: { statusCode: 503, text: 'Seat closing' },
      });

    case 'survey-start':
      if (s.phase === 'survey') return rejected(s, 'the survey is already running');
      if (s.state !== 'active') return rejected(s, `cannot start a survey on a call that is ${s.state}`);
      if (s.holdPending) return rejected(s, 'a hold or resume is in progress');
      if (transferBusy(s)) return rejected(s, 'the call is being transferred');
      return applied(
        // A held caller is taken off hold to hear the survey.
        { ...s, phase: 'survey', muted: true, holdPending: s.held ? 'resume' : null, surveyHoldsAgent: event.holdAgent === true },
        ...(s.muted ? [] : [{ type: 'media', action: 'mute', muted: true } as const]),
        ...(s.held ? [{ type: 'sip', action: 'hold', held: false } as const] : []),
        { type: 'record', action: 'phase', phase: 'survey' },
        // Released now, unless the survey counts as busy: then when its call ends.
        ...(event.holdAgent === true ? [] : [{ type: 'agent', action: 'released' } as const]),
        changed,
      );

    case 'survey-finish':
      if (s.phase !== 'survey') return rejected(s, 'no survey is running on this call');
      return applied(withEnding(s, { reason: 'completed', by: 'local', statusCode: null }), { type: 'sip', action: 'hangup' });

    case 'close':
      return rejected(s, 'the call has not ended yet');

    default:
      return unknownEvent(s, event);
  }
}

function answer(s: CallMachineState, trigger: AutoAnswerTrigger | null, mediaAvailable: boolean): Transition {
  const cleared = { ...s, autoAnswer: null };
  if (!mediaAvailable) {
    return applied(
      withEnding(cleared, { reason: 'media-unavailable', by: 'system', statusCode: 500 }),
      { type: 'timer', action: 'cancel-auto-answer' },
      { type: 'sip', action: 'reject', statusCode: 500, text: mediaUnavailableText },
      { type: 'fail', code: 'unavailable', message: 'media engine unavailable: the call was released' },
    );
  }
  return applied(
    { ...cleared, state: 'answering', autoAnswered: trigger !== null },
    { type: 'timer', action: 'cancel-auto-answer' },
    changed,
    ...(trigger ? [{ type: 'emit', event: 'auto-answered', trigger } as const] : []),
    { type: 'sip', action: 'accept' },
  );
}

function ended(s: CallMachineState, end: SipCallEnd, at: number): Transition {
  const decision = decideEnd(s, end);
  const answered = s.answeredAt !== null;
  const agentHadIt = s.phase === 'call' || (s.phase === 'survey' && s.surveyHoldsAgent);
  const phase = answered ? 'wrap-up' : 'closed';
  const next: CallMachineState = {
    ...s,
    state: 'ended',
    phase,
    endedAt: at,
    end: decision,
    autoAnswer: null,
    holdPending: null,
  };
  return applied(
    next,
    { type: 'timer', action: 'cancel-auto-answer' },
    { type: 'record', action: 'ended' },
    { type: 'record', action: 'phase', phase },
    ...(answered && agentHadIt ? [{ type: 'agent', action: 'released' } as const] : []),
    changed,
    { type: 'emit', event: 'ended' },
  );
}

/** After the SIP dialog ended: only `close` moves on; the rest is late news. */
function afterEnd(s: CallMachineState, event: CallEvent): Transition {
  if (event.type === 'close') {
    return applied({ ...s, phase: 'closed' }, { type: 'record', action: 'phase', phase: 'closed' });
  }
  return notLive(s, event);
}

function notLive(s: CallMachineState, event: CallEvent): Transition {
  switch (event.type) {
    case 'answer':
    case 'reject':
    case 'hangup':
    case 'hold':
    case 'mute':
    case 'send-dtmf':
    case 'transfer-blind':
    case 'consult-started':
    case 'complete-transfer':
    case 'survey-start':
    case 'survey-finish':
    case 'close':
      return rejected(s, event.type === 'close' ? 'already closed' : 'the call has ended');
    case 'offered':
    case 'auto-answer-due':
    case 'answer-failed':
    case 'sip-progress':
    case 'sip-established':
    case 'sip-ended':
    case 'hold-done':
    case 'mute-done':
    case 'dtmf-sent':
    case 'dtmf-received':
    case 'transfer-outcome':
    case 'peer-ended':
    case 'replaced':
    case 'replacement-answered':
    case 'media-suspended':
    case 'media-restored':
    case 'media-renegotiated':
    case 'media-lost':
    case 'seat-closing':
      return ignored(s, 'the call has ended');
    default:
      return unknownEvent(s, event);
  }
}

function unknownEvent(s: CallMachineState, event: never): Transition {
  return rejected(s, `unknown event ${JSON.stringify((event as { type?: unknown }).type)}`);
}

/**
 * How the call ended and who ended it. The seat's own choice (`ending`)
 * wins; then a consult leg the target took over; then what SIP saw.
 */
export function decideEnd(s: CallMachineState, end: SipCallEnd): EndDecision {
  if (s.ending) return { ...s.ending, statusCode: s.ending.statusCode ?? end.statusCode };
  const t = s.transfer;
  if (t?.kind === 'consult' && t.role === 'consult' && t.state === 'trying') {
    // The target took the caller over (INVITE with Replaces) and hung this leg up.
    return { reason: 'transferred', by: end.signal === 'bye-received' ? 'remote' : 'local', statusCode: end.statusCode };
  }
  const answered = s.answeredAt !== null;
  const code = end.statusCode;
  if (end.mediaFailed && end.signal === null) return { reason: 'media-unavailable', by: 'system', statusCode: code };
  switch (end.signal) {
    case 'bye-received':
      return { reason: answered ? 'completed' : 'failed', by: 'remote', statusCode: code };
    case 'bye-sent':
      return { reason: answered ? 'completed' : 'failed', by: 'local', statusCode: code };
    case 'cancel-received':
      // The caller gave up before anyone answered.
      return { reason: s.direction === 'inbound' ? 'missed' : 'no-answer', by: 'remote', statusCode: code ?? 487 };
    case 'cancel-sent':
      // The agent gave up before an answer.
      return { reason: s.direction === 'inbound' ? 'rejected' : 'no-answer', by: 'local', statusCode: code ?? 487 };
    case 'reject-sent':
      return { reason: 'rejected', by: 'local', statusCode: code };
    case 'reject-received':
      return { reason: rejectionReason(code), by: code === 408 || code === 503 ? 'system' : 'remote', statusCode: code };
    case null:
      if (answered || end.established) return { reason: 'completed', by: 'system', statusCode: code };
      // SIP.js rejects an unanswered INVITE with 480 after its no-answer timer.
      return s.direction === 'inbound' ? { reason: 'no-answer', by: 'system', statusCode: code ?? 480 } : { reason: 'failed', by: 'system', statusCode: code };
    default: {
      const unknown: never = end.signal;
      return { reason: 'failed', by: 'system', statusCode: code ?? (unknown as null) };
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
