/**
 * An in-memory SipStack (the project's SIP interface) for fast unit tests of
 * the registration controller and the phone service: the test plays the
 * server and the far end (answers REGISTERs, drops the connection, sends
 * INVITEs, CANCELs, BYEs, INFO).
 */
import type { HeaderReader } from '../../../main/core/phone/caller-context.js';
import type {
  DialOptions,
  RegisterOutcome,
  SipAccount,
  SipCallEnd,
  SipCallListener,
  SipIncomingCall,
  SipOutgoingCall,
  SipStack,
  SipStackListener,
  TransferOutcome,
} from '../../../main/core/phone/sip-stack.js';

type Deferred<T> = { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void };
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

let nextSipCallId = 1;

/** Everything a fake call was asked to do. */
export type CallAction = string;

class FakeCallBase {
  listener: SipCallListener | null = null;
  readonly actions: CallAction[] = [];
  readonly sipCallId = `fake-${nextSipCallId++}@test`;
  mediaSessionId = '';
  ended = false;
  established = false;
  /** Set to make hold() fail. */
  holdFails: string | null = null;
  transferOutcome: Deferred<TransferOutcome> | null = null;
  readonly inbound: boolean = false;

  listen(listener: SipCallListener): void {
    this.listener = listener;
  }
  end(end: SipCallEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.listener?.ended(end);
  }
  establish(): void {
    this.established = true;
    this.listener?.established();
  }
  /** The far end hangs up. */
  remoteBye(): void {
    this.end({ signal: 'bye-received', statusCode: null, established: this.established, mediaFailed: false, detail: 'remote hung up' });
  }
  async hangup(reason?: { statusCode: number; text: string }): Promise<void> {
    this.actions.push(reason ? `hangup:${reason.statusCode}` : 'hangup');
    queueMicrotask(() =>
      this.end(
        this.established
          ? { signal: 'bye-sent', statusCode: null, established: true, mediaFailed: false, detail: reason?.text ?? 'hung up' }
          : { signal: this.inbound ? 'reject-sent' : 'cancel-sent', statusCode: this.inbound ? (reason?.statusCode ?? 486) : 487, established: false, mediaFailed: false, detail: 'cancelled' },
      ),
    );
  }
  async hold(held: boolean): Promise<void> {
    this.actions.push(held ? 'hold' : 'resume');
    await Promise.resolve();
    if (this.holdFails) throw new Error(this.holdFails);
  }
  async renegotiate(held: boolean): Promise<void> {
    this.actions.push(held ? 'renegotiate:held' : 'renegotiate');
    await Promise.resolve();
  }
  async sendDtmfInfo(digit: string): Promise<void> {
    this.actions.push(`info:${digit}`);
  }
  sendDtmfRfc4733(tones: string): boolean {
    this.actions.push(`rfc4733:${tones}`);
    return this.established;
  }
  async setMuted(muted: boolean): Promise<void> {
    this.actions.push(muted ? 'mute' : 'unmute');
  }
  referBlind(uri: string): Promise<TransferOutcome> {
    this.actions.push(`refer:${uri}`);
    this.transferOutcome = deferred();
    return this.transferOutcome.promise;
  }
  referAttended(consult: { sipCallId: string }): Promise<TransferOutcome> {
    this.actions.push(`refer-replaces:${consult.sipCallId}`);
    this.transferOutcome = deferred();
    return this.transferOutcome.promise;
  }
}

export class FakeIncomingCall extends FakeCallBase implements SipIncomingCall {
  override readonly inbound = true;
  readonly headers: HeaderReader;
  /** Set to make accept() fail like a media failure. */
  acceptFails: string | null = null;

  constructor(
    headers: Record<string, string[]>,
    readonly replacesSipCallId: string | null = null,
  ) {
    super();
    this.headers = (name) => headers[Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase()) ?? ''] ?? [];
  }
  setMediaSessionId(id: string): void {
    this.mediaSessionId = id;
  }
  async ring(): Promise<void> {
    this.actions.push('180');
  }
  async accept(): Promise<void> {
    this.actions.push('accept');
    await Promise.resolve();
    if (this.acceptFails) {
      const reason = this.acceptFails;
      queueMicrotask(() => this.end({ signal: null, statusCode: null, established: false, mediaFailed: true, detail: reason }));
      throw new Error(reason);
    }
    this.establish();
  }
  async reject(statusCode: number): Promise<void> {
    this.actions.push(`reject:${statusCode}`);
    queueMicrotask(() => this.end({ signal: 'reject-sent', statusCode, established: false, mediaFailed: false, detail: `rejected ${statusCode}` }));
  }
  /** The caller gives up before an answer. */
  cancel(): void {
    this.end({ signal: 'cancel-received', statusCode: 487, established: false, mediaFailed: false, detail: 'caller cancelled' });
  }
  dtmf(digit: string): void {
    this.listener?.dtmf(digit);
  }
}

export class FakeOutgoingCall extends FakeCallBase implements SipOutgoingCall {
  constructor(
    readonly uri: string,
    readonly options: DialOptions,
  ) {
    super();
    this.mediaSessionId = options.mediaSessionId;
  }
  async start(): Promise<void> {
    this.actions.push('invite');
  }
  ringing(): void {
    this.listener?.progress(180);
  }
  answered(): void {
    this.establish();
  }
  rejected(statusCode: number): void {
    this.end({ signal: 'reject-received', statusCode, established: false, mediaFailed: false, detail: String(statusCode) });
  }
}

export class FakeSipStack implements SipStack {
  connected = false;
  /** What the next connect() does; default: succeed. */
  connectResult: () => Promise<void> = async () => undefined;
  readonly registers: Array<Deferred<RegisterOutcome>> = [];
  readonly dialled: FakeOutgoingCall[] = [];
  probeResult = true;
  closed = false;
  connects = 0;

  constructor(
    readonly account: SipAccount,
    readonly listener: SipStackListener,
  ) {}

  server(): string | null {
    return this.connected ? (this.account.servers[0] ?? null) : null;
  }
  isConnected(): boolean {
    return this.connected;
  }
  async connect(): Promise<string> {
    this.connects++;
    await this.connectResult();
    this.connected = true;
    this.listener.connected(this.account.servers[0] ?? '');
    return this.account.servers[0] ?? '';
  }
  async disconnect(): Promise<void> {
    this.connected = false;
  }
  register(): Promise<RegisterOutcome> {
    const d = deferred<RegisterOutcome>();
    this.registers.push(d);
    return d.promise;
  }
  /** Answers the oldest unanswered REGISTER. */
  answerRegister(outcome: RegisterOutcome): void {
    const next = this.registers.shift();
    if (!next) throw new Error('no REGISTER pending');
    next.resolve(outcome);
  }
  async probe(): Promise<boolean> {
    return this.probeResult;
  }
  dial(uri: string, options: DialOptions): SipOutgoingCall {
    const call = new FakeOutgoingCall(uri, options);
    this.dialled.push(call);
    return call;
  }
  async close(): Promise<void> {
    this.closed = true;
    this.connected = false;
  }
  /** The server drops the connection. */
  drop(reason = 'connection closed (code 1006)'): void {
    this.connected = false;
    for (const r of this.registers.splice(0)) r.resolve({ ok: false, statusCode: 503, reason: 'connection lost' });
    this.listener.disconnected(reason);
  }
  /** An INVITE arrives. */
  invite(headers: Record<string, string[]>, replaces: string | null = null): FakeIncomingCall {
    const call = new FakeIncomingCall(headers, replaces);
    this.listener.incomingCall(call);
    return call;
  }
}

/** Lets pending promise callbacks run (several hops deep). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
