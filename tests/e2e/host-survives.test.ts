/**
 * The BUILT browser-mode host (`out/web/host.cjs`, what `npm run start:web`
 * runs) against a SIP "proxy" the test controls:
 *
 * - the messages that used to end it (exit 1) — a request whose Request-URI
 *   is tel:, responses whose CSeq does not parse — are answered or dropped,
 *   and the host stays up and registered;
 * - an exception nothing catches (thrown by a test-only preload) restarts
 *   the core: the process lives on, the page in Chromium reconnects by
 *   itself, and the seat registers again.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SeatStatus } from '../../main/contract/index.js';
import { startFakeSipProxy, statusOf, type FakeSipProxy } from '../node/phone/support/fake-sip-proxy.js';
import { validProfile } from '../node/support/valid-profile.js';
import { launchChromium, type ChromiumParty } from './support/chromium.js';
import { connectContract, type ContractClient } from './support/contract-client.js';
import { repoRoot, startWebHostProcess, type WebHostProcess } from './support/web-host-process.js';

let host: WebHostProcess | undefined;
let proxy: FakeSipProxy | undefined;
let browser: ChromiumParty | undefined;
const clients: ContractClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await browser?.close();
  browser = undefined;
  await host?.stop({ removeData: true });
  await proxy?.close();
  host = undefined;
  proxy = undefined;
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function registeredHost(env: Record<string, string> = {}): Promise<{ host: WebHostProcess; proxy: FakeSipProxy; ui: ContractClient }> {
  proxy = await startFakeSipProxy();
  host = await startWebHostProcess({ env });
  const ui = await connectContract(host);
  clients.push(ui);
  await ui.call('saveProfile', { ...validProfile, agentNumber: '1001', sipServers: [proxy.url], sipUri: 'sip:1001@sip.test', password: 'pw1001', kbSourceUrl: '' });
  await ui.waitForEvent<SeatStatus>('statusChanged', (s) => s.registration.state === 'registered', { timeoutMs: 15_000 });
  return { host, proxy, ui };
}

const killers = [
  ['OPTIONS tel:+861012345678 SIP/2.0', 'Via: SIP/2.0/WS 192.0.2.9;branch=z9hG4bKtel1', 'To: <tel:+861012345678>', 'From: <sip:p@example.net>;tag=1', 'Call-ID: tel1@x', 'CSeq: 1 OPTIONS', 'Max-Forwards: 70', 'Content-Length: 0', '', ''],
  ...['abc INVITE', '1', '-1 INVITE'].map((cseq, i) => [
    'SIP/2.0 200 OK',
    `Via: SIP/2.0/WS seat.invalid;branch=z9hG4bKcseq${i}`,
    'To: <sip:1001@sip.test>;tag=x',
    'From: <sip:1001@sip.test>;tag=y',
    `Call-ID: cseq${i}@x`,
    `CSeq: ${cseq}`,
    'Content-Length: 0',
    '',
    '',
  ]),
].map((lines) => lines.join('\r\n'));

describe('the browser-mode host survives', () => {
  it('a tel: Request-URI and unparseable CSeqs: answered 416 or dropped, still up and registered', async () => {
    const { host: h, proxy: p, ui } = await registeredHost();
    const from = p.received.length;
    for (const message of killers) p.send(message);
    const answer = await p.waitFor((t) => statusOf(t) === 416, { from });
    expect(answer).toContain('Call-ID: tel1@x');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(alive(h.pid)).toBe(true);
    expect(p.connections()).toBe(1);
    await expect(ui.call('getStatus', {})).resolves.toMatchObject({ registration: { state: 'registered' } });
  });

  it('an unhandled rejection is logged and the seat keeps running on the same core', async () => {
    const preload = join(repoRoot, 'tests/e2e/support/crash-on-signal.cjs');
    const { host: h, proxy: p, ui } = await registeredHost({ NODE_OPTIONS: `--require ${preload}` });
    process.kill(h.pid, 'SIGHUP');
    const deadline = Date.now() + 5000;
    while (!h.output().includes('simulated rejection') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.output()).toContain('unhandled rejection (the seat keeps running)');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(alive(h.pid)).toBe(true);
    expect(p.connections()).toBe(1);
    expect(h.output()).not.toContain('core restarted');
    await expect(ui.call('getStatus', {})).resolves.toMatchObject({ registration: { state: 'registered' } });
  });

  it('an uncaught exception: the core is restarted, the page reconnects and the seat registers again', async () => {
    const preload = join(repoRoot, 'tests/e2e/support/crash-on-signal.cjs');
    const { host: h, proxy: p } = await registeredHost({ NODE_OPTIONS: `--require ${preload}` });
    // The seat's own page in Chromium, registered before the crash.
    browser = await launchChromium();
    const { page } = browser;
    await page.goto(h.url);
    await expect.poll(() => page.getByTestId('registration-state').textContent(), { timeout: 10_000 }).toContain('已注册');
    const sawDisconnect = page.getByTestId('connection-state').waitFor({ timeout: 15_000 });
    process.kill(h.pid, 'SIGUSR2');
    // The page notices the restart (its socket closed) and comes back by itself, registered.
    await sawDisconnect;
    await page.getByTestId('connection-state').waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => page.getByTestId('registration-state').textContent(), { timeout: 15_000 }).toContain('已注册');
    // The old core un-REGISTERs as it closes; the new one connects again and registers by itself.
    const deadline = Date.now() + 15_000;
    while (p.connections() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(p.connections()).toBe(2);
    const from = p.received.findIndex((m) => m.text.startsWith('REGISTER ') && / expires=0|Expires: 0/i.test(m.text)) + 1;
    const again = await p.waitFor((t) => t.startsWith('REGISTER ') && !/expires=0\b|Expires: 0\b/i.test(t), { from, timeoutMs: 15_000 });
    expect(again).toContain('sip:1001@sip.test');
    expect(alive(h.pid)).toBe(true);
    expect(h.output()).toContain('simulated crash (test preload)');
    expect(h.output()).toContain('core restarted');
    // A page connecting with the same address reaches the new core.
    const contract = await connectContract(h);
    clients.push(contract);
    await expect(contract.call('getStatus', {})).resolves.toMatchObject({ registration: { state: expect.stringMatching(/registering|registered/) } });
  });
});
