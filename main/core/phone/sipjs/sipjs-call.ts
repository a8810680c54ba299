/**
 * One call over SIP.js: wraps an Invitation (inbound) or an Inviter
 * (outbound) behind the project's SipCall interfaces (../sip-stack.ts). It
 * reports the facts of how the dialog ended (which exchange, which status,
 * media failure); the end reason is decided by the call machine
 * (../call-machine.ts), not here.
 */
import {
  SessionState,
  UserAgent,
  type Bye,
  type Cancel,
  type Core,
  type Info,
  type Invitation,
  type Inviter,
  type Notification,
  type Session,
} from 'sip.js';
import { dtmfContentType, parseDtmfInfo } from './dtmf-info-body.js';
import { createLogger } from '../../base/log.js';
import type { HeaderReader } from '../caller-context.js';
import type {
  SipCall,
  SipCallEnd,
  SipCallListener,
  SipEndSignal,
  SipIncomingCall,
  SipOutgoingCall,
  TransferOutcome,
} from '../sip-stack.js';
import { RemoteSessionDescriptionHandler, type RemoteSdhOptions } from './remote-sdh.js';

const log = createLogger('sip-call');

type IncomingResponse = Core.IncomingResponse;

/** How long a transfer may take before we stop waiting for the final NOTIFY. */
const transferTimeoutMs = 30_000;
/** Longest wait for the ACK before sending an in-dialog request anyway. */
const ackWaitMs = 2000;
const silentListener: SipCallListener = { progress() {}, established() {}, ended() {}, dtmf() {} };

abstract class SipJsCallBase implements SipCall {
  protected listener: SipCallListener = silentListener;
  /** The first exchange that ended the session, as far as we saw it before SIP.js says Terminated. */
  private endSignal: { signal: SipEndSignal; statusCode: number | null; detail: string } | null = null;
  private mediaError: unknown = null;
  private wasEstablished = false;
  private endedNotified = false;
  private readonly terminationWaiters = new Set<() => void>();
  /** Resolves once the dialog is confirmed: ACK received (inbound) or sent (outbound). */
  private readonly confirmed: Promise<void>;
  protected confirm!: () => void;
  mediaSessionId: string;

  protected constructor(
    readonly session: Session,
    mediaSessionId: string,
  ) {
    this.mediaSessionId = mediaSessionId;
    this.confirmed = new Promise<void>((resolve) => {
      this.confirm = resolve;
    });
    session.delegate = {
      onAck: () => this.confirm(),
      onBye: (bye: Bye) => {
        this.saw('bye-received', null, 'remote hung up');
        void bye.accept().catch((error: unknown) => log.warn('cannot reply to BYE', error));
      },
      onCancel: (_cancel: Cancel) => {
        this.saw('cancel-received', 487, 'caller cancelled');
      },
      onInfo: (info: Info) => this.onInfo(info),
      onRefer: (referral) => {
        // The seat does not follow transfers requested by the far end.
        void referral.reject().catch(() => undefined);
      },
    };
    session.stateChange.addListener((state: SessionState) => {
      switch (state) {
        case SessionState.Initial:
        case SessionState.Establishing:
        case SessionState.Terminating:
          return;
        case SessionState.Established:
          this.wasEstablished = true;
          // We sent the ACK ourselves for outbound calls.
          if (this instanceof SipJsOutgoingCall) this.confirm();
          this.listener.established();
          return;
        case SessionState.Terminated:
          // SIP.js terminates the session before it calls the request delegate
          // with the final response (Inviter onReject): let that set the reason first.
          queueMicrotask(() => this.notifyEnded());
          return;
        default: {
          const unknown: never = state;
          log.warn(`unknown session state ${String(unknown)}`);
        }
      }
    });
  }

  abstract get sipCallId(): string;

  listen(listener: SipCallListener): void {
    this.listener = listener;
  }

  /** Notes the first exchange that ends the dialog (later ones are consequences). */
  protected saw(signal: SipEndSignal, statusCode: number | null, detail: string): void {
    this.endSignal ??= { signal, statusCode, detail };
  }

  /** Called by the session description handler when the media engine failed. */
  mediaFailed(error: unknown): void {
    this.mediaError ??= error;
  }

  get sdh(): RemoteSessionDescriptionHandler | undefined {
    const sdh = this.session.sessionDescriptionHandler;
    return sdh instanceof RemoteSessionDescriptionHandler ? sdh : undefined;
  }

  async hangup(reason?: { statusCode: number; text: string }): Promise<void> {
    if (this.session.state === SessionState.Established) {
      this.saw('bye-sent', null, reason?.text ?? 'hung up');
      const extraHeaders = reason ? [`Reason: SIP;cause=${reason.statusCode};text="${reason.text.replace(/"/g, "'")}"`] : [];
      await this.session.bye({ requestOptions: { extraHeaders } });
      return;
    }
    await this.endEarly(reason);
  }

  protected abstract endEarly(reason?: { statusCode: number; text: string }): Promise<void>;

  /**
   * In-dialog requests wait for the ACK of the initial INVITE: a re-INVITE
   * sent before it makes SIP.js see the late ACK as a protocol error and end
   * the call, and a REFER can overtake the 200 OK through the proxy.
   */
  protected async untilConfirmed(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.confirmed, new Promise<void>((resolve) => (timer = setTimeout(resolve, ackWaitMs)))]);
    clearTimeout(timer);
  }

  async hold(held: boolean): Promise<void> {
    await this.untilConfirmed();
    return this.reinvite(held, false);
  }

  /** A new media engine took over: it creates the session again and offers fresh (ICE restart). */
  async renegotiate(held: boolean): Promise<void> {
    await this.untilConfirmed();
    this.sdh?.reattach();
    this.mediaError = null;
    return this.reinvite(held, true);
  }

  private reinvite(held: boolean, iceRestart: boolean): Promise<void> {
    const session = this.session;
    if (session.state !== SessionState.Established) return Promise.reject(new Error('call is not established'));
    const previous = session.sessionDescriptionHandlerOptionsReInvite as RemoteSdhOptions;
    session.sessionDescriptionHandlerOptionsReInvite = { hold: held, ...(iceRestart ? { iceRestart: true } : {}) } as RemoteSdhOptions as object;
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        this.terminationWaiters.delete(onTerminated);
        if (error) {
          session.sessionDescriptionHandlerOptionsReInvite = previous as object;
          reject(error);
        } else {
          // Later re-INVITEs (ours or the peer's) keep the hold state, without another ICE restart.
          session.sessionDescriptionHandlerOptionsReInvite = { hold: held } as RemoteSdhOptions as object;
          resolve();
        }
      };
      const onTerminated = () => settle(new Error('call ended during the re-INVITE'));
      this.terminationWaiters.add(onTerminated);
      session
        .invite({
          requestDelegate: {
            onAccept: () => {
              if (session.state === SessionState.Established) settle();
              else settle(new Error('media failed during the re-INVITE'));
            },
            onReject: (response: IncomingResponse) =>
              settle(new Error(`re-INVITE rejected: ${response.message.statusCode} ${response.message.reasonPhrase}`)),
          },
        })
        .catch((error: unknown) => settle(error instanceof Error ? error : new Error(String(error))));
    });
  }

  async sendDtmfInfo(digit: string, durationMs: number): Promise<void> {
    await this.untilConfirmed();
    const session = this.session;
    if (session.state !== SessionState.Established) return Promise.reject(new Error('call is not established'));
    return new Promise<void>((resolve, reject) => {
      session
        .info({
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response: IncomingResponse) => reject(new Error(`INFO rejected: ${response.message.statusCode}`)),
          },
          requestOptions: {
            body: {
              contentDisposition: 'render',
              contentType: 'application/dtmf-relay',
              content: `Signal=${digit}\r\nDuration=${durationMs}\r\n`,
            },
          },
        })
        .catch(reject);
    });
  }

  sendDtmfRfc4733(tones: string): boolean {
    const sdh = this.sdh;
    return sdh !== undefined && sdh.hasMedia() && sdh.sendDtmf(tones, { duration: 100, interToneGap: 70 });
  }

  async setMuted(muted: boolean): Promise<void> {
    const sdh = this.sdh;
    if (!sdh?.hasMedia()) throw new Error('call has no media session');
    await sdh.setMuted(muted);
  }

  /**
   * Blind transfer: done when the transferee accepts the REFER (202). The
   * agent is free at once; whether the target then answers is between the
   * caller and the target (the usual behaviour of desk phones and PBXs).
   */
  referBlind(uri: string): Promise<TransferOutcome> {
    const target = UserAgent.makeURI(uri);
    if (!target) return Promise.resolve({ ok: false, reason: `not a SIP URI: ${uri}` });
    return this.refer(target, 'accepted');
  }

  /**
   * Attended transfer: REFER with Replaces naming the consult dialog; done
   * when the transferee reports the replacing call answered (final NOTIFY),
   * or hangs up on us after accepting.
   *
   * Refer-To carries the consult leg's address of record, not its Contact:
   * a WebSocket peer's Contact is an unroutable `*.invalid` host, and the
   * proxy routes the replacing INVITE by AoR (RFC 5589 §7.1).
   */
  referAttended(consult: SipCall): Promise<TransferOutcome> {
    if (!(consult instanceof SipJsCallBase)) return Promise.resolve({ ok: false, reason: 'consult call is not a SIP.js call' });
    const dialog = consult.session.dialog;
    if (!dialog) return Promise.resolve({ ok: false, reason: 'the consult call is not connected' });
    // SIP.js builds `"name" <target?Replaces=…>` from a Session's dialog: give it
    // the same shape with the AoR as the target.
    const replacesTarget = {
      dialog: { remoteTarget: consult.addressOfRecord, callId: dialog.callId, remoteTag: dialog.remoteTag, localTag: dialog.localTag },
      remoteIdentity: { friendlyName: consult.session.remoteIdentity.friendlyName },
    } as unknown as Session;
    return this.refer(replacesTarget, 'final');
  }

  /** Address of record of the other party (dialled R-URI, or the caller's From URI). */
  protected abstract get addressOfRecord(): string;

  private async refer(target: Parameters<Session['refer']>[0], doneWhen: 'accepted' | 'final'): Promise<TransferOutcome> {
    await this.untilConfirmed();
    const session = this.session;
    if (session.state !== SessionState.Established) return Promise.resolve({ ok: false, reason: 'call is not established' });
    return new Promise<TransferOutcome>((resolve) => {
      let accepted = false;
      let settled = false;
      const finish = (outcome: TransferOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.terminationWaiters.delete(onTerminated);
        resolve(outcome);
      };
      const timer = setTimeout(
        () => finish(accepted ? { ok: false, reason: 'no final NOTIFY for the transfer' } : { ok: false, reason: 'REFER not answered' }),
        transferTimeoutMs,
      );
      // The transferee hanging up on us after accepting the REFER means it went.
      const onTerminated = () => finish(accepted ? { ok: true } : { ok: false, reason: 'call ended before the REFER was accepted' });
      this.terminationWaiters.add(onTerminated);
      session
        .refer(target, {
          requestDelegate: {
            onAccept: () => {
              accepted = true;
              if (doneWhen === 'accepted') finish({ ok: true });
            },
            onReject: (response: IncomingResponse) =>
              finish({ ok: false, reason: `REFER rejected: ${response.message.statusCode} ${response.message.reasonPhrase}` }),
          },
          onNotify: (notification: Notification) => {
            void notification.accept().catch(() => undefined);
            const status = sipfragStatus(notification.request.body);
            if (status === null || status < 200) return;
            finish(status < 300 ? { ok: true } : { ok: false, reason: `transfer target answered ${status}` });
          },
        })
        .catch((error: unknown) => finish({ ok: false, reason: error instanceof Error ? error.message : String(error) }));
    });
  }

  /**
   * INFO: a DTMF body (see dtmf-info-body.ts) is answered 200 and its digit
   * reported; an INFO without a body (keep-alive) 200; any other content
   * type 415 Unsupported Media Type.
   */
  private onInfo(info: Info): void {
    const body = info.request.body ?? '';
    const header = info.request.getHeader('Content-Type');
    const type = dtmfContentType(header);
    if (!type && body.trim() !== '') {
      void info.reject({ statusCode: 415, extraHeaders: ['Accept: application/dtmf-relay, application/dtmf'] }).catch(() => undefined);
      return;
    }
    void info.accept().catch(() => undefined);
    const dtmf = type ? parseDtmfInfo(type, body) : null;
    if (dtmf) this.listener.dtmf(dtmf.digit);
    else if (type) log.warn(`INFO ${type} without a digit: ${JSON.stringify(body.slice(0, 80))}`);
  }

  private notifyEnded(): void {
    if (this.endedNotified) return;
    this.endedNotified = true;
    for (const waiter of [...this.terminationWaiters]) waiter();
    this.terminationWaiters.clear();
    this.listener.ended(this.endFacts());
  }

  /** What we saw, as facts; the call machine decides what it means. */
  private endFacts(): SipCallEnd {
    const seen = this.endSignal;
    const mediaFailed = this.mediaError !== null;
    const mediaDetail = mediaFailed ? (this.mediaError instanceof Error ? this.mediaError.message : String(this.mediaError)) : null;
    return {
      signal: seen?.signal ?? null,
      statusCode: seen?.statusCode ?? null,
      established: this.wasEstablished,
      mediaFailed,
      detail: seen?.detail ?? mediaDetail ?? (this.wasEstablished ? 'session terminated' : 'session terminated before it was established'),
    };
  }
}

export class SipJsIncomingCall extends SipJsCallBase implements SipIncomingCall {
  readonly headers: HeaderReader;
  readonly replacesSipCallId: string | null;

  constructor(readonly invitation: Invitation) {
    super(invitation, '');
    const request = invitation.request;
    this.headers = (name) => request.getHeaders(name.toLowerCase());
    this.replacesSipCallId = request.getHeader('Replaces')?.split(';')[0]?.trim() || null;
  }

  get sipCallId(): string {
    return this.invitation.request.callId;
  }

  protected get addressOfRecord(): string {
    return this.invitation.remoteIdentity.uri.toString();
  }

  setMediaSessionId(id: string): void {
    this.mediaSessionId = id;
  }

  async ring(): Promise<void> {
    await this.invitation.progress();
  }

  async accept(): Promise<void> {
    await this.invitation.accept();
  }

  async reject(statusCode: number, reasonPhrase?: string): Promise<void> {
    this.saw('reject-sent', statusCode, reasonPhrase ?? `rejected with ${statusCode}`);
    await this.invitation.reject(reasonPhrase ? { statusCode, reasonPhrase } : { statusCode });
  }

  protected async endEarly(reason?: { statusCode: number; text: string }): Promise<void> {
    const state = this.invitation.state;
    if (state !== SessionState.Initial && state !== SessionState.Establishing) return;
    await this.reject(reason?.statusCode ?? 486, reason?.text);
  }
}

export class SipJsOutgoingCall extends SipJsCallBase implements SipOutgoingCall {
  constructor(
    readonly inviter: Inviter,
    mediaSessionId: string,
  ) {
    super(inviter, mediaSessionId);
  }

  get sipCallId(): string {
    return this.inviter.request.callId;
  }

  protected get addressOfRecord(): string {
    return this.inviter.request.ruri.toString();
  }

  async start(): Promise<void> {
    await this.inviter.invite({
      requestDelegate: {
        onProgress: (response: IncomingResponse) => this.listener.progress(response.message.statusCode ?? 180),
        onReject: (response: IncomingResponse) => {
          const code = response.message.statusCode ?? 500;
          this.saw('reject-received', code, `${code} ${response.message.reasonPhrase ?? ''}`.trim());
        },
      },
    });
  }

  protected async endEarly(reason?: { statusCode: number; text: string }): Promise<void> {
    const state = this.inviter.state;
    if (state !== SessionState.Initial && state !== SessionState.Establishing) return;
    this.saw('cancel-sent', 487, reason?.text ?? 'cancelled');
    await this.inviter.cancel();
  }
}

/** `SIP/2.0 200 OK` → 200. */
function sipfragStatus(body: string | undefined): number | null {
  const match = /^\s*SIP\/2\.0\s+(\d{3})/.exec(body ?? '');
  return match?.[1] ? Number(match[1]) : null;
}

/** Both kinds, for the stack's bookkeeping. */
export type SipJsCall = SipJsIncomingCall | SipJsOutgoingCall;
