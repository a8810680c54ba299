/**
 * The seams for what follows the agent's part of a call, through the phone
 * service on the fake SIP stack: the survey (agent muted, dialog kept,
 * digits by SIP INFO to `onDigit`), the wrap-up phase and `closeCall`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  defaultProfile,
  type AgentStatus,
  type CallPhase,
  type CallSnapshot,
  type PhoneEvents,
  type SeatProfile,
} from '../../../main/contract/index.js';
import { CoreError } from '../../../main/core/base/core-error.js';
import type { CallRecorder } from '../../../main/core/phone/call-recorder.js';
import { createPhoneService, type PhoneService } from '../../../main/core/phone/phone-service.js';
import { FakeSipStack, flush } from './fake-sip-stack.js';

const profile: SeatProfile = { ...defaultProfile, agentNumber: '1001', sipServers: ['ws://a.test'], sipUri: 'sip:1001@sip.test', wrapUpSeconds: 20 };
const caller = { From: ['"Caller" <sip:13800138000@sip.test>;tag=1'] };

function setup() {
  const stacks: FakeSipStack[] = [];
  const events: Array<{ name: keyof PhoneEvents; payload: unknown }> = [];
  const agent: AgentStatus[] = [];
  const recorded: string[] = [];
  const digits: string[] = [];
  const recorder: CallRecorder = {
    callStarted: () => recorded.push('start'),
    callAnswered: () => recorded.push('answer'),
    callEvent: (_id, kind) => recorded.push(kind),
    callEnded: (_id, end) => recorded.push(`end:${end.reason}:${end.endedBy}`),
    callPhase: (_id, phase: CallPhase) => recorded.push(`phase:${phase}`),
  };
  const phone: PhoneService = createPhoneService({
    profile: { current: () => profile, onChange: () => () => undefined, sipPassword: () => 'pw' },
    recorder,
    onRegistration: () => undefined,
    onAgent: (s) => agent.push(s),
    emit: (name, payload) => events.push({ name, payload }),
    onDigit: (callId, digit, source) => digits.push(`${callId}:${digit}:${source}`),
    sendMedia: (_clientId, request) => {
      queueMicrotask(() => phone.mediaReply('media', { id: request.id, ok: true, value: request.method === 'sendDtmf' ? true : null }));
      return true;
    },
    createStack: () => (account, listener) => {
      const stack = new FakeSipStack(account, listener);
      stacks.push(stack);
      return stack;
    },
    backoff: { random: () => 1 },
  });
  const calls = (): CallSnapshot[] => {
    const last = [...events].reverse().find((e) => e.name === 'callsChanged');
    return last ? (last.payload as { calls: CallSnapshot[] }).calls : [];
  };
  const ended = (): CallSnapshot[] => events.filter((e) => e.name === 'callEnded').map((e) => (e.payload as { call: CallSnapshot }).call);
  const answeredCall = async () => {
    await flush();
    stacks.at(-1)!.answerRegister({ ok: true, expiresSeconds: 300 });
    await flush();
    phone.claimMedia('media');
    const sip = stacks.at(-1)!.invite(caller);
    const id = calls()[0]!.id;
    await phone.answerCall(id);
    return { sip, id };
  };
  return { phone, stacks, events, agent, recorded, digits, calls, ended, answeredCall };
}

describe('after the agent’s part of a call (fake SIP stack)', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('startSurvey mutes the agent through the media engine, releases the agent to wrap-up, and keeps the dialog', async () => {
    const t = setup();
    const { sip, id } = await t.answeredCall();
    const survey = await t.phone.startSurvey(id);
    expect(survey).toMatchObject({ state: 'active', phase: 'survey', muted: true });
    expect(t.calls()[0]).toMatchObject({ id, phase: 'survey' });
    // The fake stack's call mutes by itself; the SIP.js call sends setMuted to the media engine (sipjs-calls.test.ts).
    expect(sip.actions.filter((a) => a === 'mute')).toEqual(['mute']);
    expect(sip.actions).not.toContain('hangup');
    expect(t.agent.at(-1)?.state).toBe('wrap-up');
    // The agent's controls are off while the survey runs.
    await expect(t.phone.holdCall(id)).rejects.toMatchObject({ code: 'conflict' });
    await expect(t.phone.setMuted(id, false)).rejects.toMatchObject({ code: 'conflict' });
    await expect(t.phone.startSurvey(id)).rejects.toBeInstanceOf(CoreError);
    // A digit by SIP INFO reaches the survey and the renderer.
    sip.dtmf('4');
    await flush();
    expect(t.digits).toEqual([`${id}:4:sip-info`]);
    expect(t.events.filter((e) => e.name === 'dtmfReceived').map((e) => e.payload)).toEqual([{ callId: id, digit: '4' }]);
    // The survey is over: the seat hangs up.
    await t.phone.finishSurvey(id);
    await flush();
    expect(sip.actions).toContain('hangup');
    expect(t.ended()[0]).toMatchObject({ id, endReason: 'completed', endedBy: 'local', phase: 'wrap-up' });
    expect(t.recorded).toEqual(['start', 'answer', 'phase:survey', 'end:completed:local', 'phase:wrap-up']);
  });

  it('the caller hanging up during the survey ends the call as completed by the caller', async () => {
    const t = setup();
    const { sip, id } = await t.answeredCall();
    await t.phone.startSurvey(id);
    sip.remoteBye();
    await flush();
    expect(t.ended()[0]).toMatchObject({ endReason: 'completed', endedBy: 'remote', phase: 'wrap-up' });
    await expect(t.phone.finishSurvey(id)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('an ended answered call waits in wrap-up until closeCall; unanswered ones are closed at once', async () => {
    const t = setup();
    const { sip, id } = await t.answeredCall();
    expect(() => t.phone.closeCall(id)).toThrow(/not ended yet/);
    sip.remoteBye();
    await flush();
    expect(t.calls()).toEqual([]);
    expect(t.phone.callSnapshot(id)).toMatchObject({ phase: 'wrap-up', endReason: 'completed' });
    expect(t.phone.closeCall(id)).toMatchObject({ id, phase: 'closed' });
    expect(t.phone.callSnapshot(id)).toBeNull();
    expect(() => t.phone.closeCall(id)).toThrow(CoreError);
    expect(t.recorded.slice(-2)).toEqual(['phase:wrap-up', 'phase:closed']);
  });

  it('a call nobody answered goes straight to closed', async () => {
    const t = setup();
    await t.answeredCall();
    // A second call rings while the first is connected (call waiting); the caller gives up.
    const waiting = t.stacks.at(-1)!.invite(caller);
    const id = t.calls().find((c) => c.state === 'ringing')!.id;
    waiting.cancel();
    await flush();
    expect(t.ended().find((c) => c.id === id)).toMatchObject({ endReason: 'missed', endedBy: 'remote', phase: 'closed' });
    expect(t.phone.callSnapshot(id)).toBeNull();
    expect(() => t.phone.closeCall(id)).toThrow(/no call/);
  });
});
