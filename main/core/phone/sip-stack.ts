/**
 * The project's own view of a SIP stack: what the phone service needs, in
 * its own words. The SIP.js implementation lives in ./sipjs/; nothing
 * outside that folder sees a SIP.js type, so SIP.js (unmaintained upstream)
 * could be replaced by writing another implementation of these interfaces.
 */
import type { HeaderReader } from './caller-context.js';

export interface SipAccount {
  /** ws:// or wss:// URLs, in order of preference. */
  readonly servers: readonly string[];
  /** Address of record, e.g. `sip:1001@sip.example.org`. */
  readonly aor: string;
  /** Digest user; defaults to the user part of the AoR when empty. */
  readonly authUser: string;
  readonly password: string;
  readonly expiresSeconds: number;
  readonly displayName: string;
  /** The centre's CA (PEM) trusted for wss:// besides the system roots; '' = none. */
  readonly trustedCaPem?: string;
}

export type RegisterOutcome =
  | { readonly ok: true; readonly expiresSeconds: number }
  | {
      readonly ok: false;
      /** SIP status; 408 for a timeout and 503 for a transport failure (RFC 3261 §8.1.3.1). */
      readonly statusCode: number;
      readonly reason: string;
      readonly retryAfterSeconds?: number;
    };

export interface SipStackListener {
  /** The transport is up (to `server`). */
  connected(server: string): void;
  /** The transport went down without being asked to. */
  disconnected(reason: string): void;
  /** The outcome of a REGISTER the stack sent by itself (a refresh). */
  refreshed(outcome: RegisterOutcome): void;
  incomingCall(call: SipIncomingCall): void;
}

export interface SipStack {
  /** The server the transport is connected to, or null. */
  server(): string | null;
  isConnected(): boolean;
  /** Connects to the first reachable server in order; rejects if none is. */
  connect(): Promise<string>;
  /** Drops the transport (to reconnect, e.g. after the registration expired). */
  disconnect(): Promise<void>;
  /** Sends a REGISTER (replacing a stuck registration first if needed) and resolves with its outcome. */
  register(): Promise<RegisterOutcome>;
  /** Checks the transport answers (WebSocket ping); false if not within `timeoutMs`. */
  probe(timeoutMs: number): Promise<boolean>;
  dial(uri: string, options: DialOptions): SipOutgoingCall;
  /** Un-REGISTERs (best effort, bounded time) and closes everything. */
  close(): Promise<void>;
}

export interface DialOptions {
  /** The call id used for media requests (the core's call id). */
  readonly mediaSessionId: string;
  readonly extraHeaders?: readonly string[];
}

/** The SIP exchange that ended a dialog, as the stack saw it. */
export type SipEndSignal = 'bye-received' | 'bye-sent' | 'cancel-received' | 'cancel-sent' | 'reject-sent' | 'reject-received';

/**
 * Facts about how a SIP dialog ended. The stack reports what it saw and
 * decides nothing: the end reason and who ended the call are decided by the
 * call machine (../call-machine.ts).
 */
export interface SipCallEnd {
  /** The first exchange that ended it; null when the stack ended it on its own (timer, transport, failed ACK). */
  readonly signal: SipEndSignal | null;
  /** SIP status of a rejection or cancellation (487), if any. */
  readonly statusCode: number | null;
  /** The dialog had been confirmed (200 OK sent or received). */
  readonly established: boolean;
  /** The media engine failed this call's media before the end. */
  readonly mediaFailed: boolean;
  /** For the log. */
  readonly detail: string;
}

export interface SipCallListener {
  /** Outbound: a provisional response (180, 183). */
  progress(statusCode: number): void;
  /** The dialog is confirmed (200 OK sent or received). */
  established(): void;
  ended(end: SipCallEnd): void;
  /** The peer sent a DTMF digit by SIP INFO. */
  dtmf(digit: string): void;
}

export type TransferOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface SipCall {
  /** SIP Call-ID of the dialog. */
  readonly sipCallId: string;
  listen(listener: SipCallListener): void;
  /** Ends the call whatever its state: CANCEL, a final reply, or BYE. */
  hangup(reason?: { statusCode: number; text: string }): Promise<void>;
  /** re-INVITE with the media on hold (sendonly) or resumed; resolves after the 2xx. */
  hold(held: boolean): Promise<void>;
  /**
   * A new media engine took over: re-INVITE with a fresh offer (ICE restart)
   * from it, keeping the hold state; resolves after the 2xx.
   */
  renegotiate(held: boolean): Promise<void>;
  sendDtmfInfo(digit: string, durationMs: number): Promise<void>;
  /** RFC 4733 through the media engine; false if the call has no media. */
  sendDtmfRfc4733(tones: string): boolean;
  /** Mutes the agent's microphone in the media engine; rejects if the call has no media. */
  setMuted(muted: boolean): Promise<void>;
  /** REFER to a URI; resolves when the transfer is known to have worked or failed. */
  referBlind(uri: string): Promise<TransferOutcome>;
  /** REFER with Replaces pointing at `consult`'s dialog. */
  referAttended(consult: SipCall): Promise<TransferOutcome>;
}

export interface SipIncomingCall extends SipCall {
  readonly headers: HeaderReader;
  /** Call-ID named by a Replaces header (attended transfer into this seat), or null. */
  readonly replacesSipCallId: string | null;
  /** The call id used for media requests; set before `accept`. */
  setMediaSessionId(id: string): void;
  /** 180 Ringing. */
  ring(): Promise<void>;
  accept(): Promise<void>;
  reject(statusCode: number, reasonPhrase?: string): Promise<void>;
}

export interface SipOutgoingCall extends SipCall {
  /** Sends the INVITE; resolves once it is on its way (outcome via the listener). */
  start(): Promise<void>;
}

/** Builds a stack for an account; the phone service builds a new one when the account changes. */
export type SipStackFactory = (account: SipAccount, listener: SipStackListener) => SipStack;
