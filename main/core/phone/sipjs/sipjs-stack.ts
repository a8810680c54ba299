/**
 * The SipStack (../sip-stack.ts) over SIP.js 0.21: one UserAgent per
 * account, the failover WebSocket transport, one Registerer (replaced when it
 * gets stuck), and the media proxy as session description handler.
 *
 * This stack never reconnects or re-registers on its own initiative beyond
 * the Registerer's refresh timer: the phone's registration controller
 * decides when (backoff, watchdog, system events) and calls `connect()` /
 * `register()`.
 */
import {
  RegistererState,
  RequestPendingError,
  SIPExtension,
  UserAgent,
  UserAgentState,
  Inviter,
  type Transport,
  type Invitation,
  type LogLevel,
  type Session,
} from 'sip.js';
import type { MediaSessionOptions } from '../../../contract/index.js';
import { createLogger } from '../../base/log.js';
import type { MediaPort } from '../media-broker.js';
import { quotedStringContent } from '../sip-display-name.js';
import type { RegisterOutcome, SipAccount, SipStack, SipStackFactory, SipStackListener } from '../sip-stack.js';
import { ObservedRegisterer } from './observed-registerer.js';
import { RemoteSessionDescriptionHandler } from './remote-sdh.js';
import { SipJsIncomingCall, SipJsOutgoingCall, type SipJsCall } from './sipjs-call.js';
import { FailoverWebSocketTransport, type FailoverTransportOptions } from './ws-transport.js';

const log = createLogger('sip-stack');
const sipJsLog = createLogger('sipjs');

export interface SipJsStackOptions {
  readonly media: MediaPort;
  readonly mediaOptions: () => MediaSessionOptions;
  readonly userAgentString?: string;
  /** Transport timings (and a send hook for tests). */
  readonly transport?: Omit<FailoverTransportOptions, 'servers'>;
  /** Refresh the registration at this percentage of the granted expiry (50–99). */
  readonly refreshPercent?: number;
  /**
   * The SIP transport; default the failover WebSocket transport
   * (./ws-transport.ts). The composition root may put another SeatTransport
   * here (the node suite links two user agents in memory this way).
   */
  readonly transportConstructor?: SeatTransportConstructor;
}

/** What the stack needs of its transport, beyond SIP.js's Transport. */
export interface SeatTransport extends Transport {
  /** The server connected to, or null. */
  readonly server: string | null;
  /** Whether the server answers (WebSocket ping) within `timeoutMs`. */
  probe(timeoutMs: number): Promise<boolean>;
}

export type SeatTransportConstructor = new (logger: unknown, options: FailoverTransportOptions) => SeatTransport;

/** How long `close()` waits for the un-REGISTER reply. */
const unregisterWaitMs = 1500;

export function createSipJsStackFactory(options: SipJsStackOptions): SipStackFactory {
  return (account, listener) => createSipJsStack(account, listener, options);
}

export function createSipJsStack(account: SipAccount, listener: SipStackListener, options: SipJsStackOptions): SipStack {
  const uri = UserAgent.makeURI(account.aor);
  if (!uri) throw new Error(`not a SIP URI: ${account.aor}`);
  const calls = new WeakMap<Session, SipJsCall>();
  const pendingRegisters = new Set<(outcome: RegisterOutcome) => void>();
  let closed = false;

  const ua = new UserAgent({
    uri,
    authorizationUsername: account.authUser || uri.user || '',
    authorizationPassword: account.password,
    // SIP.js quotes the display name without escaping it: escape it here.
    displayName: quotedStringContent(account.displayName),
    userAgentString: options.userAgentString ?? 'Hotseat',
    transportConstructor: options.transportConstructor ?? FailoverWebSocketTransport,
    transportOptions: { ...options.transport, servers: account.servers, trustedCaPem: account.trustedCaPem ?? '' } satisfies FailoverTransportOptions,
    // Rejected calls (Not ready, busy) get their final answer without a 180 first;
    // offered calls send 180 themselves (SipIncomingCall.ring).
    sendInitialProvisionalResponse: false,
    // The core stops sessions itself; do not let stop() serially BYE/un-REGISTER over a dead socket.
    gracefulShutdown: false,
    noAnswerTimeout: 120,
    // Attended transfers into this seat: SIP.js matches the Replaces dialog
    // (481 if none) and hangs the replaced call up once the new one is answered.
    sipExtensionReplaces: SIPExtension.Supported,
    logBuiltinEnabled: false,
    logLevel: 'warn',
    logConnector: (level: LogLevel, category: string, _label: string | undefined, content: string) => {
      const line = `${category}: ${content}`;
      if (level === 'error') sipJsLog.error(line);
      else if (level === 'warn') sipJsLog.warn(line);
      else sipJsLog.debug(line);
    },
    sessionDescriptionHandlerFactory: (session: Session) => {
      const call = calls.get(session);
      return new RemoteSessionDescriptionHandler({
        media: options.media,
        sessionId: call?.mediaSessionId || `unbound-${session.id}`,
        options: options.mediaOptions,
        onFailure: (error) => calls.get(session)?.mediaFailed(error),
      });
    },
    delegate: {
      onConnect: () => listener.connected(transport().server ?? account.servers[0] ?? ''),
      onDisconnect: (error?: Error) => {
        settlePendingRegisters({ ok: false, statusCode: 503, reason: 'connection lost' });
        if (error && !closed) listener.disconnected(error.message);
      },
      onInvite: (invitation: Invitation) => {
        if (closed) {
          void invitation.reject({ statusCode: 480 }).catch(() => undefined);
          return;
        }
        const call = new SipJsIncomingCall(invitation);
        calls.set(invitation, call);
        listener.incomingCall(call);
      },
    },
  });

  const transport = () => ua.transport as SeatTransport;

  const makeRegisterer = () =>
    new ObservedRegisterer(
      ua,
      { expires: account.expiresSeconds, refreshFrequency: options.refreshPercent ?? 80, logConfiguration: false },
      (outcome) => {
        if (!closed) listener.refreshed(outcome);
      },
    );
  let registerer = makeRegisterer();

  /** A REGISTER stuck on a dead socket blocks the Registerer: throw it away (timers first). */
  const replaceRegisterer = () => {
    const old = registerer;
    old.stopTimers();
    void old.dispose().catch(() => undefined);
    registerer = makeRegisterer();
    log.info('replaced the Registerer (a REGISTER was still pending)');
  };

  function settlePendingRegisters(outcome: RegisterOutcome): void {
    const waiters = [...pendingRegisters];
    pendingRegisters.clear();
    for (const settle of waiters) settle(outcome);
  }

  const sendRegister = (): Promise<RegisterOutcome> =>
    new Promise<RegisterOutcome>((resolve) => {
      let done = false;
      const settle = (outcome: RegisterOutcome) => {
        if (done) return;
        done = true;
        pendingRegisters.delete(settle);
        resolve(outcome);
      };
      pendingRegisters.add(settle);
      // registerFor: the outcome arrives even when SIP.js retried after a 423 itself.
      registerer.registerFor(settle).catch((error: unknown) => {
        if (error instanceof RequestPendingError) {
          // Checked `waiting` before sending, so this is a race: start over once.
          replaceRegisterer();
          registerer.registerFor(settle).catch((again: unknown) => settle({ ok: false, statusCode: 503, reason: messageOf(again) }));
          return;
        }
        settle({ ok: false, statusCode: 503, reason: messageOf(error) });
      });
    });

  return {
    server: () => transport().server,
    isConnected: () => transport().isConnected(),
    async connect() {
      if (closed) throw new Error('stack closed');
      if (ua.state === UserAgentState.Stopped) await ua.start();
      else await ua.reconnect();
      return transport().server ?? account.servers[0] ?? '';
    },
    async disconnect() {
      await transport().disconnect();
    },
    register() {
      if (closed) return Promise.resolve({ ok: false, statusCode: 503, reason: 'stack closed' });
      if (!transport().isConnected()) return Promise.resolve({ ok: false, statusCode: 503, reason: 'not connected' });
      if (registerer.inFlight) replaceRegisterer();
      return sendRegister();
    },
    probe: (timeoutMs) => transport().probe(timeoutMs),
    dial(target, dialOptions) {
      const targetUri = UserAgent.makeURI(target);
      if (!targetUri) throw new Error(`not a SIP URI: ${target}`);
      const inviter = new Inviter(ua, targetUri, {
        extraHeaders: [...(dialOptions.extraHeaders ?? [])],
        earlyMedia: false,
      });
      const call = new SipJsOutgoingCall(inviter, dialOptions.mediaSessionId);
      calls.set(inviter, call);
      return call;
    },
    async close() {
      if (closed) return;
      closed = true;
      settlePendingRegisters({ ok: false, statusCode: 503, reason: 'stack closed' });
      const current = registerer;
      if (transport().isConnected() && !current.inFlight && current.state === RegistererState.Registered) {
        const answered = new Promise<void>((resolve) => {
          current
            .unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
            .catch((error: unknown) => {
              log.warn(`un-REGISTER not sent: ${messageOf(error)}`);
              resolve();
            });
        });
        await Promise.race([answered, sleep(unregisterWaitMs)]);
      }
      current.stopTimers();
      void current.dispose().catch(() => undefined);
      await ua.stop().catch((error: unknown) => log.warn(`stopping the user agent: ${messageOf(error)}`));
      await transport().dispose().catch(() => undefined);
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
