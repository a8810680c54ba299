/**
 * SIP.js 0.21.2 in plain Node for rig tests: a WebSocket global from `ws`, a
 * static in-memory SessionDescriptionHandler (no media; the default SIP.js
 * handler needs WebRTC and kills the Node process), and a small registered UA
 * wrapper that collects incoming INVITEs.
 */
import { WebSocket as WsWebSocket } from 'ws';
import {
  type Invitation,
  Registerer,
  RegistererState,
  UserAgent,
  type Session,
  type SessionDescriptionHandler,
  type SessionDescriptionHandlerFactory,
} from 'sip.js';

/** Set globalThis.WebSocket to the `ws` implementation if Node has none (Node 20). */
export function installNodeWebSocket(): void {
  const g = globalThis as { WebSocket?: unknown };
  if (!g.WebSocket) g.WebSocket = WsWebSocket;
}

/** A plain RTP/AVP PCMU SDP (no ICE, no DTLS) — what a "media-less" test UA offers/answers. */
export function staticSdp(opts: { ip?: string; port?: number; sessionId?: number } = {}): string {
  const ip = opts.ip ?? '127.0.0.1';
  const id = opts.sessionId ?? Math.floor(Math.random() * 1e9);
  return [
    'v=0',
    `o=- ${id} 1 IN IP4 ${ip}`,
    's=-',
    `c=IN IP4 ${ip}`,
    't=0 0',
    `m=audio ${opts.port ?? 40000} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

export interface StaticSdh extends SessionDescriptionHandler {
  /** Remote SDPs received (offer or answer), in order. */
  readonly remote: string[];
  /** DTMF tones passed to sendDtmf. */
  readonly dtmfSent: string[];
}

/**
 * SessionDescriptionHandlerFactory whose handlers answer/offer a static SDP and
 * remember what they got. `sdp` may be a function (called per description).
 */
export function staticSdhFactory(sdp: string | ((session: Session) => string) = () => staticSdp()): SessionDescriptionHandlerFactory & { handlers: StaticSdh[] } {
  const handlers: StaticSdh[] = [];
  const make = (session: Session): StaticSdh => {
    const remote: string[] = [];
    const dtmfSent: string[] = [];
    const h: StaticSdh = {
      remote,
      dtmfSent,
      close: () => undefined,
      getDescription: async () => ({ body: typeof sdp === 'function' ? sdp(session) : sdp, contentType: 'application/sdp' }),
      hasDescription: (contentType: string) => contentType === 'application/sdp',
      setDescription: async (s: string) => {
        remote.push(s);
      },
      sendDtmf: (tones: string) => {
        dtmfSent.push(tones);
        return true;
      },
    };
    handlers.push(h);
    return h;
  };
  return Object.assign(make as SessionDescriptionHandlerFactory, { handlers });
}

export interface SipJsUaOptions {
  /** ws://127.0.0.1:PORT (KamailioHandle.wsUrl). */
  wsUrl: string;
  user: string;
  password: string;
  domain?: string;
  /** Registration expiry (s). Default 300. */
  expires?: number;
  /** SIP.js log level. Default 'error'. */
  logLevel?: 'debug' | 'log' | 'warn' | 'error';
  /** Called for each incoming INVITE (after it is recorded in `invitations`). Default: none (it just rings). */
  onInvite?: (inv: Invitation) => void;
}

export interface RegisterOutcome {
  /** Final status code of the REGISTER transaction (after any 401 challenge). */
  statusCode: number;
  reason: string;
  /** ms from register() to the final response. */
  ms: number;
}

export interface SipJsUa {
  readonly ua: UserAgent;
  readonly registerer: Registerer;
  readonly sdh: ReturnType<typeof staticSdhFactory>;
  /** Every incoming INVITE (with arrival time, performance.now()). */
  readonly invitations: Array<{ invitation: Invitation; at: number }>;
  /** Send REGISTER and resolve with the final response. */
  register(): Promise<RegisterOutcome>;
  /** Wait for the n-th (0-based, default: next new) incoming INVITE. */
  waitForInvite(opts?: { index?: number; timeoutMs?: number }): Promise<Invitation>;
  /** Un-REGISTER (if registered), end sessions, stop the UA. Safe to call twice. */
  stop(): Promise<void>;
}

/** Start a SIP.js UA over WebSocket with a static SDP handler. Call register() yourself. */
export async function startSipJsUa(opts: SipJsUaOptions): Promise<SipJsUa> {
  installNodeWebSocket();
  const domain = opts.domain ?? 'sip.test';
  const uri = UserAgent.makeURI(`sip:${opts.user}@${domain}`);
  if (!uri) throw new Error(`bad user ${opts.user}`);
  const invitations: Array<{ invitation: Invitation; at: number }> = [];
  const inviteWaiters = new Set<() => void>();
  const sdh = staticSdhFactory();
  const ua = new UserAgent({
    uri,
    authorizationUsername: opts.user,
    authorizationPassword: opts.password,
    transportOptions: { server: opts.wsUrl },
    sessionDescriptionHandlerFactory: sdh,
    logLevel: opts.logLevel ?? 'error',
    delegate: {
      onInvite(invitation) {
        invitations.push({ invitation, at: performance.now() });
        opts.onInvite?.(invitation);
        for (const w of inviteWaiters) w();
      },
    },
  });
  await ua.start();
  const registerer = new Registerer(ua, { expires: opts.expires ?? 300 });
  let stopped = false;

  return {
    ua,
    registerer,
    sdh,
    invitations,
    register() {
      const t0 = performance.now();
      return new Promise<RegisterOutcome>((resolve, reject) => {
        registerer
          .register({
            requestDelegate: {
              onAccept: (r) => resolve({ statusCode: r.message.statusCode ?? 200, reason: r.message.reasonPhrase ?? '', ms: performance.now() - t0 }),
              onReject: (r) => resolve({ statusCode: r.message.statusCode ?? 0, reason: r.message.reasonPhrase ?? '', ms: performance.now() - t0 }),
            },
          })
          .catch(reject);
      });
    },
    waitForInvite(o = {}) {
      const index = o.index ?? invitations.length;
      const timeoutMs = o.timeoutMs ?? 10000;
      return new Promise<Invitation>((resolve, reject) => {
        const check = () => {
          const e = invitations[index];
          if (e) {
            clearTimeout(timer);
            inviteWaiters.delete(check);
            resolve(e.invitation);
          }
        };
        const timer = setTimeout(() => {
          inviteWaiters.delete(check);
          reject(new Error(`SIP.js UA ${opts.user}: no INVITE #${index} within ${timeoutMs} ms`));
        }, timeoutMs);
        inviteWaiters.add(check);
        check();
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (registerer.state === RegistererState.Registered) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 2000);
          registerer
            .unregister({ requestDelegate: { onAccept: () => (clearTimeout(t), resolve()), onReject: () => (clearTimeout(t), resolve()) } })
            .catch(() => (clearTimeout(t), resolve()));
        });
      }
      await registerer.dispose().catch(() => undefined);
      await ua.stop().catch(() => undefined);
    },
  };
}
