/**
 * Smoke test of the real-peer SIP rig: Kamailio + rtpengine + sipp + baresip +
 * SIP.js 0.21.2 in Node. Everything binds 127.0.0.1; every process is stopped
 * in afterAll/finally blocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inviter, SessionState, UserAgent, type Invitation, type Session } from 'sip.js';
import { dominantFrequency, rms, startBaresip, startRig, startSipJsUa, startSipp, runSipp, toneLevel, type Rig, type SipJsUa } from '../rig';

const metrics: Record<string, number | string> = {};
const round = (n: number) => Math.round(n * 10) / 10;

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rig smoke: real Kamailio, rtpengine, sipp, baresip, SIP.js', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig();
    metrics.rtpengineStartMs = round(rig.timings.rtpengineStartMs);
    metrics.kamailioStartMs = round(rig.timings.kamailioStartMs);
  });

  afterAll(async () => {
    await rig?.stop();
    console.log('[rig-metrics]', JSON.stringify(metrics));
  });

  it('(a) SIP.js registers over WebSocket with digest auth; lookup() shows it; wrong password gets 403', async () => {
    const k = rig.kamailio;
    const ua = await startSipJsUa({ wsUrl: k.wsUrl, user: '1001', password: k.users['1001']! });
    const bad = await startSipJsUa({ wsUrl: k.wsUrl, user: '1002', password: 'wrong-password' });
    const unknown = await startSipJsUa({ wsUrl: k.wsUrl, user: '4242', password: 'x' });
    try {
      const ok = await ua.register();
      expect(ok.statusCode).toBe(200);
      metrics.sipjsRegisterMs = round(ok.ms);

      const contacts = await k.lookup('1001');
      expect(contacts).toHaveLength(1);
      expect(contacts[0]!.address).toMatch(/transport=ws/);
      expect(contacts[0]!.userAgent).toMatch(/SIP\.js/);
      expect(contacts[0]!.received).toMatch(/^sip:127\.0\.0\.1:\d+;transport=ws$/); // fix_nated_register

      const registersBefore = (k.logs().match(/REQ REGISTER sip:sip\.test/g) ?? []).length;
      const rej = await bad.register();
      expect(rej.statusCode).toBe(403);
      // Kamailio's log reaches us through a pipe, possibly after the reply did:
      // wait for both REGISTERs to show, then a little longer for any third.
      const registersSince = () => (k.logs().match(/REQ REGISTER sip:sip\.test/g) ?? []).length - registersBefore;
      for (const deadline = Date.now() + 2000; registersSince() < 2 && Date.now() < deadline; ) await sleep(20);
      await sleep(300);
      expect(registersSince()).toBe(2); // challenge + one answer, no 401 loop
      expect(await k.lookup('1002')).toEqual([]);

      expect((await unknown.register()).statusCode).toBe(403);

      // re-REGISTER keeps one contact per AoR
      expect((await ua.register()).statusCode).toBe(200);
      expect(await k.lookup('sip:1001@sip.test')).toHaveLength(1);
    } finally {
      await ua.stop();
      await bad.stop();
      await unknown.stop();
    }
    expect(await k.lookup('1001')).toEqual([]); // un-REGISTER worked
  });

  it('(b) a sipp call through Kamailio+rtpengine into the SIP.js UA is answered, caller hangs up, headers relayed', async () => {
    const k = rig.kamailio;
    const seen: Array<{ uid?: string; headers: Record<string, string | undefined>; sdp: string; at: number }> = [];
    const ua: SipJsUa = await startSipJsUa({
      wsUrl: k.wsUrl,
      user: '1003',
      password: k.users['1003']!,
      onInvite: (inv: Invitation) => {
        const h = (n: string) => inv.request.getHeader(n);
        seen.push({
          uid: h('X-Call-Uid'),
          headers: { queue: h('X-Queue'), callInfo: h('Call-Info'), alertInfo: h('Alert-Info'), answerMode: h('Answer-Mode'), pai: h('P-Asserted-Identity') },
          sdp: inv.request.body ?? '',
          at: performance.now(),
        });
        void inv.accept();
      },
    });
    try {
      expect((await ua.register()).statusCode).toBe(200);
      const t0 = performance.now();
      const res = await runSipp({
        scenario: 'uac-answered-caller-hangs-up',
        target: k.udpPort,
        callee: '1003',
        caller: '02887654321',
        pauseMs: 300,
        headers: {
          'X-Queue': 'health-12320',
          'Call-Info': '<sip:centre.test>;answer-after=0',
          'Alert-Info': '<http://centre.test/ring>;info=alert-autoanswer',
          'Answer-Mode': 'Auto',
          'P-Asserted-Identity': '<sip:+8613800138000@centre.test>',
        },
      });
      expect(res.exitCode, `${res.command}\n${res.stdout.slice(-1500)}\n${res.errors}`).toBe(0);
      expect(res.successful).toBe(1);
      expect(res.failed).toBe(0);
      expect(res.rttMs).toHaveLength(1);
      metrics.sippInviteTo200Ms = res.rttMs[0]!;
      metrics.sippToOnInviteMs = round(seen[0]!.at - t0); // includes sipp process start

      expect(seen).toHaveLength(1);
      expect(seen[0]!.uid).toBe(`${res.uidPrefix}1`);
      expect(seen[0]!.headers).toEqual({
        queue: 'health-12320',
        callInfo: '<sip:centre.test>;answer-after=0',
        alertInfo: '<http://centre.test/ring>;info=alert-autoanswer',
        answerMode: 'Auto',
        pai: '<sip:+8613800138000@centre.test>',
      });
      // rtpengine turned sipp's plain RTP/AVP offer into a WebRTC offer for the WS leg
      expect(seen[0]!.sdp).toMatch(/m=audio \d+ UDP\/TLS\/RTP\/SAVPF /);
      expect(seen[0]!.sdp).toMatch(/a=ice-ufrag:/);
      expect(seen[0]!.sdp).toMatch(/a=fingerprint:/);
      // the caller's BYE reached the UA
      const inv = ua.invitations[0]!.invitation;
      await waitForState(inv, SessionState.Terminated, 3000);
    } finally {
      await ua.stop();
    }
  });

  it('(c) baresip A calls baresip B through Kamailio+rtpengine; each hears the other one\'s tone', async () => {
    const k = rig.kamailio;
    const a = await startBaresip({ kamailio: k, user: '1010', toneHz: 1000 });
    const b = await startBaresip({ kamailio: k, user: '1011', toneHz: 440, answerMode: 'auto' });
    try {
      metrics.baresipStartRegisteredMs = round(Math.max(a.startMs, b.startMs));
      const t0 = performance.now();
      const mark = await a.dial('1011');
      const est = await a.waitForEvent('CALL_ESTABLISHED', { from: mark });
      metrics.baresipCallSetupMs = round(performance.now() - t0);
      await b.waitForEvent('CALL_ESTABLISHED');
      // media relayed by rtpengine: the call is known there
      const list = (await rig.rtpengine!.ng({ command: 'list' })) as { calls?: string[] };
      expect(list.calls ?? []).toContain(est.id);
      await new Promise((r) => setTimeout(r, 2000));
      await a.hangup();
      await a.waitForEvent('CALL_CLOSED', { from: mark });
      await b.waitForEvent('CALL_CLOSED');

      const heardByA = a.lastHeardWav();
      const heardByB = b.lastHeardWav();
      expect(heardByA && heardByB).toBeTruthy();
      const fa = dominantFrequency(heardByA!);
      const fb = dominantFrequency(heardByB!);
      metrics.aHeardHz = round(fa);
      metrics.bHeardHz = round(fb);
      expect(Math.abs(fa - 440)).toBeLessThan(10);
      expect(Math.abs(fb - 1000)).toBeLessThan(10);
      expect(toneLevel(heardByA!, 440)).toBeGreaterThan(0.2);
      expect(toneLevel(heardByA!, 1000)).toBeLessThan(0.02);
      expect(toneLevel(heardByB!, 1000)).toBeGreaterThan(0.2);
      expect(toneLevel(heardByB!, 440)).toBeLessThan(0.02);
      expect(rms(heardByB!)).toBeGreaterThan(0.1);
    } finally {
      await a.stop();
      await b.stop();
    }
    expect(await k.lookup('1010')).toEqual([]);
    expect(await k.lookup('1011')).toEqual([]);
  });

  it('(d) a PSTN-prefix number dialled from the SIP.js UA reaches a sipp UAS (the "PSTN gateway")', async () => {
    const k = rig.kamailio;
    const uas = await startSipp({ scenario: 'uas-answer', calls: 1, pauseMs: 100 });
    const ua = await startSipJsUa({ wsUrl: k.wsUrl, user: '1004', password: k.users['1004']! });
    try {
      await k.setPstnGateway(uas.uri);
      expect((await ua.register()).statusCode).toBe(200);
      const target = UserAgent.makeURI(`sip:${k.pstnPrefix}95598@${k.domain}`)!;
      const inviter = new Inviter(ua.ua, target, { extraHeaders: ['X-Call-Uid: seat-out-1'] });
      const t0 = performance.now();
      await inviter.invite();
      await waitForState(inviter, SessionState.Established, 5000);
      metrics.seatToPstnEstablishedMs = round(performance.now() - t0); // includes the UAS's 100 ms ring
      await inviter.bye();
      await waitForState(inviter, SessionState.Terminated, 3000);
      const res = await uas.done;
      expect(res.exitCode, `${res.stdout.slice(-1500)}\n${res.errors}`).toBe(0);
      expect(res.successful).toBe(1);
    } finally {
      await ua.stop();
      await uas.stop();
      await k.setPstnGateway('');
    }
  });
});
