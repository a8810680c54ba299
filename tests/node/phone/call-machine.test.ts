/**
 * The call machine on its own: every state × every event (the impossible
 * ones included), then the decisions that matter to a maintainer — how a
 * call ends and who ended it.
 */
import { describe, expect, it } from 'vitest';
import { callPhases, type CallEndReason } from '../../../main/contract/index.js';
import { callMachine, decideEnd, initialInbound, initialOutbound } from '../../../main/core/phone/call-machine.js';
import type { CallEvent, CallEventType, CallMachineState, Transition } from '../../../main/core/phone/call-machine-types.js';
import type { SipCallEnd, SipEndSignal } from '../../../main/core/phone/sip-stack.js';

function run(state: CallMachineState, ...events: CallEvent[]): CallMachineState {
  let s = state;
  for (const event of events) {
    const t = callMachine(s, event);
    if (t.outcome !== 'applied') throw new Error(`${event.type} not applied in ${s.state}: ${t.reason}`);
    s = t.state;
  }
  return s;
}

const at = 1_000;
const end = (signal: SipEndSignal | null, over: Partial<SipCallEnd> = {}): SipCallEnd => ({
  signal,
  statusCode: null,
  established: false,
  mediaFailed: false,
  detail: 'test',
  ...over,
});
const offered = (over: Partial<Extract<CallEvent, { type: 'offered' }>> = {}): CallEvent => ({
  type: 'offered',
  at,
  takesCalls: true,
  atCapacity: false,
  notReadyCode: 486,
  autoAnswer: null,
  replacing: false,
  ...over,
});
const answer: CallEvent = { type: 'answer', trigger: null, mediaAvailable: true };
const established: CallEvent = { type: 'sip-established', at: 2_000 };

const ringing = run(initialInbound(), offered());
const active = run(ringing, answer, established);
const outboundActive = run(initialOutbound(), { type: 'sip-progress', statusCode: 180 }, established);
const consultLeg = initialOutbound({ kind: 'consult', role: 'consult', peerCallId: 'c-orig', state: 'consulting' });
const consultOriginal = run(active, { type: 'hold', held: true }, { type: 'hold-done', held: true, ok: true }, { type: 'consult-started', peerCallId: 'c-cons' });
const consultLegActive = run(consultLeg, established);

/** One of each state a call can be in (named for the failure messages). */
const states: Record<string, CallMachineState> = {
  'new inbound': initialInbound(),
  ringing,
  'ringing (auto-answer pending)': run(initialInbound(), offered({ autoAnswer: { delayMs: 3000, trigger: 'call-info' } })),
  'ringing (being released)': run(initialInbound(), offered({ takesCalls: false })),
  answering: run(ringing, answer),
  dialing: initialOutbound(),
  alerting: run(initialOutbound(), { type: 'sip-progress', statusCode: 180 }),
  active,
  'outbound active': outboundActive,
  'hold pending': run(active, { type: 'hold', held: true }),
  held: run(active, { type: 'hold', held: true }, { type: 'hold-done', held: true, ok: true }),
  'resume pending': run(active, { type: 'hold', held: true }, { type: 'hold-done', held: true, ok: true }, { type: 'hold', held: false }),
  muted: run(active, { type: 'mute', muted: true }, { type: 'mute-done', muted: true }),
  'transferring (blind)': run(active, { type: 'transfer-blind', target: '2002', uri: 'sip:2002@sip.test' }),
  'transfer failed': run(active, { type: 'transfer-blind', target: '2002', uri: 'sip:2002@sip.test' }, { type: 'transfer-outcome', ok: false, reason: 'REFER rejected: 403', detail: null, graceMs: 5000 }),
  'consulting (original)': consultOriginal,
  'consulting (consult leg dialling)': consultLeg,
  'consulting (consult leg answered)': consultLegActive,
  'transferring (attended, original)': run(consultOriginal, { type: 'complete-transfer', peer: consultLegActive }),
  'transferring (attended, consult leg)': run(consultLegActive, { type: 'complete-transfer', peer: consultOriginal }),
  replaced: run(active, { type: 'replaced' }),
  'media lost': run(active, { type: 'media-suspended' }),
  'media recovering': run(active, { type: 'media-suspended' }, { type: 'media-restored' }),
  'media lost while dialling': run(initialOutbound(), { type: 'media-suspended' }),
  survey: run(active, { type: 'survey-start' }),
  'survey (finishing)': run(active, { type: 'survey-start' }, { type: 'survey-finish' }),
  'wrap-up': run(active, { type: 'sip-ended', at: 3_000, end: end('bye-received', { established: true }) }),
  'ended, never answered': run(ringing, { type: 'sip-ended', at: 3_000, end: end('cancel-received', { statusCode: 487 }) }),
  closed: run(active, { type: 'sip-ended', at: 3_000, end: end('bye-sent', { established: true }) }, { type: 'close' }),
};

/** Every event type, with the variants that take different paths. TypeScript checks none is missing. */
const events: Record<CallEventType, CallEvent[]> = {
  offered: [offered(), offered({ takesCalls: false }), offered({ atCapacity: true }), offered({ replacing: true }), offered({ autoAnswer: { delayMs: 0, trigger: 'always' } })],
  answer: [answer, { type: 'answer', trigger: 'always', mediaAvailable: true }, { type: 'answer', trigger: null, mediaAvailable: false }],
  'auto-answer-due': [{ type: 'auto-answer-due', mediaAvailable: true }, { type: 'auto-answer-due', mediaAvailable: false }],
  'answer-failed': [{ type: 'answer-failed', message: 'getUserMedia failed' }],
  reject: [{ type: 'reject', statusCode: 603 }],
  hangup: [{ type: 'hangup' }],
  'sip-progress': [{ type: 'sip-progress', statusCode: 180 }, { type: 'sip-progress', statusCode: 100 }],
  'sip-established': [established],
  'sip-ended': [
    { type: 'sip-ended', at, end: end('bye-received', { established: true }) },
    { type: 'sip-ended', at, end: end('bye-sent', { established: true }) },
    { type: 'sip-ended', at, end: end('cancel-received', { statusCode: 487 }) },
    { type: 'sip-ended', at, end: end('cancel-sent', { statusCode: 487 }) },
    { type: 'sip-ended', at, end: end('reject-sent', { statusCode: 486 }) },
    { type: 'sip-ended', at, end: end('reject-received', { statusCode: 486 }) },
    { type: 'sip-ended', at, end: end(null, { mediaFailed: true }) },
    { type: 'sip-ended', at, end: end(null) },
  ],
  hold: [
    { type: 'hold', held: true },
    { type: 'hold', held: false },
  ],
  'hold-done': [
    { type: 'hold-done', held: true, ok: true },
    { type: 'hold-done', held: true, ok: false },
    { type: 'hold-done', held: false, ok: true },
  ],
  mute: [
    { type: 'mute', muted: true },
    { type: 'mute', muted: false },
  ],
  'mute-done': [
    { type: 'mute-done', muted: true },
    { type: 'mute-done', muted: false },
  ],
  'send-dtmf': [{ type: 'send-dtmf', digits: '12#' }],
  'dtmf-sent': [{ type: 'dtmf-sent', detail: '3 via rfc4733' }],
  'dtmf-received': [{ type: 'dtmf-received', digit: '5' }],
  'transfer-blind': [{ type: 'transfer-blind', target: '2002', uri: 'sip:2002@sip.test' }],
  'consult-started': [{ type: 'consult-started', peerCallId: 'c-2' }],
  'complete-transfer': [
    { type: 'complete-transfer', peer: consultLegActive },
    { type: 'complete-transfer', peer: consultOriginal },
    { type: 'complete-transfer', peer: consultLeg },
  ],
  'transfer-outcome': [
    { type: 'transfer-outcome', ok: true, reason: '', detail: '2002', graceMs: 5000 },
    { type: 'transfer-outcome', ok: false, reason: 'REFER rejected: 403', detail: null, graceMs: 5000 },
  ],
  'peer-ended': [{ type: 'peer-ended' }],
  replaced: [{ type: 'replaced' }],
  'replacement-answered': [{ type: 'replacement-answered' }],
  'media-suspended': [{ type: 'media-suspended' }],
  'media-restored': [{ type: 'media-restored' }],
  'media-renegotiated': [
    { type: 'media-renegotiated', ok: true },
    { type: 'media-renegotiated', ok: false },
  ],
  'media-lost': [{ type: 'media-lost' }],
  'seat-closing': [{ type: 'seat-closing' }],
  'survey-start': [{ type: 'survey-start' }],
  'survey-finish': [{ type: 'survey-finish' }],
  close: [{ type: 'close' }],
};

const effectTypes = new Set(['sip', 'media', 'timer', 'record', 'emit', 'agent', 'fail']);

describe('call machine: every state × every event', () => {
  const pairs = Object.entries(states).flatMap(([name, state]) =>
    Object.values(events)
      .flat()
      .map((event) => [name, state, event] as const),
  );

  it(`answers all ${pairs.length} pairs without throwing; refusals change nothing`, () => {
    const outcomes = { applied: 0, ignored: 0, rejected: 0 };
    for (const [name, state, event] of pairs) {
      const label = `${name} × ${event.type} ${JSON.stringify(event).slice(0, 80)}`;
      let t: Transition | undefined;
      expect(() => (t = callMachine(state, event)), label).not.toThrow();
      const result = t!;
      outcomes[result.outcome]++;
      if (result.outcome !== 'applied') {
        expect(result.state, label).toBe(state);
        expect(result.effects, label).toEqual([]);
        expect(result.reason, label).toBeTruthy();
      }
      for (const effect of result.effects) expect(effectTypes.has(effect.type), label).toBe(true);
      // Invariants of every resulting state.
      const s = result.state;
      expect(callPhases, label).toContain(s.phase);
      if (s.state === 'ended') {
        expect(s.end, label).not.toBeNull();
        expect(['wrap-up', 'closed'], label).toContain(s.phase);
        expect(s.endedAt, label).not.toBeNull();
      } else {
        expect(['call', 'survey'], label).toContain(s.phase);
        expect(s.end, label).toBeNull();
      }
      if (s.holdPending) expect(s.state, label).toBe('active');
      if (s.held) expect(s.answeredAt, label).not.toBeNull();
      // An end is reported once: recorder and event.
      if (result.outcome === 'applied' && state.state !== 'ended' && s.state === 'ended') {
        expect(result.effects.filter((e) => e.type === 'emit' && e.event === 'ended'), label).toHaveLength(1);
        expect(result.effects.filter((e) => e.type === 'record' && e.action === 'ended'), label).toHaveLength(1);
      }
    }
    expect(outcomes.applied).toBeGreaterThan(50);
    expect(outcomes.rejected).toBeGreaterThan(50);
    expect(outcomes.ignored).toBeGreaterThan(50);
  });

  it('a closed call stays closed whatever happens', () => {
    for (const event of Object.values(events).flat()) {
      expect(callMachine(states.closed!, event).outcome).not.toBe('applied');
    }
  });

  it('agent requests on an ended call are rejected, late SIP facts ignored', () => {
    const s = states['wrap-up']!;
    expect(callMachine(s, { type: 'hold', held: true })).toMatchObject({ outcome: 'rejected', reason: 'the call has ended' });
    expect(callMachine(s, { type: 'hangup' }).outcome).toBe('rejected');
    expect(callMachine(s, { type: 'sip-ended', at, end: end('bye-received') }).outcome).toBe('ignored');
    expect(callMachine(s, { type: 'media-lost' }).outcome).toBe('ignored');
  });
});

describe('call machine: the life of a call', () => {
  it('inbound: offered → ringing (180) → answering (accept) → active (recorded answered)', () => {
    const offer = callMachine(initialInbound(), offered());
    expect(offer.effects).toContainEqual({ type: 'sip', action: 'ring' });
    const ans = callMachine(offer.state, answer);
    expect(ans.state.state).toBe('answering');
    expect(ans.effects).toContainEqual({ type: 'sip', action: 'accept' });
    const est = callMachine(ans.state, established);
    expect(est.state).toMatchObject({ state: 'active', answeredAt: 2_000 });
    expect(est.effects).toContainEqual({ type: 'record', action: 'answered' });
  });

  it('auto-answer without delay skips the 180; with a delay rings first and arms a timer', () => {
    const now = callMachine(initialInbound(), offered({ autoAnswer: { delayMs: 0, trigger: 'always' } }));
    expect(now.effects).not.toContainEqual({ type: 'sip', action: 'ring' });
    expect(now.effects).toContainEqual({ type: 'timer', action: 'auto-answer', delayMs: 0 });
    const later = callMachine(initialInbound(), offered({ autoAnswer: { delayMs: 3000, trigger: 'call-info' } }));
    expect(later.effects).toEqual([{ type: 'emit', event: 'changed' }, { type: 'sip', action: 'ring' }, { type: 'timer', action: 'auto-answer', delayMs: 3000 }]);
    expect(later.state.autoAnswer).toEqual({ at: at + 3000, trigger: 'call-info' });
    const due = callMachine(later.state, { type: 'auto-answer-due', mediaAvailable: true });
    expect(due.state).toMatchObject({ state: 'answering', autoAnswered: true, autoAnswer: null });
    expect(due.effects).toContainEqual({ type: 'emit', event: 'auto-answered', trigger: 'call-info' });
  });

  it('answering without a media engine releases the call with 500 and fails the request', () => {
    const t = callMachine(ringing, { type: 'answer', trigger: null, mediaAvailable: false });
    expect(t.effects).toContainEqual({ type: 'sip', action: 'reject', statusCode: 500, text: 'Media Engine Unavailable' });
    expect(t.effects).toContainEqual({ type: 'fail', code: 'unavailable', message: 'media engine unavailable: the call was released' });
    const ended = run(t.state, { type: 'sip-ended', at, end: end('reject-sent', { statusCode: 500 }) });
    expect(ended.end).toEqual({ reason: 'media-unavailable', by: 'system', statusCode: 500 });
  });

  it('hold shows held only after the re-INVITE succeeded; a failed one leaves it unheld', () => {
    const pending = callMachine(active, { type: 'hold', held: true });
    expect(pending.state).toMatchObject({ held: false, holdPending: 'hold' });
    expect(pending.effects).toContainEqual({ type: 'sip', action: 'hold', held: true });
    expect(callMachine(pending.state, { type: 'hold', held: false })).toMatchObject({ outcome: 'rejected', reason: 'a hold or resume is already in progress' });
    expect(run(pending.state, { type: 'hold-done', held: true, ok: true })).toMatchObject({ held: true, holdPending: null });
    expect(run(pending.state, { type: 'hold-done', held: true, ok: false })).toMatchObject({ held: false, holdPending: null });
  });

  it('survey: mutes the agent, releases the agent, keeps the dialog; finishing sends BYE and ends completed by the seat', () => {
    const start = callMachine(active, { type: 'survey-start' });
    expect(start.state).toMatchObject({ state: 'active', phase: 'survey', muted: true });
    expect(start.effects).toEqual([
      { type: 'media', action: 'mute', muted: true },
      { type: 'record', action: 'phase', phase: 'survey' },
      { type: 'agent', action: 'released' },
      { type: 'emit', event: 'changed' },
    ]);
    // The agent's controls are off during the survey.
    for (const event of [{ type: 'hold', held: true }, { type: 'mute', muted: false }, { type: 'send-dtmf', digits: '1' }, { type: 'transfer-blind', target: '1', uri: 'sip:1@x' }] as const) {
      expect(callMachine(start.state, event).outcome, event.type).toBe('rejected');
    }
    // Digits from the caller still arrive.
    expect(callMachine(start.state, { type: 'dtmf-received', digit: '1' }).effects).toEqual([{ type: 'emit', event: 'dtmf', digit: '1' }]);
    const finish = callMachine(start.state, { type: 'survey-finish' });
    expect(finish.effects).toEqual([{ type: 'sip', action: 'hangup' }]);
    const done = callMachine(finish.state, { type: 'sip-ended', at, end: end('bye-sent', { established: true }) });
    expect(done.state).toMatchObject({ state: 'ended', phase: 'wrap-up', end: { reason: 'completed', by: 'local' } });
    // The agent was released when the survey started, not again now.
    expect(done.effects.filter((e) => e.type === 'agent')).toEqual([]);
    // The caller hanging up during the survey is completed by remote.
    expect(run(start.state, { type: 'sip-ended', at, end: end('bye-received', { established: true }) }).end).toMatchObject({ reason: 'completed', by: 'remote' });
  });

  it('a held call is resumed when its survey starts (the caller must hear it)', () => {
    const t = callMachine(states.held!, { type: 'survey-start' });
    expect(t.effects).toContainEqual({ type: 'sip', action: 'hold', held: false });
    expect(run(t.state, { type: 'hold-done', held: false, ok: true })).toMatchObject({ held: false, phase: 'survey' });
  });

  it('the survey cannot start on a call that is not connected, nor twice', () => {
    expect(callMachine(ringing, { type: 'survey-start' }).outcome).toBe('rejected');
    expect(callMachine(states.survey!, { type: 'survey-start' }).outcome).toBe('rejected');
    expect(callMachine(states['transferring (blind)']!, { type: 'survey-start' }).outcome).toBe('rejected');
    expect(callMachine(active, { type: 'survey-finish' }).outcome).toBe('rejected');
  });

  it('after the end: answered calls wait in wrap-up until closed; others are closed at once', () => {
    expect(states['wrap-up']!.phase).toBe('wrap-up');
    expect(states['ended, never answered']!.phase).toBe('closed');
    const close = callMachine(states['wrap-up']!, { type: 'close' });
    expect(close.state.phase).toBe('closed');
    expect(close.effects).toEqual([{ type: 'record', action: 'phase', phase: 'closed' }]);
    expect(callMachine(active, { type: 'close' })).toMatchObject({ outcome: 'rejected', reason: 'the call has not ended yet' });
  });

  it('the agent is released once when an answered call ends, never for an unanswered one', () => {
    const answeredEnd = callMachine(active, { type: 'sip-ended', at, end: end('bye-received') });
    expect(answeredEnd.effects).toContainEqual({ type: 'agent', action: 'released' });
    const missed = callMachine(ringing, { type: 'sip-ended', at, end: end('cancel-received') });
    expect(missed.effects.filter((e) => e.type === 'agent')).toEqual([]);
  });

  it('attended transfer: completing needs both legs connected; the original REFERs, the consult leg waits', () => {
    expect(callMachine(consultOriginal, { type: 'complete-transfer', peer: consultLeg })).toMatchObject({
      outcome: 'rejected',
      reason: 'the transfer target has not answered yet',
    });
    const original = callMachine(consultOriginal, { type: 'complete-transfer', peer: consultLegActive });
    expect(original.effects).toContainEqual({ type: 'sip', action: 'refer-attended' });
    const consult = callMachine(consultLegActive, { type: 'complete-transfer', peer: consultOriginal });
    expect(consult.effects.some((e) => e.type === 'sip')).toBe(false);
    const ok: CallEvent = { type: 'transfer-outcome', ok: true, reason: '', detail: '2002', graceMs: 5000 };
    expect(callMachine(original.state, ok).effects).toContainEqual({ type: 'sip', action: 'hangup' });
    expect(callMachine(consult.state, ok).effects).toEqual([{ type: 'timer', action: 'hangup-after', delayMs: 5000 }]);
    // The other leg ending while still consulting ends the consult on this one.
    expect(run(consultOriginal, { type: 'peer-ended' }).transfer).toBeNull();
  });
});

describe('call machine: the media engine goes away and comes back', () => {
  it('the dialog stays while the engine is gone; a new engine re-INVITEs with a fresh offer keeping the hold', () => {
    const held = states.held!;
    const lost = callMachine(held, { type: 'media-suspended' });
    expect(lost.state).toMatchObject({ state: 'active', media: 'lost', held: true });
    expect(lost.effects).toEqual([{ type: 'emit', event: 'changed' }]);
    const back = callMachine(lost.state, { type: 'media-restored' });
    expect(back.state.media).toBe('recovering');
    expect(back.effects).toContainEqual({ type: 'sip', action: 'renegotiate', held: true });
    expect(run(back.state, { type: 'media-renegotiated', ok: true })).toMatchObject({ media: 'ok', state: 'active' });
    const failed = callMachine(back.state, { type: 'media-renegotiated', ok: false });
    expect(failed.effects).toContainEqual({ type: 'sip', action: 'hangup', reason: { statusCode: 500, text: 'Media engine unavailable' } });
    expect(run(failed.state, { type: 'sip-ended', at, end: end('bye-sent', { established: true }) }).end).toMatchObject({ reason: 'media-unavailable', by: 'system' });
  });

  it('no engine within the grace ends the call as media-unavailable; a ringing call is not touched', () => {
    const lost = run(active, { type: 'media-suspended' }, { type: 'media-lost' });
    expect(run(lost, { type: 'sip-ended', at, end: end('bye-sent', { established: true }) }).end).toEqual({ reason: 'media-unavailable', by: 'system', statusCode: 500 });
    expect(callMachine(ringing, { type: 'media-suspended' }).outcome).toBe('ignored');
    expect(callMachine(ringing, { type: 'media-lost' }).outcome).toBe('ignored');
  });
});

describe('call machine: how a call ends and who ended it', () => {
  const cases: Array<[string, CallMachineState, SipCallEnd, CallEndReason, 'local' | 'remote' | 'system', number | null]> = [
    ['caller hangs up an answered call', active, end('bye-received', { established: true }), 'completed', 'remote', null],
    ['agent hangs up an answered call', active, end('bye-sent', { established: true }), 'completed', 'local', null],
    ['caller gives up while ringing', ringing, end('cancel-received', { statusCode: 487 }), 'missed', 'remote', 487],
    ['agent gives up dialling', initialOutbound(), end('cancel-sent', { statusCode: 487 }), 'no-answer', 'local', 487],
    ['callee busy', initialOutbound(), end('reject-received', { statusCode: 486 }), 'busy', 'remote', 486],
    ['callee declines everywhere', initialOutbound(), end('reject-received', { statusCode: 600 }), 'busy', 'remote', 600],
    ['callee not reachable', initialOutbound(), end('reject-received', { statusCode: 480 }), 'no-answer', 'remote', 480],
    ['request timeout', initialOutbound(), end('reject-received', { statusCode: 408 }), 'no-answer', 'system', 408],
    ['server unavailable', initialOutbound(), end('reject-received', { statusCode: 503 }), 'failed', 'system', 503],
    ['callee error', initialOutbound(), end('reject-received', { statusCode: 404 }), 'failed', 'remote', 404],
    ['agent rejects', ringing, end('reject-sent', { statusCode: 603 }), 'rejected', 'local', 603],
    ['media engine failed', states.answering!, end(null, { mediaFailed: true }), 'media-unavailable', 'system', null],
    ['unanswered inbound timed out (SIP.js 480)', ringing, end(null), 'no-answer', 'system', 480],
    ['outbound terminated before an answer', initialOutbound(), end(null), 'failed', 'system', null],
    ['answered call terminated by the stack', active, end(null, { established: true }), 'completed', 'system', null],
    ['BYE before the answer was confirmed', states.answering!, end('bye-received'), 'failed', 'remote', null],
  ];
  it.each(cases)('%s', (_name, state, sipEnd, reason, by, statusCode) => {
    expect(decideEnd(state, sipEnd)).toEqual({ reason, by, statusCode });
    const ended = run(state, { type: 'sip-ended', at, end: sipEnd });
    expect(ended.end).toEqual({ reason, by, statusCode });
  });

  it('the seat’s own choice wins over what SIP reports', () => {
    const endedAs = (state: CallMachineState, ...events: CallEvent[]) =>
      run(run(state, ...events), { type: 'sip-ended', at, end: end('bye-received', { established: true, statusCode: 487 }) }).end;
    expect(endedAs(initialInbound(), offered({ takesCalls: false }))).toEqual({ reason: 'not-ready', by: 'system', statusCode: 486 });
    expect(endedAs(initialInbound(), offered({ takesCalls: false, notReadyCode: 480 }))).toEqual({ reason: 'not-ready', by: 'system', statusCode: 480 });
    expect(endedAs(initialInbound(), offered({ atCapacity: true }))).toEqual({ reason: 'busy', by: 'system', statusCode: 486 });
    expect(endedAs(ringing, { type: 'reject', statusCode: 603 })).toEqual({ reason: 'rejected', by: 'local', statusCode: 603 });
    expect(endedAs(ringing, { type: 'hangup' })).toEqual({ reason: 'rejected', by: 'local', statusCode: 486 });
    expect(endedAs(active, { type: 'media-lost' })).toEqual({ reason: 'media-unavailable', by: 'system', statusCode: 500 });
    expect(endedAs(active, { type: 'seat-closing' })).toEqual({ reason: 'interrupted', by: 'system', statusCode: 487 });
    expect(endedAs(active, { type: 'replaced' })).toEqual({ reason: 'replaced', by: 'remote', statusCode: 487 });
    expect(endedAs(states['transferring (blind)']!, { type: 'transfer-outcome', ok: true, reason: '', detail: '2002', graceMs: 1 })).toEqual({
      reason: 'transferred',
      by: 'local',
      statusCode: 487,
    });
    expect(endedAs(states.survey!, { type: 'survey-finish' })).toEqual({ reason: 'completed', by: 'local', statusCode: 487 });
    // The first choice stays: the seat closing while a call is already being rejected does not change it.
    expect(endedAs(initialInbound(), offered({ takesCalls: false }), { type: 'seat-closing' })).toMatchObject({ reason: 'not-ready' });
  });

  it('a consult leg the target took over (Replaces) ends as transferred', () => {
    const trying = states['transferring (attended, consult leg)']!;
    expect(decideEnd(trying, end('bye-received', { established: true }))).toEqual({ reason: 'transferred', by: 'remote', statusCode: null });
  });

  it('a failed transfer leaves the call connected and says why', () => {
    const failed = states['transfer failed']!;
    expect(failed).toMatchObject({ state: 'active', transfer: { kind: 'blind', state: 'failed', failure: 'REFER rejected: 403' } });
    expect(callMachine(failed, { type: 'transfer-blind', target: '2003', uri: 'sip:2003@sip.test' }).outcome).toBe('applied');
  });
});
