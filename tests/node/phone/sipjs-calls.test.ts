/**
 * The seat's SIP.js stack (sipjs-stack.ts, sipjs-call.ts,
 * observed-registerer.ts) with its real remote SDH, linked in memory to
 * plain SIP.js user agents (./sipjs-support/): registration, calls both
 * ways, answer, reject, CANCEL, hold/resume re-INVITE, INFO DTMF, REFER
 * blind and with Replaces, BYE from each side — in milliseconds, no
 * network. The same flows run against Kamailio in tests/integration.
 */
import { SessionState, type Invitation } from 'sip.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SipCallEnd, SipIncomingCall, SipStack, SipStackListener, RegisterOutcome } from '../../../main/core/phone/sip-stack.js';
import { createSipJsStack } from '../../../main/core/phone/sipjs/sipjs-stack.js';
import { fakeMediaPort, type FakeMediaPort } from './sipjs-support/fake-media-port.js';
import { sessionState, startFarEnd, type FarEnd } from './sipjs-support/far-end.js';
import { MemorySipHub } from './sipjs-support/memory-transport.js';

interface Seat {
  readonly stack: SipStack;
  readonly media: FakeMediaPort;
  readonly incoming: SipIncomingCall[];
  readonly refreshed: RegisterOutcome[];
  readonly disconnected: string[];
  nextIncoming(): Promise<SipIncomingCall>;
}

let hub: MemorySipHub;
const cleanup: Array<() => Promise<unknown>> = [];

beforeEach(() => {
  hub = new MemorySipHub();
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function seat(options: { expires?: number; refreshPercent?: number } = {}): Promise<Seat> {
  const media = fakeMediaPort();
  const incoming: SipIncomingCall[] = [];
  const refreshed: RegisterOutcome[] = [];
  const disconnected: string[] = [];
  const waiters: Array<(call: SipIncomingCall) => void> = [];
  let taken = 0;
  const listener: SipStackListener = {
    connected: () => undefined,
    disconnected: (reason) => disconnected.push(reason),
    refreshed: (outcome) => refreshed.push(outcome),
    incomingCall: (call) => {
      incoming.push(call);
      const waiter = waiters.shift();
      if (waiter) {
        taken++;
        waiter(call);
      }
    },
  };
  const stack = createSipJsStack(
    { servers: ['mem://1001'], aor: 'sip:1001@sip.test', authUser: '', password: 'pw', expiresSeconds: options.expires ?? 300, displayName: '座席' },
    listener,
    { media, mediaOptions: () => ({ iceServers: [], iceGatheringTimeoutMs: 500, microphoneId: '', speakerId: '', dtmfMode: 'rfc4733' }), transportConstructor: hub.transportClass(), ...(options.refreshPercent ? { refreshPercent: options.refreshPercent } : {}) },
  );
  cleanup.push(() => stack.close());
  await stack.connect();
  return {
    stack,
    media,
    incoming,
    refreshed,
    disconnected,
    nextIncoming: () =>
      new Promise((resolve) => {
        if (taken < incoming.length) resolve(incoming[taken++]!);
        else waiters.push(resolve);
      }),
  };
}

async function farEnd(name: string, onInvite?: (invitation: Invitation) => void): Promise<FarEnd> {
  const far = await startFarEnd(hub, name, onInvite);
  cleanup.push(() => far.stop());
  return far;
}

/** Resolves with the call's end facts. */
function ended(call: { listen: SipIncomingCall['listen'] }, extra: { dtmf?: string[]; established?: () => void; progress?: number[] } = {}): Promise<SipCallEnd> {
  return new Promise((resolve) =>
    call.listen({
      progress: (code) => extra.progress?.push(code),
      established: () => extra.established?.(),
      ended: resolve,
      dtmf: (digit) => extra.dtmf?.push(digit),
    }),
  );
}

const until = async (check: () => boolean, what: string, ms = 2000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
};

/** The far end calls the seat; the seat answers. */
async function connectedInbound(s: Seat, far: FarEnd) {
  const inviter = far.inviter('sip:1001@sip.test');
  const outcome = inviter.invite();
  const call = await s.nextIncoming();
  call.setMediaSessionId('c-in');
  const facts = { dtmf: [] as string[] };
  const end = ended(call, facts);
  await outcome;
  await call.accept();
  await sessionState(inviter, SessionState.Established);
  return { inviter, call, end, facts };
}

describe('SIP.js stack in memory: registration', () => {
  it('connects, registers with the granted expiry, and un-registers on close', async () => {
    const s = await seat();
    const t0 = performance.now();
    expect(await s.stack.register()).toEqual({ ok: true, expiresSeconds: 300 });
    expect(performance.now() - t0).toBeLessThan(200);
    expect(s.stack.server()).toBe('mem://1001');
    await s.stack.close();
    const registers = hub.sentBy('1001', 'REGISTER');
    expect(registers).toHaveLength(2);
    expect(registers[1]!.text).toMatch(/expires=0|Expires: 0/i);
  });

  it('reports a rejected REGISTER with its status and Retry-After', async () => {
    hub.registrar = () => ({ statusCode: 503, reason: 'Service Unavailable', headers: ['Retry-After: 30'] });
    const s = await seat();
    expect(await s.stack.register()).toEqual({ ok: false, statusCode: 503, reason: '503 Service Unavailable', retryAfterSeconds: 30 });
  });

  it('the Registerer’s own refresh is observed (observed-registerer)', async () => {
    hub.registrar = (request) => ({ statusCode: 200, reason: 'OK', headers: [`Contact: ${/^Contact: (.*)$/m.exec(request)?.[1]};expires=1`] });
    const s = await seat({ expires: 1, refreshPercent: 50 });
    expect(await s.stack.register()).toEqual({ ok: true, expiresSeconds: 1 });
    await until(() => s.refreshed.length > 0, 'a refresh', 3000);
    expect(s.refreshed[0]).toEqual({ ok: true, expiresSeconds: 1 });
  });

  it('a dropped connection is reported; register() then answers 503 without sending', async () => {
    const s = await seat();
    await s.stack.register();
    hub.drop('1001');
    await until(() => s.disconnected.length > 0, 'the disconnect');
    expect(s.stack.isConnected()).toBe(false);
    expect(await s.stack.register()).toMatchObject({ ok: false, statusCode: 503 });
    await s.stack.connect();
    expect(await s.stack.register()).toMatchObject({ ok: true });
  });
});

describe('SIP.js stack in memory: calls', () => {
  it('inbound: 180, answer through the remote SDH, caller hangs up', async () => {
    const s = await seat();
    const far = await farEnd('2002');
    const inviter = far.inviter('sip:1001@sip.test', ['X-Call-Uid: CTR-9']);
    void inviter.invite();
    const call = await s.nextIncoming();
    expect(call.headers('x-call-uid')).toEqual(['CTR-9']);
    call.setMediaSessionId('c-in');
    const end = ended(call);
    await call.ring();
    await call.accept();
    await sessionState(inviter, SessionState.Established);
    expect(hub.sentBy('1001').map((l) => l.statusCode).filter(Boolean)).toEqual([100, 180, 200]);
    // The offer went to the media engine, the answer came from it.
    expect(s.media.requests.map((r) => r.method)).toEqual(['createSession', 'setDescription', 'getDescription']);
    expect(s.media.requests[0]!.params.sessionId).toBe('c-in');
    expect(far.sdh.handlers[0]!.remote[0]).toContain('m=audio 41000');
    await inviter.bye();
    expect(await end).toMatchObject({ signal: 'bye-received', established: true, mediaFailed: false });
    await until(() => s.media.requests.some((r) => r.method === 'closeSession'), 'closeSession');
  });

  it('inbound rejected with 486; cancelled by the caller', async () => {
    const s = await seat();
    const far = await farEnd('2002');
    const rejected: number[] = [];
    const inviter = far.inviter('sip:1001@sip.test');
    void inviter.invite({ requestDelegate: { onReject: (r) => rejected.push(r.message.statusCode!) } });
    const call = await s.nextIncoming();
    const end = ended(call);
    await call.reject(486);
    expect(await end).toEqual({ signal: 'reject-sent', statusCode: 486, established: false, mediaFailed: false, detail: 'rejected with 486' });
    await until(() => rejected.length > 0, 'the 486');
    expect(rejected).toEqual([486]);
    // The media engine never heard of it.
    expect(s.media.requests).toEqual([]);

    const second = far.inviter('sip:1001@sip.test');
    void second.invite();
    const ringing = await s.nextIncoming();
    const cancelled = ended(ringing);
    await ringing.ring();
    await until(() => hub.sentBy('1001').some((l) => l.statusCode === 180 && l.text.includes(second.request.callId)), 'the 180');
    await second.cancel();
    expect(await cancelled).toMatchObject({ signal: 'cancel-received', statusCode: 487, established: false });
  });

  it('answering when the media engine fails ends the call as a media failure', async () => {
    const s = await seat();
    const far = await farEnd('2002');
    s.media.failing = 'getDescription';
    const inviter = far.inviter('sip:1001@sip.test');
    void inviter.invite();
    const call = await s.nextIncoming();
    call.setMediaSessionId('c-in');
    const end = ended(call);
    await expect(call.accept()).rejects.toThrow();
    expect(await end).toMatchObject({ signal: null, mediaFailed: true, established: false });
  });

  it('outbound: 180, answered, the seat hangs up (BYE); a busy callee; the seat cancels', async () => {
    const s = await seat();
    // SIP.js answers 100 and 180 by itself.
    const far = await farEnd('2002');
    const progress: number[] = [];
    let established = false;
    const call = s.stack.dial('sip:2002@sip.test', { mediaSessionId: 'c-out' });
    const end = ended(call, { progress, established: () => (established = true) });
    await call.start();
    const invitation = await far.nextInvite();
    await invitation.accept();
    await until(() => established, 'established');
    expect(progress).toEqual([180]);
    expect(invitation.request.body).toContain('m=audio 41000');
    await call.hangup();
    expect(await end).toMatchObject({ signal: 'bye-sent', established: true });
    await sessionState(invitation, SessionState.Terminated);

    const busy = s.stack.dial('sip:2002@sip.test', { mediaSessionId: 'c-busy' });
    const busyEnd = ended(busy);
    await busy.start();
    await (await far.nextInvite()).reject({ statusCode: 486 });
    expect(await busyEnd).toMatchObject({ signal: 'reject-received', statusCode: 486, established: false });

    const cancelled = s.stack.dial('sip:2002@sip.test', { mediaSessionId: 'c-cancel' });
    const cancelEnd = ended(cancelled);
    await cancelled.start();
    await far.nextInvite();
    await until(() => hub.sentBy('2002').some((l) => l.statusCode === 180 && l.text.includes(cancelled.sipCallId)), 'the 180');
    await cancelled.hangup();
    expect(await cancelEnd).toMatchObject({ signal: 'cancel-sent', statusCode: 487 });
    // Nobody there: 404 from the hub.
    const nobody = s.stack.dial('sip:9999@sip.test', { mediaSessionId: 'c-404' });
    const nobodyEnd = ended(nobody);
    await nobody.start();
    expect(await nobodyEnd).toMatchObject({ signal: 'reject-received', statusCode: 404 });
  });

  it('hold and resume are re-INVITEs with the hold flag to the media engine; the far end sees them', async () => {
    const s = await seat();
    const far = await farEnd('2002');
    const { call } = await connectedInbound(s, far);
    const mark = s.media.requests.length;
    await call.hold(true);
    await call.hold(false);
    const reinvites = hub.sentBy('1001', 'INVITE');
    expect(reinvites).toHaveLength(2);
    const descriptions = s.media.requests.slice(mark).filter((r) => r.method === 'getDescription');
    expect(descriptions.map((r) => r.params.hold)).toEqual([true, false]);
  });

  it('mute and RFC 4733 DTMF go to the media engine; INFO DTMF is sent as dtmf-relay', async () => {
    const s = await seat();
    const far = await farEnd('2002');
    const infos: string[] = [];
    const { inviter, call } = await connectedInbound(s, far);
    inviter.delegate = {
      onInfo: (info) => {
        infos.push(info.request.body ?? '');
        void info.accept();
      },
    };
    await call.setMuted(true);
    expect(s.media.requests.at(-1)).toEqual({ method: 'setMuted', params: { sessionId: 'c-in', muted: true } });
    expect(call.sendDtmfRfc4733('12#')).toBe(true);
    await until(() => s.media.requests.some((r) => r.method === 'sendDtmf'), 'sendDtmf');
    await call.sendDtmfInfo('5', 160);
    expect(infos).toEqual(['Signal=5\r\nDuration=160\r\n']);
  });

  it('INFO received: every DTMF body variant is answered 200 and its digit reported; other bodies 415', async () => {
    const s = await seat();
    const far = await farEnd('2002');
    const { inviter, facts } = await connectedInbound(s, far);
    const send = (contentType: string | null, content: string) =>
      new Promise<number>((resolve) => {
        void inviter.info({
          requestDelegate: { onAccept: (r) => resolve(r.message.statusCode!), onReject: (r) => resolve(r.message.statusCode!) },
          ...(contentType ? { requestOptions: { body: { contentDisposition: 'render', contentType, content } } } : {}),
        });
      });
    expect(await send('application/dtmf-relay', 'Signal=1\r\nDuration=160\r\n')).toBe(200);
    expect(await send('application/dtmf-relay', 'Duration=100\r\nSignal=*\r\n')).toBe(200);
    expect(await send('application/dtmf-relay', 'signal = #')).toBe(200);
    expect(await send('Application/DTMF-Relay', '  SIGNAL=b  \n')).toBe(200);
    expect(await send('application/dtmf', '7')).toBe(200);
    expect(await send('application/dtmf', '11')).toBe(200);
    expect(await send('application/dtmf-relay', 'Duration=100')).toBe(200);
    expect(await send('text/plain', 'hello')).toBe(415);
    expect(await send(null, '')).toBe(200);
    expect(facts.dtmf).toEqual(['1', '*', '#', 'B', '7', '#']);
  });

  it('blind transfer: REFER accepted (202) is done', async () => {
    const s = await seat();
    const far = await farEnd('2002');
    const { inviter, call } = await connectedInbound(s, far);
    let referTo = '';
    inviter.delegate = {
      onRefer: (referral) => {
        referTo = referral.referTo.uri.toString();
        void referral.accept();
      },
    };
    expect(await call.referBlind('sip:3003@sip.test')).toEqual({ ok: true });
    expect(referTo).toBe('sip:3003@sip.test');
    inviter.delegate = { onRefer: (referral) => void referral.reject({ statusCode: 603 }) };
    expect(await call.referBlind('sip:3004@sip.test')).toEqual({ ok: false, reason: 'REFER rejected: 603 Decline' });
  });

  it('attended transfer: REFER with Replaces names the consult dialog; the transferee replaces it and hangs up on the seat', async () => {
    const s = await seat();
    const caller = await farEnd('2002');
    const target = await farEnd('3003');
    const { inviter, call, end } = await connectedInbound(s, caller);
    const consult = s.stack.dial('sip:3003@sip.test', { mediaSessionId: 'c-consult' });
    let consultUp = false;
    const consultEnd = ended(consult, { established: () => (consultUp = true) });
    await consult.start();
    await (await target.nextInvite()).accept();
    await until(() => consultUp, 'the consult leg');

    // The target takes the replacing call.
    void target.nextInvite().then((replacing) => replacing.accept());
    inviter.delegate = {
      onRefer: (referral) => {
        void referral.accept().then(async () => {
          // The transferee calls the target with Replaces, then leaves the seat.
          const replacing = referral.makeInviter();
          await replacing.invite();
          await sessionState(replacing, SessionState.Established);
          await inviter.bye();
        });
      },
    };
    const outcome = await call.referAttended(consult);
    expect(outcome).toEqual({ ok: true });
    const refer = hub.sentBy('1001', 'REFER')[0]!;
    expect(refer.text).toMatch(/Refer-To: .*sip:3003@sip\.test\?Replaces=/);
    expect(decodeURIComponent(refer.text)).toContain(consult.sipCallId);
    const replacing = target.invitations[1]!;
    expect(replacing.request.getHeader('Replaces')).toContain(consult.sipCallId);
    // The target hangs up the replaced consult leg itself (SIP.js does on Replaces).
    expect(await consultEnd).toMatchObject({ signal: 'bye-received', established: true });
    expect(await end).toMatchObject({ signal: 'bye-received', established: true });
  });

  it('BYE from each side ends the call for both', async () => {
    const s = await seat();
    const far = await farEnd('2002');
    const first = await connectedInbound(s, far);
    await first.call.hangup();
    expect(await first.end).toMatchObject({ signal: 'bye-sent' });
    await sessionState(first.inviter, SessionState.Terminated);
    const second = await connectedInbound(s, far);
    await second.inviter.bye();
    expect(await second.end).toMatchObject({ signal: 'bye-received' });
  });
});
