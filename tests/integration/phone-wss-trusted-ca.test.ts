/**
 * WSS with the centre's own CA, against the rig's real Kamailio with its tls
 * module serving a certificate that a CA made by the test signed: a seat told
 * to trust that CA registers over wss://; a seat without it (or with another
 * CA) does not, and its status names the certificate problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../rig/index.js';
import { makeTestCa, type TestCa } from '../rig/test-ca.js';
import { startSeat, type SeatHarness } from './phone-harness.js';

let rig: Rig;
let ca: TestCa;
let otherCa: TestCa;
const seats: SeatHarness[] = [];

beforeAll(async () => {
  ca = makeTestCa('Hotseat Test Centre CA');
  otherCa = makeTestCa('Some Other CA');
  rig = await startRig({ rtpengine: false, kamailio: { tls: { certFile: ca.serverCertFile, keyFile: ca.serverKeyFile } } });
});
afterAll(async () => {
  for (const seat of seats.splice(0)) await seat.close();
  await rig?.stop();
  ca?.remove();
  otherCa?.remove();
});

const open = async (...args: Parameters<typeof startSeat>) => {
  const seat = await startSeat(...args);
  seats.push(seat);
  return seat;
};

describe('wss:// with the centre CA', () => {
  it('a seat trusting the centre CA registers over wss://', async () => {
    const k = rig.kamailio;
    const wss = k.wssUrl!;
    expect(wss).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    const t0 = performance.now();
    const seat = await open({ servers: [wss], user: '1011', password: k.users['1011']!, profile: { trustedCaPem: ca.caPem } });
    await seat.waitForStatus((s) => s.registration.state === 'registered');
    console.log(`[measure] wss registration with the centre CA: ${(performance.now() - t0).toFixed(1)} ms incl. core start`);
    expect(seat.registration()).toMatchObject({ state: 'registered', server: wss });
    const contacts = await k.lookup('1011');
    expect(contacts).toHaveLength(1);
    // Kamailio received the REGISTER on its TLS socket.
    expect(String(contacts[0]!.raw['Socket'])).toMatch(/^tls:127\.0\.0\.1:/);
  });

  it('a seat without the CA does not register and says which certificate problem', async () => {
    const k = rig.kamailio;
    const seat = await open({ servers: [k.wssUrl!], user: '1012', password: k.users['1012']! });
    const status = await seat.waitForStatus((s) => s.registration.state === 'reconnecting');
    const reg = status.registration;
    expect(reg.state).toBe('reconnecting');
    const reason = reg.state === 'reconnecting' ? reg.reason : '';
    console.log(`[observe] without the CA: ${reason}`);
    expect(reason).toContain(k.wssUrl!);
    expect(reason).toMatch(/certificate problem: its certificate (chain ends in|is signed by) a CA this seat does not trust \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/);
    expect(reason).toContain('Trusted CA');
    expect(await k.lookup('1012')).toEqual([]);
  });

  it('a seat trusting another CA fails the same way; saving the right CA registers it', async () => {
    const k = rig.kamailio;
    const seat = await open({ servers: [k.wssUrl!], user: '1013', password: k.users['1013']!, profile: { trustedCaPem: otherCa.caPem } });
    const status = await seat.waitForStatus((s) => s.registration.state === 'reconnecting');
    expect(status.registration.state === 'reconnecting' && status.registration.reason).toMatch(/certificate problem/);

    const profile = await seat.call('getProfile', {});
    const { hasPassword: _h, passwordProtection: _p, updatedAt: _u, ...fields } = profile;
    // Both CAs in one setting (a centre rolling its CA over): still trusted.
    await seat.call('saveProfile', { ...fields, trustedCaPem: `${otherCa.caPem}\n${ca.caPem}` });
    await seat.waitForStatus((s) => s.registration.state === 'registered', 15_000);
    expect(await k.lookup('1013')).toHaveLength(1);
  });

  it('the settings refuse a server certificate or a broken PEM as the CA, saying why', async () => {
    const k = rig.kamailio;
    const seat = await open({ servers: [k.wsUrl], user: '1014', password: k.users['1014']! });
    const profile = await seat.call('getProfile', {});
    const { hasPassword: _h, passwordProtection: _p, updatedAt: _u, ...fields } = profile;

    const notCa = await seat.core.dispatch('saveProfile', { ...fields, trustedCaPem: ca.serverCertPem }, 'ui');
    expect(notCa.ok).toBe(false);
    expect(!notCa.ok && notCa.error.issues).toEqual([expect.objectContaining({ path: 'trustedCaPem', code: 'trustedCaPem.notCa' })]);
    expect(!notCa.ok && notCa.error.message).toMatch(/Certificate 1 \(CN=127\.0\.0\.1\) is not a CA certificate/);

    const broken = ca.caPem.replace(/\n([A-Za-z0-9+/]{10})/, '\n!!$1');
    const badShape = await seat.core.dispatch('saveProfile', { ...fields, trustedCaPem: broken }, 'ui');
    expect(!badShape.ok && badShape.error.issues?.[0]).toMatchObject({ path: 'trustedCaPem', code: 'trustedCaPem.format' });

    const garbled = ca.caPem.replace(/\n[A-Za-z0-9+/]{64}\n/, `\n${'A'.repeat(64)}\n`);
    const unreadable = await seat.core.dispatch('saveProfile', { ...fields, trustedCaPem: garbled }, 'ui');
    expect(!unreadable.ok && unreadable.error.issues?.[0]).toMatchObject({ path: 'trustedCaPem', code: 'trustedCaPem.unreadable' });

    const saved = await seat.call('saveProfile', { ...fields, trustedCaPem: ca.caPem });
    expect(saved.trustedCaPem.trim()).toBe(ca.caPem.trim());
  });
});
