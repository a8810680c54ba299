/**
 * Call control against real peers through Kamailio: hold/resume by
 * re-INVITE (sipp checks the SDP direction), call waiting, blind transfer
 * (REFER accepted by sipp; and followed by a SIP.js caller to a second seat),
 * attended transfer (REFER with Replaces, followed by a SIP.js caller; the
 * target seat takes the call over).
 */
import { fileURLToPath } from 'node:url';
import { Inviter, UserAgent } from 'sip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../main/contract/index.js';
import { listCallEvents } from '../../main/core/calls/call-queries.js';
import { startRig, startSipJsUa, startSipp, type Rig, type SipJsUa } from '../rig/index.js';
import { startReadySeat, startSeat, type SeatHarness } from './phone-harness.js';

const scenario = (name: string) => fileURLToPath(new URL(`./sipp/${name}.xml`, import.meta.url));

let rig: Rig;
let seat: SeatHarness;
const user = '1010';

beforeAll(async () => {
  rig = await startRig({ rtpengine: false });
  seat = await startReadySeat(rig, user, { profile: { wrapUpSeconds: 0 } });
});
afterAll(async () => {
  await seat?.close();
  await rig?.stop();
});

const endedCall = (on: SeatHarness, from: number, match: (c: CallSnapshot) => boolean = () => true) =>
  on.waitForEvent('callEnded', (p: { call: CallSnapshot }) => match(p.call), { from }).then((e) => (e.payload as { call: CallSnapshot }).call);

describe('hold and call waiting', () => {
  it('hold and resume by re-INVITE; held shows only after the 200', async () => {
    const caller = await startSipp({ scenario: scenario('uac-answered-held-resumed'), target: rig.kamailio.udpPort, callee: user, pauseMs: 200 });
    const ringing = await seat.waitForCall((c) => c.state === 'ringing');
    await seat.call('answerCall', { callId: ringing.id });
    const held = await seat.call('holdCall', { callId: ringing.id });
    expect(held).toMatchObject({ held: true, holdPending: false });
    const pending = seat.events.filter((e) => e.name === 'callsChanged').map((e) => (e.payload as { calls: CallSnapshot[] }).calls[0]);
    expect(pending.some((c) => c?.holdPending === true && c.held === false)).toBe(true);
    // the media engine was asked for a sendonly offer
    const holdOffer = seat.media!.requests.find((r) => r.method === 'getDescription' && (r.params as { hold: boolean }).hold);
    expect(holdOffer).toBeDefined();
    const resumed = await seat.call('resumeCall', { callId: ringing.id });
    expect(resumed.held).toBe(false);
    const result = await caller.done;
    expect(result.exitCode, result.errors).toBe(0);
    expect(listCallEvents(seat.db, ringing.id).map((e) => e.kind)).toEqual(['ring', 'answer', 'hold', 'resume', 'end']);
  });

  it('a second call while on a call is offered; answering it holds the first', async () => {
    const first = await startSipp({ scenario: scenario('uac-answered-held-resumed'), target: rig.kamailio.udpPort, callee: user, pauseMs: 200, caller: '13811111111' });
    const a = await seat.waitForCall((c) => c.state === 'ringing' && c.remoteNumber === '13811111111');
    await seat.call('answerCall', { callId: a.id });
    const second = await startSipp({ scenario: 'uac-answered-callee-hangs-up', target: rig.kamailio.udpPort, callee: user, caller: '13822222222' });
    const b = await seat.waitForCall((c) => c.state === 'ringing' && c.remoteNumber === '13822222222');
    expect(seat.agent().state).toBe('on-call');
    expect(b.autoAnswer).toBeNull();
    await seat.call('answerCall', { callId: b.id });
    const both = seat.calls();
    expect(both.find((c) => c.id === a.id)).toMatchObject({ held: true, state: 'active' });
    expect(both.find((c) => c.id === b.id)).toMatchObject({ held: false, state: 'active' });
    await seat.call('hangupCall', { callId: b.id });
    expect((await second.done).exitCode).toBe(0);
    await seat.call('resumeCall', { callId: a.id });
    const result = await first.done;
    expect(result.exitCode, result.errors).toBe(0);
  });

  it('rejects the waiting call and keeps the first', async () => {
    const first = await startSipp({ scenario: 'uac-answered-caller-hangs-up', target: rig.kamailio.udpPort, callee: user, pauseMs: 1500, caller: '13833333333' });
    const a = await seat.waitForCall((c) => c.state === 'ringing' && c.remoteNumber === '13833333333');
    await seat.call('answerCall', { callId: a.id });
    const second = await startSipp({ scenario: 'uac-rejected', target: rig.kamailio.udpPort, callee: user, caller: '13844444444' });
    const b = await seat.waitForCall((c) => c.state === 'ringing' && c.remoteNumber === '13844444444');
    await seat.call('rejectCall', { callId: b.id, code: 486 });
    expect((await second.done).exitCode).toBe(0);
    expect(seat.calls().find((c) => c.id === a.id)).toMatchObject({ held: false, state: 'active' });
    expect((await first.done).exitCode).toBe(0);
  });
});

describe('transfers', () => {
  let target: SeatHarness;
  let caller: SipJsUa;

  beforeAll(async () => {
    target = await startSeat({ servers: [rig.kamailio.wsUrl], user: '1011', password: rig.kamailio.users['1011']!, profile: { wrapUpSeconds: 0 } });
    await target.waitForStatus((s) => s.registration.state === 'registered' && s.agent.state === 'ready');
    caller = await startSipJsUa({ wsUrl: rig.kamailio.wsUrl, user: '1012', password: rig.kamailio.users['1012']! });
    await caller.register();
  });
  afterAll(async () => {
    await caller?.stop();
    await target?.close();
  });

  /** The SIP.js caller (1012) calls the seat; the seat answers. */
  async function connectedCall(): Promise<CallSnapshot> {
    const inviter = new Inviter(caller.ua, UserAgent.makeURI(`sip:${user}@sip.test`)!);
    void inviter.invite();
    const ringing = await seat.waitForCall((c) => c.state === 'ringing' && c.remoteNumber === '1012');
    await seat.call('answerCall', { callId: ringing.id });
    return ringing;
  }

  it('blind: REFER accepted (sipp), NOTIFY 200, the seat hangs up as transferred', async () => {
    const mark = seat.events.length;
    const sipp = await startSipp({ scenario: scenario('uac-answered-accepts-refer'), target: rig.kamailio.udpPort, callee: user, traceMessages: true });
    const ringing = await seat.waitForCall((c) => c.state === 'ringing');
    await seat.call('answerCall', { callId: ringing.id });
    const trying = await seat.call('transferBlind', { callId: ringing.id, target: '1013' });
    expect(trying.transfer).toEqual({ kind: 'blind', state: 'trying', target: '1013' });
    expect(await endedCall(seat, mark)).toMatchObject({ endReason: 'transferred', endedBy: 'local' });
    const result = await sipp.done;
    expect(result.exitCode, result.errors).toBe(0);
    expect(result.messages).toMatch(/Refer-To: <?sip:1013@sip\.test/);
  });

  it('blind: the caller follows the REFER to a second seat, which rings with the caller', async () => {
    const mark = seat.events.length;
    const call = await connectedCall();
    await seat.call('transferBlind', { callId: call.id, target: '1011' });
    const atTarget = await target.waitForCall((c) => c.state === 'ringing' && c.remoteNumber === '1012');
    expect(atTarget.direction).toBe('inbound');
    expect(await endedCall(seat, mark)).toMatchObject({ id: call.id, endReason: 'transferred' });
    const tmark = target.events.length;
    await target.call('answerCall', { callId: atTarget.id });
    await target.call('hangupCall', { callId: atTarget.id });
    await endedCall(target, tmark);
  });

  it('attended: consult the second seat, then REFER with Replaces; the second seat ends up with the caller', async () => {
    const mark = seat.events.length;
    const tmark = target.events.length;
    const original = await connectedCall();
    const consult = await seat.call('startConsultTransfer', { callId: original.id, target: '1011' });
    expect(seat.calls().find((c) => c.id === original.id)).toMatchObject({ held: true, transfer: { kind: 'consult', role: 'original', peerCallId: consult.id } });
    const consultAtTarget = await target.waitForCall((c) => c.state === 'ringing' && c.remoteNumber === user);
    await target.call('answerCall', { callId: consultAtTarget.id });
    await seat.waitForCall((c) => c.id === consult.id && c.state === 'active');
    await seat.call('completeTransfer', { callId: consult.id });
    const ends = await Promise.all([
      endedCall(seat, mark, (c) => c.id === original.id),
      endedCall(seat, mark, (c) => c.id === consult.id),
      endedCall(target, tmark, (c) => c.id === consultAtTarget.id),
    ]);
    expect(ends.map((c) => c.endReason)).toEqual(['transferred', 'transferred', 'replaced']);
    // The target seat now talks to the original caller, without ringing.
    const taken = await target.waitForCall((c) => c.state === 'active' && c.remoteNumber === '1012');
    expect(taken.direction).toBe('inbound');
    await target.call('hangupCall', { callId: taken.id });
  });
});
