import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  defaultProfile,
  type AgentStatus,
  type CallSnapshot,
  type MediaRequest,
  type PhoneEvents,
  type RegistrationStatus,
  type SeatProfile,
} from '../../../main/contract/index.js';
import { CoreError } from '../../../main/core/base/core-error.js';
import type { CallRecorder } from '../../../main/core/phone/call-recorder.js';
import { createPhoneService, type PhoneService } from '../../../main/core/phone/phone-service.js';
import { FakeSipStack, flush } from './fake-sip-stack.js';

const baseProfile: SeatProfile = {
  ...defaultProfile,
  agentNumber: '1001',
  sipServers: ['ws://a.test'],
  sipUri: 'sip:1001@sip.test',
  wrapUpSeconds: 20,
};

function setup(profileOverrides: Partial<SeatProfile> = {}) {
  let profile: SeatProfile = { ...baseProfile, ...profileOverrides };
  const profileListeners = new Set<(p: SeatProfile) => void>();
  const stacks: FakeSipStack[] = [];
  const events: Array<{ name: keyof PhoneEvents; payload: unknown }> = [];
  const registration: RegistrationStatus[] = [];
  const agent: AgentStatus[] = [];
  const media: MediaRequest[] = [];
  const recorded: string[] = [];
  const recorder: CallRecorder = {
    callStarted: (c) => recorded.push(`start:${c.direction}:${c.remoteNumber}`),
    callAnswered: (_id, _at, auto) => recorded.push(`answer${auto ? ':auto' : ''}`),
    callEvent: (_id, kind) => recorded.push(kind),
    callEnded: (_id, end) => recorded.push(`end:${end.reason}:${end.endedBy}`),
  };
  const phone: PhoneService = createPhoneService({
    profile: {
      current: () => profile,
      onChange: (l) => (profileListeners.add(l), () => profileListeners.delete(l)),
      sipPassword: () => 'pw',
    },
    recorder,
    onRegistration: (s) => registration.push(s),
    onAgent: (s) => agent.push(s),
    emit: (name, payload) => events.push({ name, payload }),
    sendMedia: (_clientId, request) => {
      media.push(request);
      queueMicrotask(() =>
        phone.mediaReply('media', {
          id: request.id,
          ok: true,
          value: request.method === 'getDescription' ? { body: 'v=0', contentType: 'application/sdp' } : request.method === 'sendDtmf' ? true : null,
        }),
      );
      return true;
    },
    createStack: () => (account, listener) => {
      const stack = new FakeSipStack(account, listener);
      stacks.push(stack);
      return stack;
    },
    backoff: { random: () => 1 },
  });
  const stack = () => stacks.at(-1)!;
  const calls = (): CallSnapshot[] => {
    const last = [...events].reverse().find((e) => e.name === 'callsChanged');
    return last ? (last.payload as { calls: CallSnapshot[] }).calls : [];
  };
  const ended = (): CallSnapshot[] => events.filter((e) => e.name === 'callEnded').map((e) => (e.payload as { call: CallSnapshot }).call);
  const register = async () => {
    await flush();
    stack().answerRegister({ ok: true, expiresSeconds: 300 });
    await flush();
  };
  const setProfile = (next: Partial<SeatProfile>) => {
    profile = { ...profile, ...next };
    for (const l of profileListeners) l(profile);
  };
  return { phone, stacks, stack, events, registration, agent, media, recorded, calls, ended, register, setProfile };
}

const caller = {
  From: ['"Caller" <sip:13800138000@sip.test>;tag=1'],
  'X-Call-Uid': ['CTR-1'],
  'X-Queue': ['医保'],
};

describe('phone service (fake SIP stack)', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('registers from the profile and shows Ready only once registered', async () => {
    const t = setup();
    await flush();
    expect(t.agent.at(-1)).toMatchObject({ state: 'offline', reason: 'not-registered' });
    await t.register();
    expect(t.registration.at(-1)).toMatchObject({ state: 'registered', server: 'ws://a.test' });
    expect(t.agent.at(-1)?.state).toBe('ready');
    expect(t.phone.isRegistered()).toBe(true);
  });

  it('is unconfigured without servers, and re-creates the stack when SIP settings change', async () => {
    const t = setup({ sipServers: [] });
    await flush();
    expect(t.registration.at(-1)).toEqual({ state: 'unconfigured' });
    expect(t.stacks).toHaveLength(0);
    t.setProfile({ sipServers: ['ws://b.test'] });
    await flush();
    expect(t.stacks).toHaveLength(1);
    t.setProfile({ wrapUpSeconds: 5 });
    await flush();
    expect(t.stacks).toHaveLength(1);
    t.setProfile({ registerExpires: 600 });
    await flush();
    expect(t.stacks).toHaveLength(2);
    expect(t.stacks[0]!.closed).toBe(true);
    expect(t.stack().account.expiresSeconds).toBe(600);
  });

  it('rings an incoming call with caller context; answer → active; caller hangs up → wrap-up → Ready', async () => {
    const t = setup();
    await t.register();
    t.phone.claimMedia('media');
    const call = t.stack().invite(caller);
    const [ringing] = t.calls();
    expect(ringing).toMatchObject({ state: 'ringing', direction: 'inbound', remoteNumber: '13800138000', remoteName: 'Caller', centreCallId: 'CTR-1' });
    expect(ringing!.context).toEqual([
      { name: 'X-Call-Uid', value: 'CTR-1' },
      { name: 'X-Queue', value: '医保' },
    ]);
    expect(call.actions).toEqual(['180']);
    expect(t.agent.at(-1)?.state).toBe('ringing');
    const answered = await t.phone.answerCall(ringing!.id);
    expect(answered.state).toBe('active');
    expect(call.mediaSessionId).toBe(ringing!.id);
    expect(t.agent.at(-1)?.state).toBe('on-call');
    call.remoteBye();
    expect(t.ended()[0]).toMatchObject({ endReason: 'completed', endedBy: 'remote' });
    expect(t.agent.at(-1)).toMatchObject({ state: 'wrap-up', until: 1_020_000 });
    expect(t.recorded).toEqual(['start:inbound:13800138000', 'answer', 'end:completed:remote']);
    vi.advanceTimersByTime(20_000);
    expect(t.agent.at(-1)?.state).toBe('ready');
  });

  it('rejects with the profile code while Not ready and during wrap-up', async () => {
    const t = setup({ notReadyRejectCode: 480 });
    await t.register();
    t.phone.setAgentState('not-ready', 'meeting');
    const first = t.stack().invite(caller);
    await flush();
    expect(first.actions).toEqual(['reject:480']);
    expect(t.ended()[0]).toMatchObject({ endReason: 'not-ready', endedBy: 'system', statusCode: 480 });
    t.phone.setAgentState('ready');
    t.phone.claimMedia('media');
    const second = t.stack().invite(caller);
    await t.phone.answerCall(t.calls()[0]!.id);
    second.remoteBye();
    expect(t.agent.at(-1)?.state).toBe('wrap-up');
    const third = t.stack().invite(caller);
    await flush();
    expect(third.actions).toEqual(['reject:480']);
    t.phone.extendWrapUp(10);
    expect(t.agent.at(-1)).toMatchObject({ state: 'wrap-up', until: 1_030_000 });
  });

  it('auto-answers when Ready: always, and Call-Info answer-after after its delay; zip tone event', async () => {
    const t = setup({ autoAnswer: 'when-requested' });
    await t.register();
    t.phone.claimMedia('media');
    const plain = t.stack().invite(caller);
    await flush();
    expect(plain.actions).toEqual(['180']);
    plain.cancel();
    expect(t.ended()[0]).toMatchObject({ endReason: 'missed', endedBy: 'remote' });
    const requested = t.stack().invite({ ...caller, 'Call-Info': ['<sip:c.test>;answer-after=2'] });
    expect(t.calls()[0]!.autoAnswer).toEqual({ at: 1_002_000, trigger: 'call-info' });
    vi.advanceTimersByTime(1999);
    await flush();
    expect(requested.actions).toEqual(['180']);
    vi.advanceTimersByTime(1);
    await flush();
    expect(requested.actions).toContain('accept');
    expect(t.events.find((e) => e.name === 'autoAnswered')?.payload).toEqual({ callId: t.calls()[0]!.id, trigger: 'call-info' });
    expect(t.recorded).toContain('answer:auto');
  });

  it('never auto-answers a waiting call; answering it holds the first call', async () => {
    const t = setup({ autoAnswer: 'always' });
    await t.register();
    t.phone.claimMedia('media');
    const first = t.stack().invite(caller);
    await flush();
    expect(first.actions).toEqual(['accept']);
    const second = t.stack().invite({ ...caller, From: ['<sip:13900000000@x>;tag=2'] });
    await flush();
    expect(second.actions).toEqual(['180']);
    const waiting = t.calls().find((c) => c.state === 'ringing')!;
    await t.phone.answerCall(waiting.id);
    expect(first.actions).toContain('hold');
    const [a, b] = t.calls();
    expect(a).toMatchObject({ remoteNumber: '13800138000', held: true });
    expect(b).toMatchObject({ remoteNumber: '13900000000', state: 'active', held: false });
    // resuming the first holds the second (swap)
    await t.phone.resumeCall(a!.id);
    expect(second.actions).toContain('hold');
    expect(t.calls().find((c) => c.id === a!.id)?.held).toBe(false);
  });

  it('shows held only after the re-INVITE succeeded', async () => {
    const t = setup();
    await t.register();
    t.phone.claimMedia('media');
    const call = t.stack().invite(caller);
    const id = t.calls()[0]!.id;
    await t.phone.answerCall(id);
    call.holdFails = 're-INVITE rejected: 488 Not Acceptable Here';
    const failing = t.phone.holdCall(id);
    expect(t.calls()[0]).toMatchObject({ held: false, holdPending: true });
    await expect(failing).rejects.toThrow(/488/);
    expect(t.calls()[0]).toMatchObject({ held: false, holdPending: false });
    call.holdFails = null;
    await t.phone.holdCall(id);
    expect(t.calls()[0]).toMatchObject({ held: true, holdPending: false });
    expect(t.recorded).toContain('hold');
  });

  it('answering without a media engine releases the call cleanly with 500', async () => {
    const t = setup();
    await t.register();
    const call = t.stack().invite(caller);
    const id = t.calls()[0]!.id;
    await expect(t.phone.answerCall(id)).rejects.toMatchObject({ code: 'unavailable' });
    await flush();
    expect(call.actions).toEqual(['180', 'reject:500']);
    expect(t.ended()[0]).toMatchObject({ endReason: 'media-unavailable', endedBy: 'system' });
  });

  it('a media engine that leaves mid-call: calls wait for the grace, then end with BYE; ringing calls stay', async () => {
    const t = setup();
    await t.register();
    t.phone.claimMedia('media');
    const active = t.stack().invite(caller);
    await t.phone.answerCall(t.calls()[0]!.id);
    const ringing = t.stack().invite(caller);
    t.phone.clientDetached('ui');
    expect(active.actions).not.toContain('hangup:500');
    t.phone.clientDetached('media');
    await flush();
    expect(active.actions).not.toContain('hangup:500');
    expect(t.calls().find((c) => c.state === 'active')?.media).toBe('lost');
    vi.advanceTimersByTime(5000);
    await flush();
    expect(active.actions).toContain('hangup:500');
    expect(ringing.actions).toEqual(['180']);
    expect(t.ended()[0]).toMatchObject({ endReason: 'media-unavailable', endedBy: 'system' });
    ringing.cancel();
    await flush();
    // After the wrap-up of the ended call, the seat without a media engine is Not ready.
    vi.advanceTimersByTime(20_000);
    expect(t.agent.at(-1)).toMatchObject({ state: 'not-ready', reason: 'no-media' });
  });

  it('a media engine that comes back within the grace re-INVITEs with its fresh offer; the call goes on', async () => {
    const t = setup();
    await t.register();
    t.phone.claimMedia('media');
    const active = t.stack().invite(caller);
    const id = t.calls()[0]!.id;
    await t.phone.answerCall(id);
    await t.phone.holdCall(id);
    t.phone.clientDetached('media');
    await flush();
    vi.advanceTimersByTime(3000);
    t.phone.claimMedia('media-2');
    await flush();
    expect(active.actions).toContain('renegotiate:held');
    expect(t.calls()[0]).toMatchObject({ id, state: 'active', held: true, media: 'ok' });
    vi.advanceTimersByTime(10_000);
    await flush();
    expect(t.ended()).toEqual([]);
    expect(t.agent.at(-1)?.state).toBe('on-call');
  });

  it('a seat with no media engine goes Not ready (no-media) after the grace and refuses calls; back to Ready when one attaches', async () => {
    const t = setup();
    await t.register();
    expect(t.agent.at(-1)?.state).toBe('ready');
    vi.advanceTimersByTime(5000);
    expect(t.agent.at(-1)).toMatchObject({ state: 'not-ready', reason: 'no-media' });
    const refused = t.stack().invite(caller);
    await flush();
    expect(refused.actions).toEqual(['reject:486']);
    expect(t.ended()[0]).toMatchObject({ endReason: 'not-ready', endedBy: 'system' });
    t.phone.claimMedia('media');
    expect(t.agent.at(-1)?.state).toBe('ready');
  });

  it('dials a bare number at the seat domain, redials, and reports a busy callee', async () => {
    const t = setup();
    await t.register();
    t.phone.claimMedia('media');
    const snap = await t.phone.dial('010-8888');
    const out = t.stack().dialled[0]!;
    expect(out.uri).toBe('sip:0108888@sip.test');
    expect(out.mediaSessionId).toBe(snap.id);
    expect(snap).toMatchObject({ state: 'dialing', direction: 'outbound', remoteNumber: '0108888' });
    await flush();
    expect(out.actions).toEqual(['invite']);
    out.ringing();
    expect(t.calls()[0]!.state).toBe('alerting');
    out.rejected(486);
    expect(t.ended()[0]).toMatchObject({ endReason: 'busy', endedBy: 'remote', statusCode: 486 });
    expect(t.agent.at(-1)?.state).toBe('ready'); // never answered: no wrap-up
    await t.phone.redial();
    expect(t.stack().dialled[1]!.uri).toBe('sip:0108888@sip.test');
  });

  it('refuses to dial without a media engine, and without a connection', async () => {
    const t = setup();
    await t.register();
    await expect(t.phone.dial('1002')).rejects.toMatchObject({ code: 'unavailable' });
    t.phone.claimMedia('media');
    t.stack().connectResult = async () => {
      throw new Error('down');
    };
    t.stack().drop();
    await flush();
    await expect(t.phone.dial('1002')).rejects.toBeInstanceOf(CoreError);
    expect(t.stack().dialled).toHaveLength(0);
  });

  it('sends DTMF by RFC 4733 or SIP INFO per the profile; mute goes to the media engine', async () => {
    const t = setup({ dtmfMode: 'info' });
    await t.register();
    t.phone.claimMedia('media');
    const call = t.stack().invite(caller);
    const id = t.calls()[0]!.id;
    await t.phone.answerCall(id);
    await t.phone.sendDtmf(id, '12#');
    expect(call.actions.filter((a) => a.startsWith('info:'))).toEqual(['info:1', 'info:2', 'info:#']);
    t.setProfile({ dtmfMode: 'rfc4733' });
    await t.phone.sendDtmf(id, '9');
    expect(call.actions).toContain('rfc4733:9');
    const muted = await t.phone.setMuted(id, true);
    expect(muted.muted).toBe(true);
    expect(call.actions).toContain('mute');
    call.dtmf('5');
    expect(t.events.find((e) => e.name === 'dtmfReceived')?.payload).toEqual({ callId: id, digit: '5' });
  });

  it('blind transfer: REFER, then the call ends as transferred; a failure keeps the call', async () => {
    const t = setup();
    await t.register();
    t.phone.claimMedia('media');
    const call = t.stack().invite(caller);
    const id = t.calls()[0]!.id;
    await t.phone.answerCall(id);
    expect(t.phone.transferBlind(id, '1002').transfer).toEqual({ kind: 'blind', state: 'trying', target: '1002' });
    expect(call.actions).toContain('refer:sip:1002@sip.test');
    call.transferOutcome!.resolve({ ok: false, reason: 'transfer target answered 486' });
    await flush();
    expect(t.calls()[0]!.transfer).toMatchObject({ state: 'failed', failure: 'transfer target answered 486' });
    t.phone.transferBlind(id, '1003');
    call.transferOutcome!.resolve({ ok: true });
    await flush();
    expect(t.ended()[0]).toMatchObject({ endReason: 'transferred', endedBy: 'local' });
    expect(t.recorded).toContain('transfer');
  });

  it('attended transfer: holds the caller, dials the consult leg, then REFER with Replaces', async () => {
    const t = setup();
    await t.register();
    t.phone.claimMedia('media');
    const original = t.stack().invite(caller);
    const id = t.calls()[0]!.id;
    await t.phone.answerCall(id);
    const consultSnap = await t.phone.startConsultTransfer(id, '1003');
    expect(original.actions).toContain('hold');
    const consult = t.stack().dialled[0]!;
    expect(() => t.phone.completeTransfer(id)).toThrow(/not answered/);
    consult.answered();
    expect(t.calls().find((c) => c.id === id)?.transfer).toEqual({ kind: 'consult', role: 'original', peerCallId: consultSnap.id, state: 'consulting' });
    t.phone.completeTransfer(consultSnap.id);
    expect(original.actions).toContain(`refer-replaces:${consult.sipCallId}`);
    original.transferOutcome!.resolve({ ok: true });
    await flush();
    consult.remoteBye();
    expect(t.ended().map((c) => [c.id, c.endReason])).toEqual([
      [id, 'transferred'],
      [consultSnap.id, 'transferred'],
    ]);
  });

  it('an INVITE with Replaces takes over the replaced call without ringing', async () => {
    const t = setup();
    await t.register();
    t.phone.claimMedia('media');
    const consult = t.stack().invite(caller);
    await t.phone.answerCall(t.calls()[0]!.id);
    const replacing = t.stack().invite({ From: ['<sip:13700000000@x>;tag=3'] }, consult.sipCallId);
    await flush();
    expect(replacing.actions).toEqual(['accept']);
    consult.hangup();
    await flush();
    expect(t.ended()[0]).toMatchObject({ endReason: 'replaced', endedBy: 'remote' });
    expect(t.calls()).toHaveLength(1);
  });

  it('applies new SIP settings only after the current call ends', async () => {
    const t = setup();
    await t.register();
    t.phone.claimMedia('media');
    const call = t.stack().invite(caller);
    await t.phone.answerCall(t.calls()[0]!.id);
    t.setProfile({ sipServers: ['ws://new.test'] });
    await flush();
    expect(t.stacks).toHaveLength(1);
    call.remoteBye();
    await flush();
    expect(t.stacks).toHaveLength(2);
    expect(t.stacks[0]!.closed).toBe(true);
    expect(t.stack().account.servers).toEqual(['ws://new.test']);
  });

  it('close ends every call as interrupted and closes the stack', async () => {
    const t = setup();
    await t.register();
    t.phone.claimMedia('media');
    t.stack().invite(caller);
    await t.phone.close();
    expect(t.ended()[0]).toMatchObject({ endReason: 'interrupted', endedBy: 'system' });
    expect(t.stack().closed).toBe(true);
  });
});
