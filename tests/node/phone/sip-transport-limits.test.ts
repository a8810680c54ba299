/**
 * What a broken or hostile SIP server can do to a seat through its own
 * answers and frames, against the whole core over a real WebSocket:
 * overlong intervals (a REGISTER storm), oversized messages (a stalled event
 * loop), oversized frames, and bytes that are not UTF-8.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSeat, type SeatHarness } from '../../integration/phone-harness.js';
import { header, invite, registerOk, respond, startFakeSipProxy, statusOf, type FakeSipProxy } from './support/fake-sip-proxy.js';

let proxy: FakeSipProxy;
let seat: SeatHarness | undefined;

beforeEach(async () => {
  proxy = await startFakeSipProxy();
});
afterEach(async () => {
  await seat?.close();
  seat = undefined;
  await proxy.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startAgainst(p: FakeSipProxy): Promise<SeatHarness> {
  seat = await startSeat({ servers: [p.url], user: '1001', password: 'pw1001' });
  return seat;
}

describe('server-supplied intervals are clamped', () => {
  it.each(['4294967295', '2147484', '949302838503028349304023988'])('a 503 with Retry-After %s makes the seat wait, not flood', async (retryAfter) => {
    proxy.onRegister = (request) => respond(request, '503 Service Unavailable', [`Retry-After: ${retryAfter}`]);
    const s = await startAgainst(proxy);
    const status = await s.waitForStatus((st) => st.registration.state === 'reconnecting');
    await sleep(1500);
    // One REGISTER, then a wait: before the clamp, ~250 a second.
    expect(proxy.registers()).toBeLessThanOrEqual(2);
    const registration = status.registration as { nextRetryAt: number };
    expect(registration.nextRetryAt - Date.now()).toBeLessThanOrEqual(300_000);
    expect(registration.nextRetryAt - Date.now()).toBeGreaterThan(60_000);
  });

  it.each([2147484, 4294967295])('a 200 OK granting expires=%i keeps the seat registered without re-REGISTERing', async (expires) => {
    proxy.onRegister = (request) => registerOk(request, expires);
    const s = await startAgainst(proxy);
    const status = await s.waitForStatus((st) => st.registration.state === 'registered');
    await sleep(1500);
    expect(proxy.registers()).toBe(1);
    expect(proxy.connections()).toBe(1);
    expect(s.registration().state).toBe('registered');
    const expiresAt = (status.registration as { expiresAt: number }).expiresAt;
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(expiresAt - Date.now()).toBeGreaterThan(3_600_000);
  });
});

describe('refresh', () => {
  it('SIP.js\'s own refresh REGISTERs keep the seat registered (a short expiry, no storm)', async () => {
    proxy.onRegister = (request) => registerOk(request, 2);
    const s = await startAgainst(proxy);
    await s.waitForStatus((st) => st.registration.state === 'registered');
    await sleep(3500);
    expect(proxy.registers()).toBeGreaterThanOrEqual(2);
    expect(proxy.registers()).toBeLessThanOrEqual(4);
    expect(s.registration().state).toBe('registered');
  });
});

describe('423 Interval Too Brief', () => {
  it('registers with the registrar\'s Min-Expires and shows the seat registered', async () => {
    let answered = 0;
    proxy.onRegister = (request) =>
      answered++ === 0 ? respond(request, '423 Interval Too Brief', ['Min-Expires: 3600']) : registerOk(request, header(request, 'expires') ?? 3600);
    const s = await startAgainst(proxy);
    const status = await s.waitForStatus((st) => st.registration.state === 'registered');
    expect(proxy.registers()).toBe(2);
    const second = proxy.received.filter((m) => m.text.startsWith('REGISTER '))[1]!.text;
    expect(second).toMatch(/expires=3600|Expires: 3600/i);
    expect((status.registration as { expiresAt: number }).expiresAt - Date.now()).toBeGreaterThan(3_500_000);
  });

  it.each(['3600', '4294967295', 'abc'])('a registrar answering 423 (Min-Expires %s) to every REGISTER gets no storm', async (minExpires) => {
    proxy.onRegister = (request) => respond(request, '423 Interval Too Brief', [`Min-Expires: ${minExpires}`]);
    const s = await startAgainst(proxy);
    await s.waitForStatus((st) => st.registration.state === 'reconnecting');
    await sleep(1500);
    // Before: ~70 REGISTERs a second, and the seat stuck on "registering". Now two per
    // attempt (the REGISTER and one retry with Min-Expires), attempts on the backoff (½ s, 1 s, …).
    expect(proxy.registers()).toBeLessThanOrEqual(6);
    expect(s.registration().state).toBe('reconnecting');
  });
});

describe('size and encoding limits before parsing', () => {
  it('answers a 1 MiB display name with 513 without stalling the event loop', async () => {
    const s = await startAgainst(proxy);
    await s.waitForStatus((st) => st.registration.state === 'registered');
    const huge = invite('huge-name@gw.test').replace('From: "市民"', `From: "${'A'.repeat(1024 * 1024 - 2048)}"`);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const from = proxy.received.length;
    proxy.send(huge);
    const answer = await proxy.waitFor((t) => statusOf(t) !== null && statusOf(t)! >= 300, { from });
    await sleep(100);
    lag.disable();
    expect(statusOf(answer)).toBe(513);
    // SIP.js's grammar would have taken ~2 s on this.
    expect(lag.max / 1e6).toBeLessThan(250);
    expect(s.registration().state).toBe('registered');
    expect(proxy.connections()).toBe(1);
  });

  it('parses a message just under the cap (64 KiB) with a bounded stall', async () => {
    const s = await startAgainst(proxy);
    await s.waitForStatus((st) => st.registration.state === 'registered');
    // Two 30 KiB headers: the most SIP.js's grammar is ever given.
    const big = invite('big-but-allowed@gw.test', [`X-Filler: ${'f'.repeat(30 * 1024)}`]).replace('From: "市民"', `From: "${'B'.repeat(30 * 1024)}"`);
    expect(big.length).toBeLessThan(64 * 1024);
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const from = proxy.received.length;
    proxy.send(big);
    const answer = await proxy.waitFor((t) => statusOf(t) !== null && header(t, 'call-id') === 'big-but-allowed@gw.test', { from });
    await sleep(100);
    lag.disable();
    console.log(`[sip limits] 61 KiB INVITE: answered ${statusOf(answer)}, event-loop lag max ${(lag.max / 1e6).toFixed(0)} ms`);
    expect(statusOf(answer)).not.toBe(513);
    expect(lag.max / 1e6).toBeLessThan(400);
  });

  it('closes the connection on a frame over 1 MiB (it used to accept 100 MiB) and comes back', async () => {
    const s = await startAgainst(proxy);
    await s.waitForStatus((st) => st.registration.state === 'registered');
    proxy.sendRaw(Buffer.alloc(2 * 1024 * 1024, 0x41));
    await s.waitForStatus((st) => st.registration.state !== 'registered');
    expect(proxy.closeCodes).toContain(1009);
    await s.waitForStatus((st) => st.registration.state === 'registered', 15_000);
  });

  it('keeps the connection when a text frame carries bytes that are not UTF-8', async () => {
    const s = await startAgainst(proxy);
    await s.waitForStatus((st) => st.registration.state === 'registered');
    const from = proxy.received.length;
    const bad = Buffer.concat([Buffer.from(invite('bad-utf8@gw.test').replace('"市民"', '"XX"'), 'utf8')]);
    const at = bad.indexOf('"XX"') + 1;
    bad[at] = 0xff;
    bad[at + 1] = 0xfe;
    proxy.sendRaw(bad, false);
    await proxy.waitFor((t) => statusOf(t) === 180 && header(t, 'call-id') === 'bad-utf8@gw.test', { from });
    expect(proxy.closeCodes).toEqual([]);
    expect(proxy.connections()).toBe(1);
    const ringing = await s.waitForCall((c) => c.state === 'ringing');
    expect(ringing.remoteName ?? '').not.toMatch(/\uFFFD/);
  });
});
