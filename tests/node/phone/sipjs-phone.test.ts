/**
 * The whole phone service (call machine, executor, media broker, remote SDH,
 * SIP.js stack) against SIP.js far ends linked in memory: what the agent
 * and the records see — end reasons, who ended the call, the survey seam
 * with digits by SIP INFO — without Kamailio, in milliseconds.
 */
import { SessionState } from 'sip.js';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProfile, type AgentStatus, type CallSnapshot, type MediaRequest, type PhoneEvents, type RegistrationStatus, type SeatProfile } from '../../../main/contract/index.js';
import type { CallRecorder } from '../../../main/core/phone/call-recorder.js';
import { createPhoneService, type PhoneService } from '../../../main/core/phone/phone-service.js';
import { createSipJsStackFactory } from '../../../main/core/phone/sipjs/sipjs-stack.js';
import { staticSdp } from '../../rig/sipjs-node.js';
import { sessionState, startFarEnd, type FarEnd } from './sipjs-support/far-end.js';
import { MemorySipHub } from './sipjs-support/memory-transport.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

const until = async (check: () => boolean, what: string, ms = 3000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
};

async function seat(hub: MemorySipHub, over: Partial<SeatProfile> = {}, options: { surveyHoldsAgent?: () => boolean } = {}) {
  const profile: SeatProfile = { ...defaultProfile, agentNumber: '1001', sipServers: ['mem://1001'], sipUri: 'sip:1001@sip.test', wrapUpSeconds: 0, ...over };
  const events: Array<{ name: keyof PhoneEvents; payload: unknown }> = [];
  const registration: RegistrationStatus[] = [];
  const agent: AgentStatus[] = [];
  const media: MediaRequest[] = [];
  const digits: string[] = [];
  const recorded: string[] = [];
  const recorder: CallRecorder = {
    callStarted: () => recorded.push('start'),
    callAnswered: () => recorded.push('answer'),
    callEvent: (_id, kind) => recorded.push(kind),
    callEnded: (_id, end) => recorded.push(`end:${end.reason}:${end.endedBy}`),
    callPhase: (_id, phase) => recorded.push(`phase:${phase}`),
  };
  const phone: PhoneService = createPhoneService({
    profile: { current: () => profile, onChange: () => () => undefined, sipPassword: () => 'pw' },
    recorder,
    onRegistration: (s) => registration.push(s),
    onAgent: (s) => agent.push(s),
    emit: (name, payload) => events.push({ name, payload }),
    onDigit: (callId, digit, source) => digits.push(`${callId}:${digit}:${source}`),
    // A media engine that answers every request at once.
    sendMedia: (clientId, request) => {
      media.push(request);
      const value = request.method === 'getDescription' ? { body: staticSdp({ port: 42000 }), contentType: 'application/sdp' } : request.method === 'sendDtmf' ? true : null;
      setImmediate(() => phone.mediaReply(clientId, { id: request.id, ok: true, value }));
      return true;
    },
    createStack: (broker, mediaOptions) => createSipJsStackFactory({ media: broker, mediaOptions, transportConstructor: hub.transportClass() }),
    ...options,
  });
  cleanup.push(() => phone.close());
  phone.claimMedia('media');
  await until(() => registration.at(-1)?.state === 'registered', 'registration');
  const calls = (): CallSnapshot[] => {
    const last = [...events].reverse().find((e) => e.name === 'callsChanged');
    return last ? (last.payload as { calls: CallSnapshot[] }).calls : [];
  };
  const ended = (): CallSnapshot[] => events.filter((e) => e.name === 'callEnded').map((e) => (e.payload as { call: CallSnapshot }).call);
  return { phone, events, agent, media, digits, recorded, calls, ended };
}

async function farEnd(hub: MemorySipHub, name: string): Promise<FarEnd> {
  const far = await startFarEnd(hub, name);
  cleanup.push(() => far.stop());
  return far;
}

describe('phone service over SIP.js in memory', () => {
  it('survey: the agent is muted, the caller’s INFO digit reaches onDigit, finishing sends BYE; completed by the seat; closed after wrap-up', async () => {
    const hub = new MemorySipHub();
    const s = await seat(hub);
    const caller = await farEnd(hub, '2002');
    const inviter = caller.inviter('sip:1001@sip.test');
    void inviter.invite();
    await until(() => s.calls()[0]?.state === 'ringing', 'ringing');
    const id = s.calls()[0]!.id;
    await s.phone.answerCall(id);
    await sessionState(inviter, SessionState.Established);
    await until(() => s.calls()[0]?.state === 'active', 'active');

    const survey = await s.phone.startSurvey(id);
    expect(survey).toMatchObject({ phase: 'survey', muted: true });
    expect(s.media.filter((r) => r.method === 'setMuted').map((r) => r.params)).toEqual([{ sessionId: id, muted: true }]);
    expect(s.agent.at(-1)?.state).toBe('ready');

    let infoStatus = 0;
    void inviter.info({
      requestDelegate: { onAccept: (r) => (infoStatus = r.message.statusCode!) },
      requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: 'Duration=120\r\nSignal=4\r\n' } },
    });
    await until(() => s.digits.length > 0, 'the digit');
    expect(s.digits).toEqual([`${id}:4:sip-info`]);
    await until(() => infoStatus === 200, 'the 200 to the INFO');

    await s.phone.finishSurvey(id);
    await sessionState(inviter, SessionState.Terminated);
    await until(() => s.ended().length > 0, 'callEnded');
    expect(s.ended()[0]).toMatchObject({ id, endReason: 'completed', endedBy: 'local', phase: 'wrap-up' });
    expect(s.phone.closeCall(id).phase).toBe('closed');
    expect(s.recorded).toEqual(['start', 'answer', 'phase:survey', 'end:completed:local', 'phase:wrap-up', 'phase:closed']);
  });

  it('a survey the centre counts as busy keeps the agent busy until its call ends: the next caller meets a busy agent (call waiting)', async () => {
    const hub = new MemorySipHub();
    const s = await seat(hub, {}, { surveyHoldsAgent: () => true });
    const caller = await farEnd(hub, '2002');
    const inviter = caller.inviter('sip:1001@sip.test');
    void inviter.invite();
    await until(() => s.calls()[0]?.state === 'ringing', 'ringing');
    const id = s.calls()[0]!.id;
    await s.phone.answerCall(id);
    await sessionState(inviter, SessionState.Established);
    await until(() => s.calls()[0]?.state === 'active', 'active');

    await s.phone.startSurvey(id);
    expect(s.agent.at(-1)?.state).toBe('on-call');

    // A second caller during the survey meets a busy agent: call waiting, never a Ready seat's ring (or auto-answer).
    const next = await farEnd(hub, '2003');
    void next.inviter('sip:1001@sip.test').invite();
    await until(() => s.calls().some((c) => c.id !== id && c.state === 'ringing'), 'the second call ringing');
    expect(s.agent.at(-1)?.state).toBe('on-call');
    const waiting = s.calls().find((c) => c.id !== id)!;
    await s.phone.rejectCall(waiting.id, 486);

    await s.phone.finishSurvey(id);
    await sessionState(inviter, SessionState.Terminated);
    await until(() => s.agent.at(-1)?.state === 'ready', 'the agent free again');
  });

  it('end reasons as SIP tells them: not ready (486), busy callee, caller gives up, agent hangs up', async () => {
    const hub = new MemorySipHub();
    const s = await seat(hub);
    const far = await farEnd(hub, '2002');

    s.phone.setAgentState('not-ready', 'break');
    const refused: number[] = [];
    void far.inviter('sip:1001@sip.test').invite({ requestDelegate: { onReject: (r) => refused.push(r.message.statusCode!) } });
    await until(() => s.ended().length === 1, 'not-ready end');
    expect(s.ended()[0]).toMatchObject({ endReason: 'not-ready', endedBy: 'system', statusCode: 486, phase: 'closed' });
    await until(() => refused.length === 1, 'the 486');
    s.phone.setAgentState('ready');

    const busy = await s.phone.dial('2002');
    await (await far.nextInvite()).reject({ statusCode: 486 });
    await until(() => s.ended().length === 2, 'busy end');
    expect(s.ended()[1]).toMatchObject({ id: busy.id, endReason: 'busy', endedBy: 'remote', statusCode: 486 });

    const giveUp = far.inviter('sip:1001@sip.test');
    void giveUp.invite();
    await until(() => s.calls()[0]?.state === 'ringing', 'ringing');
    await until(() => hub.sentBy('1001').some((l) => l.statusCode === 180), 'the 180');
    await giveUp.cancel();
    await until(() => s.ended().length === 3, 'missed end');
    expect(s.ended()[2]).toMatchObject({ endReason: 'missed', endedBy: 'remote', statusCode: 487 });

    const out = await s.phone.dial('2002');
    const invitation = await far.nextInvite();
    await invitation.accept();
    await until(() => s.calls()[0]?.state === 'active', 'active');
    await s.phone.hangupCall(out.id);
    await until(() => s.ended().length === 4, 'completed end');
    expect(s.ended()[3]).toMatchObject({ endReason: 'completed', endedBy: 'local', phase: 'wrap-up' });
  });

  it('a reloaded window does not drop the call: the new media engine’s fresh offer goes out by re-INVITE within 2 s', async () => {
    const hub = new MemorySipHub();
    const s = await seat(hub);
    const caller = await farEnd(hub, '2002');
    const inviter = caller.inviter('sip:1001@sip.test');
    void inviter.invite();
    await until(() => s.calls()[0]?.state === 'ringing', 'ringing');
    const id = s.calls()[0]!.id;
    await s.phone.answerCall(id);
    await until(() => s.calls()[0]?.state === 'active', 'active');
    const reinvitesBefore = hub.sentBy('1001', 'INVITE').length;

    s.phone.clientDetached('media');
    await until(() => s.calls()[0]?.media === 'lost', 'media lost');
    const mark = s.media.length;
    const t0 = performance.now();
    s.phone.claimMedia('media-2');
    await until(() => s.calls()[0]?.media === 'ok', 'media back', 2000);
    const took = performance.now() - t0;
    expect(took).toBeLessThan(2000);
    // The new engine was asked for a session and an ICE-restart offer, which went out as a re-INVITE.
    const asked = s.media.slice(mark);
    expect(asked.map((r) => r.method).slice(0, 2)).toEqual(['createSession', 'getDescription']);
    expect(asked[1]!.params).toMatchObject({ sessionId: id, iceRestart: true, hold: false });
    expect(hub.sentBy('1001', 'INVITE')).toHaveLength(reinvitesBefore + 1);
    expect(inviter.state).toBe(SessionState.Established);
    expect(s.ended()).toEqual([]);
    console.log(`[measure] media re-established by re-INVITE ${took.toFixed(0)} ms after the new engine claimed`);
  });

  it('blind transfer ends the call as transferred; a REFER refused keeps it and says why', async () => {
    const hub = new MemorySipHub();
    const s = await seat(hub);
    const caller = await farEnd(hub, '2002');
    const inviter = caller.inviter('sip:1001@sip.test');
    void inviter.invite();
    await until(() => s.calls()[0]?.state === 'ringing', 'ringing');
    const id = s.calls()[0]!.id;
    await s.phone.answerCall(id);
    await until(() => s.calls()[0]?.state === 'active', 'active');
    let refuse = true;
    inviter.delegate = { onRefer: (referral) => void (refuse ? referral.reject({ statusCode: 403 }) : referral.accept()) };
    s.phone.transferBlind(id, '3003');
    await until(() => s.calls()[0]?.transfer?.state === 'failed', 'transfer failed');
    expect(s.calls()[0]!.transfer).toMatchObject({ kind: 'blind', failure: 'REFER rejected: 403 Forbidden' });
    refuse = false;
    s.phone.transferBlind(id, '3003');
    await until(() => s.ended().length === 1, 'transferred');
    expect(s.ended()[0]).toMatchObject({ endReason: 'transferred', endedBy: 'local' });
    expect(s.recorded).toEqual(['start', 'answer', 'transfer-failed', 'transfer', 'end:transferred:local', 'phase:wrap-up']);
  });
});
