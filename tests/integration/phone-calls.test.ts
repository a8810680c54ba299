/**
 * Calls between the phone service (registered to the real Kamailio, static
 * media client) and sipp playing the PSTN caller / callee: answer, reject,
 * caller hangs up, seat hangs up, INFO, outgoing calls, auto-answer by each
 * header and by policy, Not ready → 486, wrap-up, and the call rows.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot, ProfileInput } from '../../main/contract/index.js';
import { listCallEvents } from '../../main/core/calls/call-queries.js';
import { percentile, runSipp, startRig, startSipp, type Rig, type SippOptions } from '../rig/index.js';
import { startReadySeat, startSeat, type SeatHarness } from './phone-harness.js';

let rig: Rig;
let seat: SeatHarness;
const user = '1007';

beforeAll(async () => {
  rig = await startRig({ rtpengine: false });
  seat = await startReadySeat(rig, user, { profile: { wrapUpSeconds: 0 } });
});
afterAll(async () => {
  await seat?.close();
  await rig?.stop();
});

async function updateProfile(patch: Partial<ProfileInput>): Promise<void> {
  const { hasPassword: _h, passwordProtection: _p, updatedAt: _u, ...fields } = await seat.call('getProfile', {});
  await seat.call('saveProfile', { ...fields, ...patch });
}

const sipp = (options: Partial<SippOptions> & Pick<SippOptions, 'scenario'>) =>
  startSipp({ target: rig.kamailio.udpPort, callee: user, ...options });

const endedCall = (from: number, match: (c: CallSnapshot) => boolean = () => true) =>
  seat.waitForEvent('callEnded', (p: { call: CallSnapshot }) => match(p.call), { from }).then((e) => (e.payload as { call: CallSnapshot }).call);

const ringingCall = () => seat.waitForCall((c) => c.state === 'ringing' && c.direction === 'inbound');

const waitReady = () => seat.waitForStatus((s) => s.agent.state === 'ready' && s.registration.state === 'registered');

describe('incoming calls from sipp', () => {
  it('rings with number and context; the agent answers; the caller hangs up; the row has every timestamp', async () => {
    const mark = seat.events.length;
    const caller = await sipp({
      scenario: 'uac-answered-caller-hangs-up',
      pauseMs: 800,
      headers: { 'P-Asserted-Identity': '"王先生" <sip:+8613912345678@gw.centre.test>', 'X-Queue': '医保咨询', 'X-IVR-Path': '1>3', 'X-Wait-Seconds': '42' },
    });
    const ringing = await ringingCall();
    expect(ringing).toMatchObject({ remoteNumber: '+8613912345678', remoteName: '王先生', centreCallId: `${caller.uidPrefix}1` });
    expect(ringing.context).toEqual([
      { name: 'X-Call-Uid', value: `${caller.uidPrefix}1` },
      { name: 'X-Queue', value: '医保咨询' },
      { name: 'X-IVR-Path', value: '1>3' },
      { name: 'X-Wait-Seconds', value: '42' },
    ]);
    expect(seat.agent().state).toBe('ringing');
    const answered = await seat.call('answerCall', { callId: ringing.id });
    expect(answered.state).toBe('active');
    expect(seat.agent().state).toBe('on-call');
    const result = await caller.done;
    expect(result.exitCode, result.errors).toBe(0);
    const ended = await endedCall(mark);
    expect(ended).toMatchObject({ id: ringing.id, endReason: 'completed', endedBy: 'remote' });

    const [row] = await seat.call('listRecentCalls', { limit: 1 });
    expect(row).toMatchObject({ id: ringing.id, direction: 'inbound', remoteNumber: '+8613912345678', centreCallId: `${caller.uidPrefix}1`, endReason: 'completed', endedBy: 'remote', localNumber: user });
    expect(row!.startedAt).toBeLessThanOrEqual(row!.answeredAt!);
    expect(row!.answeredAt!).toBeLessThan(row!.endedAt!);
    expect(row!.endedAt! - row!.answeredAt!).toBeGreaterThanOrEqual(700);
    expect(row!.sipCallId).toMatch(/.+/);
    expect(listCallEvents(seat.db, ringing.id).map((e) => e.kind)).toEqual(['ring', 'answer', 'end']);
  });

  it('the agent rejects with 603', async () => {
    const mark = seat.events.length;
    const caller = await sipp({ scenario: 'uac-rejected' });
    const ringing = await ringingCall();
    await seat.call('rejectCall', { callId: ringing.id, code: 603 });
    expect((await caller.done).exitCode).toBe(0);
    expect(await endedCall(mark)).toMatchObject({ endReason: 'rejected', endedBy: 'local', statusCode: 603 });
  });

  it('the caller hangs up while ringing: missed (and INVITE→180 measured)', async () => {
    const mark = seat.events.length;
    const caller = await sipp({ scenario: 'uac-cancel', pauseMs: 300 });
    const result = await caller.done;
    expect(result.exitCode, result.errors).toBe(0);
    expect(await endedCall(mark)).toMatchObject({ endReason: 'missed', endedBy: 'remote', answeredAt: null });
    const [row] = await seat.call('listRecentCalls', { limit: 1 });
    expect(row).toMatchObject({ endReason: 'missed', answeredAt: null });
    const many = await runSipp({ scenario: 'uac-cancel', target: rig.kamailio.udpPort, callee: user, calls: 20, rate: 10, pauseMs: 50 });
    expect(many.exitCode, many.errors).toBe(0);
    console.log(`[measure] INVITE → 180 from the seat (through Kamailio, 20 calls): p50 ${percentile(many.rttMs, 50)} ms, p95 ${percentile(many.rttMs, 95)} ms, max ${Math.max(...many.rttMs)} ms`);
  });

  it('the seat hangs up', async () => {
    const mark = seat.events.length;
    const caller = await sipp({ scenario: 'uac-answered-callee-hangs-up' });
    const ringing = await ringingCall();
    await seat.call('answerCall', { callId: ringing.id });
    await new Promise((r) => setTimeout(r, 300));
    await seat.call('hangupCall', { callId: ringing.id });
    expect((await caller.done).exitCode).toBe(0);
    expect(await endedCall(mark)).toMatchObject({ endReason: 'completed', endedBy: 'local' });
  });

  it('a key the caller presses (SIP INFO) reaches the renderer', async () => {
    const mark = seat.events.length;
    const caller = await sipp({ scenario: 'uac-info-dtmf', dtmf: '7', pauseMs: 300 });
    const ringing = await ringingCall();
    await seat.call('answerCall', { callId: ringing.id });
    const dtmf = await seat.waitForEvent('dtmfReceived', undefined, { from: mark });
    expect(dtmf.payload).toEqual({ callId: ringing.id, digit: '7' });
    expect((await caller.done).exitCode).toBe(0);
  });
});

describe('keys and mute from the seat', () => {
  it('sends keys by SIP INFO (dtmfMode info) and by RFC 4733 through the media engine; mute goes to the media engine', async () => {
    await updateProfile({ dtmfMode: 'info' });
    const caller = await sipp({ scenario: fileURLToPath(new URL('./sipp/uac-answered-receives-info.xml', import.meta.url)), pauseMs: 1000 });
    const ringing = await ringingCall();
    await seat.call('answerCall', { callId: ringing.id });
    await seat.call('sendDtmf', { callId: ringing.id, digits: '5#' });
    await updateProfile({ dtmfMode: 'rfc4733' });
    await seat.call('sendDtmf', { callId: ringing.id, digits: '123' });
    const muted = await seat.call('setMuted', { callId: ringing.id, muted: true });
    expect(muted.muted).toBe(true);
    const result = await caller.done;
    expect(result.exitCode, result.errors).toBe(0);
    const media = seat.media!.requests.filter((r) => (r.params as { sessionId: string }).sessionId === ringing.id);
    expect(media.find((r) => r.method === 'sendDtmf')?.params).toMatchObject({ tones: '123' });
    expect(media.find((r) => r.method === 'setMuted')?.params).toEqual({ sessionId: ringing.id, muted: true });
    expect(listCallEvents(seat.db, ringing.id).map((e) => e.kind)).toEqual(['ring', 'answer', 'dtmf-sent', 'dtmf-sent', 'mute', 'end']);
  });
});

describe('outgoing calls to a sipp UAS', () => {
  it('dials a number through the PSTN gateway, it answers, the seat hangs up', async () => {
    const callee = await startSipp({ scenario: 'uas-answer', pauseMs: 200 });
    await rig.kamailio.setPstnGateway(callee.uri);
    const mark = seat.events.length;
    const dialled = await seat.call('dial', { target: '9 010-1234' });
    expect(dialled).toMatchObject({ state: 'dialing', remoteNumber: '90101234', direction: 'outbound' });
    await seat.waitForCall((c) => c.id === dialled.id && c.state === 'alerting');
    await seat.waitForCall((c) => c.id === dialled.id && c.state === 'active');
    await seat.call('hangupCall', { callId: dialled.id });
    expect((await callee.done).exitCode).toBe(0);
    expect(await endedCall(mark)).toMatchObject({ id: dialled.id, endReason: 'completed', endedBy: 'local' });
    expect((await seat.call('getPhoneState', {})).lastDialed).toBe('90101234');
    const [row] = await seat.call('listRecentCalls', { limit: 1 });
    expect(row).toMatchObject({ direction: 'outbound', remoteNumber: '90101234', endReason: 'completed' });
    expect(row!.answeredAt).not.toBeNull();
  });

  it('a busy callee ends the call as busy (486); redial calls the same number', async () => {
    const callee = await startSipp({ scenario: 'uas-busy', pauseMs: 100, calls: 2 });
    await rig.kamailio.setPstnGateway(callee.uri);
    const mark = seat.events.length;
    await seat.call('dial', { target: '95555' });
    expect(await endedCall(mark)).toMatchObject({ endReason: 'busy', endedBy: 'remote', statusCode: 486 });
    const mark2 = seat.events.length;
    const again = await seat.call('redial', {});
    expect(again.remoteNumber).toBe('95555');
    expect(await endedCall(mark2)).toMatchObject({ endReason: 'busy' });
    expect((await callee.done).exitCode).toBe(0);
  });
});

describe('auto-answer', () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['call-info', { 'Call-Info': '<sip:centre.test>;answer-after=0' }],
    ['alert-info', { 'Alert-Info': '<http://www.notused.com>;info=alert-autoanswer' }],
    ['answer-mode', { 'Answer-Mode': 'Auto' }],
  ];

  it.each(cases)('when requested by %s', async (trigger, headers) => {
    await updateProfile({ autoAnswer: 'when-requested' });
    await waitReady();
    const mark = seat.events.length;
    const result = await runSipp({ scenario: 'uac-answered-caller-hangs-up', target: rig.kamailio.udpPort, callee: user, headers, pauseMs: 200 });
    expect(result.exitCode, result.errors).toBe(0);
    const auto = await seat.waitForEvent('autoAnswered', undefined, { from: mark });
    expect(auto.payload).toMatchObject({ trigger });
    console.log(`[measure] auto-answer (${trigger}): INVITE → 200 ${result.rttMs[0]} ms`);
    const [row] = await seat.call('listRecentCalls', { limit: 1 });
    expect(row).toMatchObject({ autoAnswered: true, endReason: 'completed' });
  });

  it('not without a request under when-requested; always under always', async () => {
    await updateProfile({ autoAnswer: 'when-requested' });
    await waitReady();
    const mark = seat.events.length;
    const plain = await runSipp({ scenario: 'uac-cancel', target: rig.kamailio.udpPort, callee: user, pauseMs: 1200 });
    expect(plain.exitCode, plain.errors).toBe(0);
    expect(seat.events.slice(mark).some((e) => e.name === 'autoAnswered')).toBe(false);
    await updateProfile({ autoAnswer: 'always' });
    await waitReady();
    // -l 1: one call at a time (a second call during a call is call waiting, not auto-answered)
    const always = await runSipp({ scenario: 'uac-answered-caller-hangs-up', target: rig.kamailio.udpPort, callee: user, calls: 10, rate: 5, limit: 1, pauseMs: 100 });
    expect(always.exitCode, always.errors).toBe(0);
    console.log(`[measure] auto-answer (always), 10 calls: INVITE → 200 p50 ${percentile(always.rttMs, 50)} ms, max ${Math.max(...always.rttMs)} ms`);
    await updateProfile({ autoAnswer: 'never' });
  });
});

describe('back-to-back calls (the shape of bench:calls)', () => {
  it('auto-answers 30 calls one after another with no wrap-up, each recorded as completed and auto-answered', async () => {
    const loadSeat = await startSeat({
      servers: [rig.kamailio.wsUrl],
      user: '1008',
      password: rig.kamailio.users['1008']!,
      profile: { autoAnswer: 'always', wrapUpSeconds: 0 },
    });
    try {
      await loadSeat.waitForStatus((s) => s.registration.state === 'registered' && s.agent.state === 'ready');
      // -l 1: one call at a time, as a seat takes them (an overlapping call is call waiting, never auto-answered).
      const result = await runSipp({ scenario: 'uac-answered-caller-hangs-up', target: rig.kamailio.udpPort, callee: '1008', calls: 30, rate: 10, limit: 1, pauseMs: 200 });
      expect(result.exitCode, result.errors).toBe(0);
      expect(result.successful).toBe(30);
      console.log(`[measure] 30 back-to-back auto-answered calls: INVITE → 200 p50 ${percentile(result.rttMs, 50)} ms, p99 ${percentile(result.rttMs, 99)} ms`);
      const rows = await loadSeat.call('listRecentCalls', { limit: 100 });
      expect(rows.filter((r) => r.endReason === 'completed' && r.autoAnswered)).toHaveLength(30);
    } finally {
      await loadSeat.close();
    }
  });
});

describe('agent states', () => {
  it('Not ready rejects with 486; Ready takes calls again', async () => {
    await seat.call('setAgentState', { state: 'not-ready', reason: 'break' });
    expect(seat.agent()).toMatchObject({ state: 'not-ready', reason: 'break' });
    const mark = seat.events.length;
    const rejected = await runSipp({ scenario: 'uac-rejected', target: rig.kamailio.udpPort, callee: user });
    expect(rejected.exitCode, rejected.errors).toBe(0);
    expect(await endedCall(mark)).toMatchObject({ endReason: 'not-ready', endedBy: 'system', statusCode: 486 });
    await seat.call('setAgentState', { state: 'ready' });
    expect(seat.agent().state).toBe('ready');
  });

  it('wrap-up rejects new calls, can be extended, and returns to Ready by itself', async () => {
    await updateProfile({ wrapUpSeconds: 2, autoAnswer: 'always' });
    await waitReady();
    const answered = await runSipp({ scenario: 'uac-answered-caller-hangs-up', target: rig.kamailio.udpPort, callee: user, pauseMs: 100 });
    expect(answered.exitCode).toBe(0);
    const wrap = await seat.waitForStatus((s) => s.agent.state === 'wrap-up');
    expect(wrap.agent.until! - wrap.agent.since!).toBe(2000);
    await seat.call('extendWrapUp', { seconds: 5 });
    expect(seat.agent().until).toBe(wrap.agent.until! + 5000);
    const mark = seat.events.length;
    const duringWrapUp = await runSipp({ scenario: 'uac-rejected', target: rig.kamailio.udpPort, callee: user });
    expect(duringWrapUp.exitCode, duringWrapUp.errors).toBe(0);
    expect(await endedCall(mark)).toMatchObject({ endReason: 'not-ready' });
    await seat.call('setAgentState', { state: 'ready' });
    expect(seat.agent().state).toBe('ready');
    // and the timer alone brings it back too
    await runSipp({ scenario: 'uac-answered-caller-hangs-up', target: rig.kamailio.udpPort, callee: user, pauseMs: 100 });
    await seat.waitForStatus((s) => s.agent.state === 'wrap-up');
    const t0 = performance.now();
    await seat.waitForStatus((s) => s.agent.state === 'ready', 5000);
    expect(performance.now() - t0).toBeGreaterThan(1500);
    await updateProfile({ wrapUpSeconds: 0, autoAnswer: 'never' });
  });
});
