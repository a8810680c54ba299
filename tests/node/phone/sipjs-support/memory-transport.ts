/**
 * SIP.js user agents linked in memory, the way the SIP.js project tests
 * itself: every UA gets a Transport whose `send` hands the text to a hub,
 * which delivers it to the other UA's `onMessage` on the next turn of the
 * event loop. The hub is a minimal proxy and registrar:
 *
 * - REGISTER is answered by the hub (200 with the requested expiry, or
 *   whatever `registrar` returns: 401, 403, 503, …);
 * - other requests go to the UA whose name (`mem://NAME`, the server URL it
 *   was given) or Contact user matches the Request-URI user;
 * - responses go back to the UA that sent the request (by Via branch).
 *
 * No Via or Record-Route is added, so SIP.js sees its own Via come back,
 * exactly as through a stateless proxy.
 */
import { EmitterImpl, TransportState } from 'sip.js';
import type { SeatTransport, SeatTransportConstructor } from '../../../../main/core/phone/sipjs/sipjs-stack.js';

export interface SipLine {
  readonly from: string;
  readonly to: string;
  /** `INVITE sip:…` or `SIP/2.0 200 OK`. */
  readonly firstLine: string;
  readonly method: string | null;
  readonly statusCode: number | null;
  readonly text: string;
}

export interface RegistrarReply {
  readonly statusCode: number;
  readonly reason: string;
  readonly headers?: readonly string[];
}

function header(text: string, name: string): string | null {
  const re = new RegExp(`^(?:${name}):\\s*(.*)$`, 'im');
  return re.exec(text.split('\r\n\r\n')[0] ?? '')?.[1]?.trim() ?? null;
}

function headers(text: string, name: string): string[] {
  const head = text.split('\r\n\r\n')[0] ?? '';
  return [...head.matchAll(new RegExp(`^(?:${name}):\\s*(.*)$`, 'gim'))].map((m) => m[1]!.trim());
}

function userOf(uri: string | null): string | null {
  return /sips?:([^@;>]+)@/.exec(uri ?? '')?.[1] ?? null;
}

export class MemorySipHub {
  /** Every message that went through, in order. */
  readonly lines: SipLine[] = [];
  /** Answers REGISTERs; default 200 OK with the requested expiry. */
  registrar: (request: string) => RegistrarReply | null = (request) => {
    const expires = /expires=(\d+)/i.exec(header(request, 'Contact|m') ?? '')?.[1] ?? header(request, 'Expires') ?? '600';
    return { statusCode: 200, reason: 'OK', headers: [`Contact: ${header(request, 'Contact|m') ?? ''};expires=${expires}`] };
  };
  /** Names (mem://NAME) that refuse connections. */
  readonly unreachable = new Set<string>();
  private readonly attached = new Map<string, MemoryTransport>();
  private readonly contacts = new Map<string, MemoryTransport>();
  private readonly branches = new Map<string, MemoryTransport>();

  /** The Transport class SIP.js (or the seat's stack) constructs. */
  transportClass(): SeatTransportConstructor {
    return transportClassFor(this);
  }

  /** The hub drops the connection of NAME (as if the server went away). */
  drop(name: string): void {
    this.attached.get(name)?.lost(new Error('connection closed (code 1006)'));
  }

  /** Messages sent by `from` (a name), optionally of one method. */
  sentBy(from: string, method?: string): SipLine[] {
    return this.lines.filter((l) => l.from === from && (method === undefined || l.method === method));
  }

  attach(name: string, transport: MemoryTransport): boolean {
    if (this.unreachable.has(name)) return false;
    this.attached.set(name, transport);
    return true;
  }

  detach(name: string, transport: MemoryTransport): void {
    if (this.attached.get(name) === transport) this.attached.delete(name);
    for (const [user, t] of this.contacts) if (t === transport) this.contacts.delete(user);
  }

  route(sender: MemoryTransport, text: string): void {
    const firstLine = text.slice(0, text.indexOf('\r\n'));
    const response = /^SIP\/2\.0 (\d{3})/.exec(firstLine);
    const method = response ? null : (firstLine.split(' ')[0] ?? null);
    const contactUser = userOf(header(text, 'Contact|m'));
    if (contactUser) this.contacts.set(contactUser, sender);
    let target: MemoryTransport | undefined;
    if (response) {
      const branch = /branch=([^;,\s]+)/.exec(header(text, 'Via|v') ?? '')?.[1];
      target = branch ? this.branches.get(branch) : undefined;
    } else {
      const branch = /branch=([^;,\s]+)/.exec(header(text, 'Via|v') ?? '')?.[1];
      if (branch) this.branches.set(branch, sender);
      if (method === 'REGISTER') {
        this.record(sender.name, 'registrar', firstLine, method, null, text);
        const reply = this.registrar(text);
        if (reply) sender.deliver(this.reply(text, reply));
        return;
      }
      const user = userOf(firstLine.split(' ')[1] ?? null);
      target = user ? (this.attached.get(user) ?? this.contacts.get(user)) : undefined;
      if (!target && method !== 'ACK') {
        this.record(sender.name, 'hub', firstLine, method, null, text);
        sender.deliver(this.reply(text, { statusCode: 404, reason: 'Not Found' }));
        return;
      }
    }
    this.record(sender.name, target?.name ?? '(nobody)', firstLine, method, response ? Number(response[1]) : null, text);
    target?.deliver(text);
  }

  private record(from: string, to: string, firstLine: string, method: string | null, statusCode: number | null, text: string): void {
    this.lines.push({ from, to, firstLine, method, statusCode, text });
  }

  /** A response built from the request's headers, as a proxy or registrar does. */
  private reply(request: string, reply: RegistrarReply): string {
    const to = header(request, 'To|t') ?? '';
    const lines = [
      `SIP/2.0 ${reply.statusCode} ${reply.reason}`,
      ...headers(request, 'Via|v').map((v) => `Via: ${v}`),
      `From: ${header(request, 'From|f') ?? ''}`,
      `To: ${/;tag=/.test(to) ? to : `${to};tag=hub${Math.random().toString(36).slice(2, 8)}`}`,
      `Call-ID: ${header(request, 'Call-ID|i') ?? ''}`,
      `CSeq: ${header(request, 'CSeq') ?? ''}`,
      ...(reply.headers ?? []),
      'Content-Length: 0',
      '',
      '',
    ];
    return lines.join('\r\n');
  }
}

function transportClassFor(hub: MemorySipHub): SeatTransportConstructor {
  return class extends MemoryTransport {
    constructor(_logger: unknown, options: { servers: readonly string[] }) {
      super(hub, options.servers);
    }
  };
}

export class MemoryTransport implements SeatTransport {
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  readonly name: string;
  readonly protocol = 'WS';
  private _state: TransportState = TransportState.Disconnected;
  private readonly emitter = new EmitterImpl<TransportState>();

  constructor(
    private readonly hub: MemorySipHub,
    servers: readonly string[],
  ) {
    const name = /^mem:\/\/([^/]+)/.exec(servers[0] ?? '')?.[1];
    if (!name) throw new Error(`not a mem:// server: ${servers[0]}`);
    this.name = name;
  }

  get state(): TransportState {
    return this._state;
  }

  get stateChange(): EmitterImpl<TransportState> {
    return this.emitter;
  }

  get server(): string | null {
    return this.isConnected() ? `mem://${this.name}` : null;
  }

  isConnected(): boolean {
    return this._state === TransportState.Connected;
  }

  async connect(): Promise<void> {
    if (this.isConnected()) return;
    this.setState(TransportState.Connecting);
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.hub.attach(this.name, this)) {
      this.setState(TransportState.Disconnected);
      throw new Error(`no SIP server reachable (mem://${this.name}: refused)`);
    }
    this.setState(TransportState.Connected);
    this.onConnect?.();
  }

  async disconnect(): Promise<void> {
    if (this._state === TransportState.Disconnected) return;
    this.hub.detach(this.name, this);
    this.setState(TransportState.Disconnected);
    this.onDisconnect?.();
  }

  async dispose(): Promise<void> {
    await this.disconnect();
  }

  send(message: string): Promise<void> {
    if (!this.isConnected()) return Promise.reject(new Error('Not connected.'));
    setImmediate(() => this.hub.route(this, message));
    return Promise.resolve();
  }

  probe(): Promise<boolean> {
    return Promise.resolve(this.isConnected());
  }

  /** From the hub: a message for this UA. */
  deliver(message: string): void {
    setImmediate(() => {
      if (this.isConnected()) this.onMessage?.(message);
    });
  }

  /** From the hub: the connection is gone. */
  lost(error: Error): void {
    if (!this.isConnected()) return;
    this.hub.detach(this.name, this);
    this.setState(TransportState.Disconnected);
    this.onDisconnect?.(error);
  }

  private setState(state: TransportState): void {
    this._state = state;
    this.emitter.emit(state);
  }
}
