/**
 * SIP over WebSocket for SIP.js in plain Node, on the `ws` package (Node 20
 * has no global WebSocket, and the core must not patch globals).
 *
 * Differences from SIP.js's own web transport, all on purpose:
 * - an ORDERED list of servers: each connect walks the list from the top
 *   and stays on the first that opens (so the seat fails over to the next
 *   server, and comes back to the first one at the next reconnect);
 * - WebSocket ping/pong keep-alive: a half-open connection (cable pulled,
 *   NAT dropped) is noticed within `keepAliveIntervalMs + keepAliveTimeoutMs`
 *   instead of at the next REGISTER refresh minutes later;
 * - `probe()` for "did the network come back?" checks.
 *
 * ```
 *  Disconnected ──connect()──▶ Connecting ──a server opened──▶ Connected
 *       ▲                          │ none opened                 │ closed / pong missing
 *       └──────────────────────────┴─────────────────────────────┘ (onDisconnect(error))
 *       ▲                                                        │ disconnect()
 *       └──────────────────────── Disconnecting ◀────────────────┘ (onDisconnect())
 * ```
 */
import WebSocket from 'ws';
import { EmitterImpl, TransportState, type Transport } from 'sip.js';
import { createLogger } from '../../base/log.js';
import { describeCertificateError, tlsCaOption } from '../../base/trusted-ca.js';
import { defaultGuardLimits, guardInbound, type InboundGuardLimits } from './inbound-guard.js';

const log = createLogger('sip-transport');

export interface FailoverTransportOptions {
  readonly servers: readonly string[];
  /** Per server; a refused connection fails at once, a black hole after this. */
  readonly connectTimeoutMs?: number;
  /** 0 turns the keep-alive off. */
  readonly keepAliveIntervalMs?: number;
  readonly keepAliveTimeoutMs?: number;
  /** Sees every message sent (tests count REGISTERs with it). */
  readonly onSend?: (message: string) => void;
  /** Size caps applied before SIP.js parses anything (see inbound-guard.ts). */
  readonly guardLimits?: Partial<InboundGuardLimits>;
  /** Largest WebSocket message accepted; a bigger one closes the connection (1009). */
  readonly maxFrameBytes?: number;
  /** The centre's CA (PEM) trusted for wss:// besides the system roots (main/core/base/trusted-ca.ts). */
  readonly trustedCaPem?: string;
}

/** 1 MiB: far above any real SIP message, far below the 100 MiB `ws` accepts by default. */
export const defaultMaxFrameBytes = 1024 * 1024;

export class FailoverWebSocketTransport implements Transport {
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  private readonly emitter = new EmitterImpl<TransportState>();
  private readonly servers: readonly string[];
  private readonly connectTimeoutMs: number;
  private readonly keepAliveIntervalMs: number;
  private readonly keepAliveTimeoutMs: number;
  private readonly onSend: ((message: string) => void) | undefined;
  private readonly guardLimits: InboundGuardLimits;
  private readonly maxFrameBytes: number;
  private readonly ca: string[] | undefined;
  private _state: TransportState = TransportState.Disconnected;
  private ws: WebSocket | undefined;
  private current: string | null = null;
  private connecting: Promise<void> | undefined;
  private keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  private pongWaiters: Array<() => void> = [];
  private disposed = false;

  constructor(_sipJsLogger: unknown, options: FailoverTransportOptions) {
    if (options.servers.length === 0) throw new Error('no SIP server configured');
    this.servers = [...options.servers];
    this.connectTimeoutMs = options.connectTimeoutMs ?? 4000;
    this.keepAliveIntervalMs = options.keepAliveIntervalMs ?? 15_000;
    this.keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 5000;
    this.onSend = options.onSend;
    this.guardLimits = { ...defaultGuardLimits, ...options.guardLimits };
    this.maxFrameBytes = options.maxFrameBytes ?? defaultMaxFrameBytes;
    this.ca = tlsCaOption(options.trustedCaPem);
  }

  /** Via transport token: WSS for wss:// servers, else WS. */
  get protocol(): string {
    const server = this.current ?? this.servers[0] ?? '';
    return server.startsWith('wss:') ? 'WSS' : 'WS';
  }

  get state(): TransportState {
    return this._state;
  }

  get stateChange(): EmitterImpl<TransportState> {
    return this.emitter;
  }

  /** The server currently connected, or null. */
  get server(): string | null {
    return this._state === TransportState.Connected ? this.current : null;
  }

  isConnected(): boolean {
    return this._state === TransportState.Connected;
  }

  connect(): Promise<void> {
    if (this.disposed) return Promise.reject(new Error('transport disposed'));
    if (this._state === TransportState.Connected) return Promise.resolve();
    if (this.connecting) return this.connecting;
    this.setState(TransportState.Connecting);
    this.connecting = this.walkServers().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async disconnect(): Promise<void> {
    const ws = this.ws;
    if (!ws || this._state === TransportState.Disconnected) return;
    this.setState(TransportState.Disconnecting);
    this.stopKeepAlive();
    this.ws = undefined;
    await closeSocket(ws, 1000);
    this.setState(TransportState.Disconnected);
    this.onDisconnect?.();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.disconnect();
  }

  send(message: string): Promise<void> {
    const ws = this.ws;
    if (this._state !== TransportState.Connected || !ws) return Promise.reject(new Error('Not connected.'));
    this.onSend?.(message);
    return new Promise((resolve, reject) => {
      ws.send(message, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Sends a WebSocket ping; true if the pong came back within `timeoutMs`. */
  probe(timeoutMs: number): Promise<boolean> {
    const ws = this.ws;
    if (!ws || this._state !== TransportState.Connected) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pongWaiters = this.pongWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.pongWaiters.push(done);
      try {
        ws.ping();
      } catch {
        clearTimeout(timer);
        resolve(false);
      }
    });
  }

  private async walkServers(): Promise<void> {
    const failures: string[] = [];
    for (const server of this.servers) {
      if (this.disposed) break;
      try {
        const ws = await openSocket(server, this.connectTimeoutMs, this.maxFrameBytes, this.ca);
        if (this.disposed) {
          ws.terminate();
          break;
        }
        this.adopt(ws, server);
        return;
      } catch (error) {
        const reason = describeCertificateError(error) ?? (error instanceof Error ? error.message : String(error));
        failures.push(`${server}: ${reason}`);
        log.warn(`cannot reach ${server}: ${reason}`);
      }
    }
    this.setState(TransportState.Disconnected);
    throw new Error(`no SIP server reachable (${failures.join('; ') || 'transport disposed'})`);
  }

  private adopt(ws: WebSocket, server: string): void {
    this.ws = ws;
    this.current = server;
    ws.on('message', (data: WebSocket.RawData) => {
      if (this.ws !== ws) return;
      // Nothing from the network may end the process: whatever SIP.js (or
      // the guard) throws on this message is logged and the message dropped.
      try {
        this.receive(ws, server, data);
      } catch (error) {
        log.error(`dropped a message from ${server} that could not be handled`, error);
      }
    });
    ws.on('pong', () => {
      const waiters = this.pongWaiters;
      this.pongWaiters = [];
      for (const w of waiters) w();
    });
    ws.on('close', (code: number) => {
      if (this.ws !== ws) return; // closed on purpose by disconnect()
      this.ws = undefined;
      this.stopKeepAlive();
      this.setState(TransportState.Disconnected);
      log.warn(`connection to ${server} closed (code ${code})`);
      try {
        this.onDisconnect?.(new Error(`connection to ${server} closed (code ${code})`));
      } catch (error) {
        log.error(`handling the closed connection to ${server} failed`, error);
      }
    });
    ws.on('error', (error: Error) => log.warn(`socket error on ${server}: ${error.message}`));
    this.startKeepAlive(ws);
    this.setState(TransportState.Connected);
    log.info(`connected to ${server}`);
    this.onConnect?.();
  }

  /** Text (invalid UTF-8 bytes become U+FFFD), through the guard, then to SIP.js. */
  private receive(ws: WebSocket, server: string, data: WebSocket.RawData): void {
    const text = rawText(data);
    // RFC 7118 keep-alive CRLFs carry no message.
    if (text.trim() === '') return;
    const verdict = guardInbound(text, this.guardLimits);
    switch (verdict.kind) {
      case 'drop':
        log.warn(`dropped a message from ${server}: ${verdict.reason}`);
        return;
      case 'reply':
        log.warn(`answered ${verdict.statusCode} to a request from ${server}: ${verdict.reason}`);
        this.onSend?.(verdict.response);
        ws.send(verdict.response, (error) => {
          if (error) log.warn(`could not send ${verdict.statusCode} to ${server}: ${error.message}`);
        });
        return;
      case 'pass':
        for (const note of verdict.notes) log.warn(`message from ${server}: ${note}`);
        this.onMessage?.(verdict.text);
        return;
      default: {
        const unknown: never = verdict;
        throw new Error(`unknown verdict ${JSON.stringify(unknown)}`);
      }
    }
  }

  private startKeepAlive(ws: WebSocket): void {
    if (this.keepAliveIntervalMs <= 0) return;
    this.keepAliveTimer = setInterval(() => {
      void this.probe(this.keepAliveTimeoutMs).then((alive) => {
        if (!alive && this.ws === ws) {
          log.warn(`no pong from ${this.current} within ${this.keepAliveTimeoutMs} ms; dropping the connection`);
          ws.terminate();
        }
      });
    }, this.keepAliveIntervalMs);
    this.keepAliveTimer.unref?.();
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer !== undefined) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
    const waiters = this.pongWaiters;
    this.pongWaiters = [];
    // Waiters resolve false through their own timers; nothing to do here.
    void waiters;
  }

  private setState(state: TransportState): void {
    if (this._state === state) return;
    this._state = state;
    this.emitter.emit(state);
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function openSocket(server: string, timeoutMs: number, maxPayload: number, ca: string[] | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server, 'sip', {
      handshakeTimeout: timeoutMs,
      perMessageDeflate: false,
      maxPayload,
      // Invalid UTF-8 in a text frame must not close the connection (1007) and
      // lose a call: it is decoded with U+FFFD and judged as SIP by the guard.
      skipUTF8Validation: true,
      ...(ca ? { ca } : {}),
    });
    const fail = (error: Error) => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(error);
    };
    ws.once('open', () => {
      ws.removeAllListeners();
      // Until adopt() adds its own: an 'error' with no listener would throw.
      ws.on('error', () => undefined);
      if (ws.protocol !== 'sip') {
        ws.terminate();
        reject(new Error(`server did not accept the "sip" WebSocket subprotocol`));
        return;
      }
      resolve(ws);
    });
    ws.once('error', (error: Error) => fail(error));
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode} on WebSocket upgrade`)));
  });
}

function closeSocket(ws: WebSocket, code: number): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const timer = setTimeout(() => {
      ws.terminate();
      resolve();
    }, 1000);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      ws.close(code);
    } catch {
      clearTimeout(timer);
      ws.terminate();
      resolve();
    }
  });
}
