/**
 * The media proxy against real SIP peers: media requests go only to the
 * client that claimed the media, and a missing, silent or departing media
 * engine ends the call cleanly (500/480 to the caller, or BYE), never a crash.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot, EventEnvelope } from '../../main/contract/index.js';
import { startRig, startSipp, type Rig } from '../rig/index.js';
import { startReadySeat, type SeatHarness } from './phone-harness.js';

const scenario = (name: string) => fileURLToPath(new URL(`./sipp/${name}.xml`, import.meta.url));

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ rtpengine: false });
});
afterAll(async () => {
  await rig?.stop();
});

const endedCall = (seat: SeatHarness, from: number) =>
  seat.waitForEvent('callEnded', undefined, { from }).then((e) => (e.payload as { call: CallSnapshot }).call);

const registeredSeat = (user: string, withMedia: boolean): Promise<SeatHarness> =>
  startReadySeat(rig, user, { withMedia, profile: { wrapUpSeconds: 0 } });

describe('no media engine attached', () => {
  let seat: SeatHarness;
  beforeAll(async () => {
    seat = await registeredSeat('1014', false);
  });
  afterAll(() => seat?.close());

  it('answering releases the call with 500 and says why', async () => {
    const mark = seat.events.length;
    const caller = await startSipp({ scenario: scenario('uac-fails'), target: rig.kamailio.udpPort, callee: '1014' });
    const ringing = await seat.waitForCall((c) => c.state === 'ringing');
    await expect(seat.call('answerCall', { callId: ringing.id })).rejects.toMatchObject({ error: { code: 'unavailable' } });
    const result = await caller.done;
    expect(result.exitCode, result.errors).toBe(0);
    expect(await endedCall(seat, mark)).toMatchObject({ endReason: 'media-unavailable', endedBy: 'system', statusCode: 500 });
  });

  it('dialling fails before any INVITE is sent', async () => {
    const mark = rig.kamailio.logs().length;
    await expect(seat.call('dial', { target: '1015' })).rejects.toMatchObject({ error: { code: 'unavailable' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(rig.kamailio.logs().slice(mark)).not.toMatch(/REQ INVITE/);
  });
});

describe('with a media engine', () => {
  let seat: SeatHarness;
  beforeAll(async () => {
    seat = await registeredSeat('1016', true);
  });
  afterAll(() => seat?.close());

  it('sends media requests only to the client that claimed them', async () => {
    const other: EventEnvelope[] = [];
    const detach = seat.core.attachClient({ id: 'other-window', send: (e) => void other.push(e) });
    try {
      const mark = seat.events.length;
      const caller = await startSipp({ scenario: 'uac-answered-caller-hangs-up', target: rig.kamailio.udpPort, callee: '1016', pauseMs: 200 });
      const ringing = await seat.waitForCall((c) => c.state === 'ringing');
      await seat.call('answerCall', { callId: ringing.id });
      expect((await caller.done).exitCode).toBe(0);
      await endedCall(seat, mark);
      expect(seat.media!.requests.map((r) => r.method)).toEqual(expect.arrayContaining(['createSession', 'setDescription', 'getDescription', 'closeSession']));
      expect(seat.media!.sessions.has(ringing.id)).toBe(true);
      expect(other.some((e) => e.name === 'mediaRequest')).toBe(false);
      expect(other.some((e) => e.name === 'callsChanged')).toBe(true);
      expect(seat.events.some((e) => e.name === 'mediaRequest')).toBe(false);
    } finally {
      detach();
    }
  });

  it('a media engine that does not answer: the call fails after the 5 s timeout, cleanly', async () => {
    seat.media!.silent.add('createSession');
    try {
      const mark = seat.events.length;
      const caller = await startSipp({ scenario: scenario('uac-fails'), target: rig.kamailio.udpPort, callee: '1016' });
      const ringing = await seat.waitForCall((c) => c.state === 'ringing');
      const t0 = performance.now();
      await expect(seat.call('answerCall', { callId: ringing.id })).rejects.toMatchObject({ error: { code: 'unavailable' } });
      const waited = performance.now() - t0;
      console.log(`[measure] silent media engine: answer failed after ${waited.toFixed(0)} ms`);
      expect(waited).toBeGreaterThan(4500);
      expect(waited).toBeLessThan(7000);
      const result = await caller.done;
      expect(result.exitCode, result.errors).toBe(0);
      expect(await endedCall(seat, mark)).toMatchObject({ endReason: 'media-unavailable', endedBy: 'system' });
      expect(seat.registration().state).toBe('registered');
    } finally {
      seat.media!.silent.clear();
    }
  });

  it('the media window going away mid-call: pending requests fail at once, the call waits for a new engine, then ends with BYE after the grace', async () => {
    const mark = seat.events.length;
    const caller = await startSipp({ scenario: 'uac-answered-callee-hangs-up', target: rig.kamailio.udpPort, callee: '1016' });
    const ringing = await seat.waitForCall((c) => c.state === 'ringing');
    await seat.call('answerCall', { callId: ringing.id });
    // A hold whose offer the engine never answers, then the engine leaves.
    seat.media!.silent.add('getDescription');
    const hold = seat.call('holdCall', { callId: ringing.id });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    seat.media!.detach();
    await expect(hold).rejects.toMatchObject({ error: { code: 'unavailable' } });
    expect(performance.now() - t0).toBeLessThan(500);
    // A reload must not drop the call: it waits (media lost) for the grace period.
    expect(seat.calls().find((c) => c.id === ringing.id)).toMatchObject({ state: 'active', media: 'lost' });
    const result = await caller.done;
    expect(result.exitCode, result.errors).toBe(0);
    const waited = performance.now() - t0;
    console.log(`[measure] no media engine came back: BYE ${waited.toFixed(0)} ms after it left`);
    expect(waited).toBeGreaterThan(4500);
    expect(await endedCall(seat, mark)).toMatchObject({ endReason: 'media-unavailable', endedBy: 'system' });
  });
});
