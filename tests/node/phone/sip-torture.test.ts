/**
 * A registered seat (the whole core, real SQLite) receiving RFC 4475's
 * torture messages and the classes that used to end the process, from a SIP
 * "proxy" the test controls. Valid messages are answered (or, for responses,
 * absorbed), invalid requests get the RFC's answer, nothing throws, the seat
 * stays registered, and afterwards a normal call still rings.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSeat, type SeatHarness } from '../../integration/phone-harness.js';
import { header, invite, startFakeSipProxy, statusOf, type FakeSipProxy } from './support/fake-sip-proxy.js';
import { tortureMessages } from './support/torture-messages.js';

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

async function registeredSeat(): Promise<SeatHarness> {
  seat = await startSeat({ servers: [proxy.url], user: '1001', password: 'pw1001' });
  await seat.waitForStatus((s) => s.registration.state === 'registered');
  return seat;
}

describe('RFC 4475 torture messages into a registered seat', () => {
  it('answers each as the RFC says, never throws, stays registered, and still rings afterwards', async () => {
    const s = await registeredSeat();
    const outcomes: Record<string, number | 'none'> = {};
    for (const message of tortureMessages) {
      const from = proxy.received.length;
      proxy.send(message.text);
      if (message.expect === 'none') {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const answered = proxy.received.slice(from).find((m) => statusOf(m.text) !== null && statusOf(m.text)! >= 200);
        outcomes[message.name] = answered ? statusOf(answered.text)! : 'none';
        continue;
      }
      const answer = await proxy
        .waitFor((text) => {
          const status = statusOf(text);
          if (status === null || status < 200) return false;
          return message.callId === null ? /branch=z9hG4bKkdj\.insuf/.test(text) : header(text, 'call-id') === message.callId || header(text, 'i') === message.callId;
        }, { from, timeoutMs: 2000 })
        .catch(() => null);
      outcomes[message.name] = answer === null ? 'none' : statusOf(answer)!;
    }
    const expected = Object.fromEntries(
      tortureMessages.map((m) => [m.name, m.expect === 'none' ? 'none' : m.expect === 'answered' ? 'answered' : m.expect]),
    );
    const seen = Object.fromEntries(
      tortureMessages.map((m) => {
        const got = outcomes[m.name]!;
        if (m.expect === 'answered') return [m.name, typeof got === 'number' ? 'answered' : got];
        if (m.expect === 'none') return [m.name, got];
        return [m.name, typeof got === 'number' && m.expect.includes(got) ? m.expect : got];
      }),
    );
    expect(seen).toEqual(expected);

    // Still registered on the same connection, and a normal call rings.
    expect(s.registration().state).toBe('registered');
    expect(proxy.connections()).toBe(1);
    const from = proxy.received.length;
    proxy.send(invite('after-torture-1@gw.test'));
    await proxy.waitFor((t) => statusOf(t) === 180 && header(t, 'call-id') === 'after-torture-1@gw.test', { from });
    const ringing = await s.waitForCall((c) => c.state === 'ringing');
    expect(ringing.remoteNumber).toBe('+8613912345678');
  });

  it('takes the INVITEs real gateways send: an unquoted UTF-8 display name, a tel: P-Asserted-Identity', async () => {
    const s = await registeredSeat();
    const from = proxy.received.length;
    const unquoted = invite('unquoted-name@gw.test', ['P-Asserted-Identity: <tel:+8613912345678>']).replace('From: "市民" <', 'From: 王先生 <');
    proxy.send(unquoted);
    await proxy.waitFor((t) => statusOf(t) === 180 && header(t, 'call-id') === 'unquoted-name@gw.test', { from });
    const ringing = await s.waitForCall((c) => c.state === 'ringing');
    expect(ringing).toMatchObject({ remoteNumber: '+8613912345678', remoteName: '王先生' });
  });
});
