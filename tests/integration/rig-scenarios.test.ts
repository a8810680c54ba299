/**
 * Every sipp scenario of the rig against a SIP.js 0.21.2 UA in Node, through
 * Kamailio + rtpengine; plus baresip as PSTN gateway, baresip DTMF, 480/404,
 * and Kamailio kill/restart. Proves the scenarios and the rig API work (and
 * that sipp reports failures).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Inviter, SessionState, UserAgent, type Invitation, type Session } from 'sip.js';
import { percentile, processGroupAlive, runSipp, startBaresip, startRig, startSipJsUa, startSipp, type Rig, type SipJsUa } from '../rig';

const metrics: Record<string, number | string> = {};

function waitForState(s: Session, state: SessionState, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.state === state) return resolve();
    const t = setTimeout(() => reject(new Error(`session did not reach ${state} (is ${s.state})`)), timeoutMs);
    s.stateChange.addListener((st) => {
      if (st === state) {
        clearTimeout(t);
        resolve();
      }
    });
  });
}

describe('rig scenarios', () => {
  let rig: Rig;
  let seat: SipJsUa;
  let onInvite: (inv: Invitation) => void = () => undefined;

  beforeAll(async () => {
    rig = await startRig();
    seat = await startSipJsUa({
      wsUrl: rig.kamailio.wsUrl,
      user: '1001',
      password: rig.kamailio.users['1001']!,
      onInvite: (inv) => onInvite(inv),
    });
    rig.defer(() => seat.stop());
    expect((await seat.register()).statusCode).toBe(200);
  });

  afterAll(async () => {
    await rig?.stop();
    console.log('[rig-metrics]', JSON.stringify(metrics));
  });

  it('uac-answered-callee-hangs-up: the seat sends BYE, sipp answers it', async () => {
    onInvite = (inv) => {
      void inv.accept().then(() => setTimeout(() => void inv.bye(), 200));
    };
    const res = await runSipp({ scenario: 'uac-answered-callee-hangs-up', target: rig.kamailio.udpPort, callee: '1001' });
    expect(res.exitCode, res.errors + res.stdout.slice(-1000)).toBe(0);
    expect(res.successful).toBe(1);
  });

  it('uac-rejected: 486 and 603 both pass; a 480 (nobody registered) fails the sipp run', async () => {
    const codes = [486, 603];
    onInvite = (inv) => void inv.reject({ statusCode: codes.shift() ?? 486 });
    const res = await runSipp({ scenario: 'uac-rejected', target: rig.kamailio.udpPort, callee: '1001', calls: 2, rate: 10 });
    expect(res.exitCode, res.errors + res.stdout.slice(-1000)).toBe(0);
    expect(res.successful).toBe(2);

    const notRegistered = await runSipp({ scenario: 'uac-rejected', target: rig.kamailio.udpPort, callee: '1019' });
    expect(notRegistered.exitCode).toBe(1);
    expect(notRegistered.failed).toBe(1);
    expect(notRegistered.errors).toMatch(/480 Temporarily Unavailable/);

    const unknown = await runSipp({ scenario: 'uac-rejected', target: rig.kamailio.udpPort, callee: '5555' });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.errors).toMatch(/404 Not Found/);
  });

  it('uac-info-dtmf: INFO application/dtmf-relay reaches session.delegate.onInfo', async () => {
    const infos: string[] = [];
    onInvite = (inv) => {
      inv.delegate = {
        onInfo: (info) => {
          infos.push(info.request.body ?? '');
          void info.accept();
        },
      };
      void inv.accept();
    };
    const res = await runSipp({ scenario: 'uac-info-dtmf', target: rig.kamailio.udpPort, callee: '1001', dtmf: '7', pauseMs: 200 });
    expect(res.exitCode, res.errors + res.stdout.slice(-1000)).toBe(0);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatch(/Signal=7/);
  });

  it('uac-cancel: the caller hangs up while the seat rings', async () => {
    let inv: Invitation | undefined;
    onInvite = (i) => {
      inv = i;
      void i.progress(); // 180 Ringing
    };
    const res = await runSipp({ scenario: 'uac-cancel', target: rig.kamailio.udpPort, callee: '1001', pauseMs: 300 });
    expect(res.exitCode, res.errors + res.stdout.slice(-1000)).toBe(0);
    expect(inv).toBeDefined();
    await waitForState(inv!, SessionState.Terminated, 2000);
  });

  it('load: 50 calls at 25 cps, unique X-Call-Uid per call, INVITE->200 times', async () => {
    const uids = new Set<string>();
    onInvite = (inv) => {
      uids.add(inv.request.getHeader('X-Call-Uid') ?? '');
      void inv.accept();
    };
    const res = await runSipp({ scenario: 'uac-answered-caller-hangs-up', target: rig.kamailio.udpPort, callee: '1001', calls: 50, rate: 25, pauseMs: 200, timeoutSec: 20 });
    expect(res.exitCode, res.errors + res.stdout.slice(-1000)).toBe(0);
    expect(res.successful).toBe(50);
    expect(uids.size).toBe(50);
    expect(res.rttMs).toHaveLength(50);
    metrics.load50InviteTo200P50Ms = percentile(res.rttMs, 50);
    metrics.load50InviteTo200P95Ms = percentile(res.rttMs, 95);
  });

  it('uas-busy: the seat dials the PSTN prefix and gets 486 from the sipp gateway', async () => {
    const uas = await startSipp({ scenario: 'uas-busy', pauseMs: 50 });
    try {
      await rig.kamailio.setPstnGateway(uas.uri);
      let status = 0;
      const inviter = new Inviter(seat.ua, UserAgent.makeURI('sip:90001@sip.test')!);
      await inviter.invite({ requestDelegate: { onReject: (r) => (status = r.message.statusCode ?? 0) } });
      await waitForState(inviter, SessionState.Terminated, 5000);
      expect(status).toBe(486);
      const res = await uas.done;
      expect(res.exitCode, res.errors + res.stdout.slice(-1000)).toBe(0);
    } finally {
      await uas.stop();
      await rig.kamailio.setPstnGateway('');
    }
  });

  it('baresip as the PSTN gateway answers the seat; baresip DTMF (RFC 4733) reaches another baresip', async () => {
    const k = rig.kamailio;
    const pstn = await startBaresip({ kamailio: k, user: 'pstn', answerMode: 'auto', toneHz: 600 });
    const caller = await startBaresip({ kamailio: k, user: '1015', toneHz: 800 });
    try {
      expect(pstn.registered).toBe(false);
      await k.setPstnGateway(pstn.directUri);
      const inviter = new Inviter(seat.ua, UserAgent.makeURI('sip:912345@sip.test')!);
      await inviter.invite();
      await waitForState(inviter, SessionState.Established, 5000);
      const inc = await pstn.waitForEvent('CALL_ESTABLISHED');
      expect(inc.direction).toBe('incoming');
      await inviter.bye();
      await pstn.waitForEvent('CALL_CLOSED');

      // baresip 1015 -> baresip pstn via the PSTN prefix, with DTMF
      const m = await caller.dial('9777');
      await caller.waitForEvent('CALL_ESTABLISHED', { from: m });
      const pm = pstn.mark();
      await caller.sendDtmf('5#');
      const d1 = await pstn.waitForEvent('CALL_DTMF_START', { from: pm });
      const d2 = await pstn.waitForEvent('CALL_DTMF_START', { from: d1.seq + 1 });
      expect([d1.param, d2.param]).toEqual(['5', '#']);
      await caller.hangup();
      await pstn.waitForEvent('CALL_CLOSED', { from: pm });
    } finally {
      await caller.stop();
      await pstn.stop();
      await k.setPstnGateway('');
    }
  });

  it('the seat calls a registered baresip in manual answer mode: CALL_INCOMING, answer(), hangup()', async () => {
    const b = await startBaresip({ kamailio: rig.kamailio, user: '1016', answerMode: 'manual' });
    try {
      const m = b.mark();
      const inviter = new Inviter(seat.ua, UserAgent.makeURI('sip:1016@sip.test')!);
      await inviter.invite();
      const inc = await b.waitForEvent('CALL_INCOMING', { from: m });
      expect(inc.peeruri).toMatch(/^sip:1001@sip\.test/);
      await b.answer();
      await waitForState(inviter, SessionState.Established, 5000);
      await b.hangup();
      await waitForState(inviter, SessionState.Terminated, 5000);
      const closed = await b.waitForEvent('CALL_CLOSED', { from: m });
      expect(closed.id).toBe(inc.id);
    } finally {
      await b.stop();
    }
  });

  it('REFER in-dialog from the seat reaches baresip (blind transfer to the survey IVR number)', async () => {
    const b = await startBaresip({ kamailio: rig.kamailio, user: '1017', answerMode: 'auto' });
    try {
      const m = b.mark();
      const inviter = new Inviter(seat.ua, UserAgent.makeURI('sip:1017@sip.test')!);
      await inviter.invite();
      await waitForState(inviter, SessionState.Established, 5000);
      let referStatus = 0;
      await inviter.refer(UserAgent.makeURI('sip:1018@sip.test')!, {
        requestDelegate: { onAccept: (r) => (referStatus = r.message.statusCode ?? 0), onReject: (r) => (referStatus = r.message.statusCode ?? 0) },
      });
      const ev = await b.waitForEvent('TRANSFER', { from: m }); // baresip 1.0.0 event name
      expect(ev.param).toMatch(/sip:1018@sip\.test/);
      await vi.waitFor(() => expect(referStatus).toBe(202), { timeout: 3000 });
      if (inviter.state === SessionState.Established) await inviter.bye();
    } finally {
      await b.stop();
    }
  });

  it('Kamailio kill() leaves no process behind; restart() reuses the ports and the seat can register again', async () => {
    const k = rig.kamailio;
    await seat.stop(); // un-REGISTER first: SIP.js does not survive a dead socket quietly
    const oldPid = k.pid;
    const t0 = performance.now();
    await k.kill();
    metrics.kamailioKillMs = Math.round(performance.now() - t0);
    expect(processGroupAlive(oldPid)).toBe(false); // whole group gone (zombies aside)
    await k.restart();
    metrics.kamailioRestartMs = Math.round(k.startMs);
    expect(k.pid).not.toBe(oldPid);
    expect(await k.lookup('1001')).toEqual([]); // in-memory usrloc
    // SIP.js does not reconnect by itself (RIG-NOTES): a fresh UA registers fine
    const ua = await startSipJsUa({ wsUrl: k.wsUrl, user: '1002', password: k.users['1002']! });
    try {
      expect((await ua.register()).statusCode).toBe(200);
    } finally {
      await ua.stop();
    }
  });
});
