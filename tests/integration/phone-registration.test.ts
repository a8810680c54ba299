/**
 * The phone service registering to the rig's real Kamailio: timing,
 * un-REGISTER, wrong password without a retry storm, failover to the second
 * server, re-registration on network-online.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRig, type Rig } from '../rig/index.js';
import { startSeat, type SeatHarness } from './phone-harness.js';

let rig: Rig;
const seats: SeatHarness[] = [];

beforeAll(async () => {
  rig = await startRig({ rtpengine: false });
});
afterAll(async () => {
  for (const seat of seats.splice(0)) await seat.close();
  await rig?.stop();
});

const open = async (...args: Parameters<typeof startSeat>) => {
  const seat = await startSeat(...args);
  seats.push(seat);
  return seat;
};

/** REGISTER requests Kamailio logged since `mark` (a length of its log). */
const registersSince = (mark: number) => (rig.kamailio.logs().slice(mark).match(/REQ REGISTER /g) ?? []).length;

describe('registration against Kamailio', () => {
  it('registers, shows Ready, and un-REGISTERs when the seat closes', async () => {
    const k = rig.kamailio;
    const t0 = performance.now();
    const seat = await open({ servers: [k.wsUrl], user: '1002', password: k.users['1002']! });
    const tSaved = performance.now();
    await seat.waitForStatus((s) => s.registration.state === 'registered');
    const tRegistered = performance.now();
    console.log(`[measure] registration: ${(tRegistered - tSaved).toFixed(1)} ms after the profile was saved (${(tRegistered - t0).toFixed(1)} ms incl. core start)`);
    expect(seat.agent().state).toBe('ready');
    const reg = seat.registration();
    expect(reg).toMatchObject({ state: 'registered', server: k.wsUrl });
    expect(reg.state === 'registered' && reg.expiresAt - Date.now()).toBeGreaterThan(290_000);
    const contacts = await k.lookup('1002');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.userAgent).toBe('Hotseat/test');
    await seat.close();
    seats.splice(seats.indexOf(seat), 1);
    expect(await k.lookup('1002')).toEqual([]);
  });

  it('wrong password: "failed" with 403 and no retry storm; a retry is one more attempt; the right password registers', async () => {
    const k = rig.kamailio;
    const before = rig.kamailio.logs().length;
    const seat = await open({ servers: [k.wsUrl], user: '1003', password: 'not-the-password' });
    const failed = await seat.waitForStatus((s) => s.registration.state === 'failed');
    expect(failed.registration).toMatchObject({ state: 'failed', statusCode: 403 });
    expect(failed.agent).toMatchObject({ state: 'offline', reason: 'not-registered' });
    await new Promise((r) => setTimeout(r, 5000));
    const during = registersSince(before);
    console.log(`[measure] wrong password: ${during} REGISTERs reached Kamailio in 5 s (challenge + one answer)`);
    expect(during).toBeLessThanOrEqual(2);
    expect(seat.registration().state).toBe('failed');

    await seat.call('retryRegistration', {});
    await new Promise((r) => setTimeout(r, 1000));
    expect(registersSince(before)).toBeLessThanOrEqual(4);
    expect(seat.registration()).toMatchObject({ state: 'failed', statusCode: 403 });

    const profile = await seat.call('getProfile', {});
    const { hasPassword: _h, passwordProtection: _p, updatedAt: _u, ...fields } = profile;
    await seat.call('saveProfile', { ...fields, password: k.users['1003']! });
    await seat.waitForStatus((s) => s.registration.state === 'registered' && s.agent.state === 'ready');
  });

  it('fails over to the second server when the first is unreachable', async () => {
    const k = rig.kamailio;
    const dead = `ws://127.0.0.1:${await freePort()}`;
    const t0 = performance.now();
    const seat = await open({ servers: [dead, k.wsUrl], user: '1004', password: k.users['1004']! });
    await seat.waitForStatus((s) => s.registration.state === 'registered');
    console.log(`[measure] failover: registered on the second server ${(performance.now() - t0).toFixed(1)} ms after start`);
    expect(seat.registration()).toMatchObject({ state: 'registered', server: k.wsUrl });
    expect(await k.lookup('1004')).toHaveLength(1);
  });

  it('re-registers at once when the host reports the network back', async () => {
    const k = rig.kamailio;
    const seat = await open({ servers: [k.wsUrl], user: '1005', password: k.users['1005']! });
    await seat.waitForStatus((s) => s.registration.state === 'registered');
    const first = seat.registration();
    const [before] = await k.lookup('1005');
    await new Promise((r) => setTimeout(r, 20));
    await seat.call('systemEvent', { kind: 'online' });
    await seat.waitForStatus((s) => s.registration.state === 'registered' && s.registration.expiresAt > (first.state === 'registered' ? first.expiresAt : 0));
    const [after] = await k.lookup('1005');
    expect(after!.cseq).toBeGreaterThan(before!.cseq);
    // The ping was answered: same WebSocket connection, not a reconnect.
    expect(after!.received).toBe(before!.received);
  });
});
