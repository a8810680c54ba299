/**
 * SIP.js's Registerer, made safe to leave running in a long-lived Node
 * process and observable:
 *
 * - Its refresh timer calls `register()` and drops the promise. If a REGISTER
 *   is still in flight (dead socket) that promise rejects with
 *   RequestPendingError, and after dispose() it throws — from a timer, which
 *   in Node is an unhandled rejection / uncaught exception that ends the
 *   process. Here every `register()` promise has a catch attached.
 * - Refreshes it sends by itself report their outcome to `onRefresh`, so the
 *   phone's registration watchdog learns about every accepted or failed
 *   REGISTER, not only the ones it asked for.
 */
import { Registerer, type Core, type RegistererOptions, type RegistererRegisterOptions, type UserAgent } from 'sip.js';
import { createLogger } from '../../base/log.js';
import type { RegisterOutcome } from '../sip-stack.js';

type IncomingResponse = Core.IncomingResponse;
type OutgoingRegisterRequest = Core.OutgoingRegisterRequest;

const log = createLogger('sip-registerer');

/** Hears the final outcome of one REGISTER chain (a REGISTER and SIP.js's own retry after 423). */
export type OutcomeSink = (outcome: RegisterOutcome) => void;

export class ObservedRegisterer extends Registerer {
  /** The interval of the last REGISTER sent (restored when a 423 retry is refused). */
  private lastRequested: number;
  /** Who hears the outcome of the REGISTER chain in flight. */
  private sink: OutcomeSink;
  private retriedAfter423 = false;
  /**
   * True in the synchronous run right after a REGISTER's final response was
   * handled: the only register() SIP.js makes then is its retry after 423
   * (its refresh comes from a timer).
   */
  private settledJustNow = false;

  constructor(
    private readonly ua: UserAgent,
    options: RegistererOptions,
    private readonly onRefresh: (outcome: RegisterOutcome) => void,
  ) {
    super(ua, options);
    this.lastRequested = this.requestedExpires();
    this.sink = onRefresh;
    const self = this as unknown as { waitingToggle(waiting: boolean): void };
    const toggle = self.waitingToggle.bind(this);
    self.waitingToggle = (waiting: boolean) => {
      toggle(waiting);
      if (waiting) return;
      this.settledJustNow = true;
      queueMicrotask(() => {
        this.settledJustNow = false;
      });
    };
  }

  /**
   * Sends a REGISTER; `onOutcome` hears its final outcome — also when the
   * registrar answered 423 and SIP.js retried with its Min-Expires (which
   * SIP.js does inside its own handler, without telling the first caller).
   */
  registerFor(onOutcome: OutcomeSink): Promise<OutgoingRegisterRequest> {
    this.sink = onOutcome;
    this.retriedAfter423 = false;
    return this.send(onOutcome, false);
  }

  override register(options: RegistererRegisterOptions = {}): Promise<OutgoingRegisterRequest> {
    if (options.requestDelegate !== undefined) return this.guarded(() => super.register(options), false);
    if (this.settledJustNow) return this.retryAfter423(this.requestedExpires());
    // The refresh timer's own REGISTER.
    this.sink = this.onRefresh;
    this.retriedAfter423 = false;
    return this.send(this.onRefresh, true);
  }

  /**
   * SIP.js's immediate retry after 423 (Interval Too Brief): allowed once per
   * REGISTER, with Min-Expires clamped to a day. A registrar that answers 423
   * again (or without a usable Min-Expires) gets no REGISTER loop: the
   * outcome goes to the caller, whose backoff decides when to try again.
   */
  private retryAfter423(minExpires: number): Promise<OutgoingRegisterRequest> {
    const sink = this.sink;
    if (!Number.isFinite(minExpires) || minExpires <= 0 || this.retriedAfter423) {
      const why = this.retriedAfter423 ? 'again after its own Min-Expires' : `with an unusable Min-Expires (${String(minExpires)})`;
      log.warn(`registrar answered 423 ${why}; not retrying at once`);
      (this as unknown as { expires: number }).expires = this.lastRequested;
      sink({ ok: false, statusCode: 423, reason: `423 Interval Too Brief (${why})` });
      const stopped = Promise.reject(new Error('423 retry refused'));
      stopped.catch(() => undefined);
      return stopped;
    }
    const clamped = clampInterval('Min-Expires', minExpires, maxGrantedExpiresSeconds);
    (this as unknown as { expires: number }).expires = clamped;
    this.lastRequested = clamped;
    this.retriedAfter423 = true;
    log.info(`registrar wants at least ${clamped} s (423); registering again with it`);
    return this.send(sink, sink === this.onRefresh);
  }

  private send(sink: OutcomeSink, own: boolean): Promise<OutgoingRegisterRequest> {
    this.lastRequested = this.requestedExpires();
    const requested = this.lastRequested;
    return this.guarded(
      () =>
        super.register({
          requestDelegate: {
            onAccept: (response) => sink({ ok: true, expiresSeconds: grantedExpires(response, this.ua, requested) }),
            onReject: (response) => sink(rejection(response)),
          },
        }),
      own,
    );
  }

  /** Every promise gets a catch attached: a rejection here must never go unhandled. */
  private guarded(send: () => Promise<OutgoingRegisterRequest>, own: boolean): Promise<OutgoingRegisterRequest> {
    let result: Promise<OutgoingRegisterRequest>;
    try {
      result = send();
    } catch (error) {
      result = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    result.catch((error: unknown) => {
      if (own) log.warn(`refresh REGISTER not sent: ${error instanceof Error ? error.message : String(error)}`);
    });
    return result;
  }

  /** True while a REGISTER awaits its final response (a new one would be refused). */
  get inFlight(): boolean {
    return (this as unknown as { waiting: boolean }).waiting;
  }

  /** Stops the refresh and expiry timers (before dispose, see RIG-NOTES). */
  stopTimers(): void {
    (this as unknown as { clearTimers(): void }).clearTimers();
  }

  private requestedExpires(): number {
    return (this as unknown as { expires: number }).expires;
  }
}

/**
 * Server-supplied intervals are clamped before any timer sees them: a
 * setTimeout past 2^31-1 ms (about 24.8 days) fires at once, so a registrar
 * granting `expires=4294967295` or answering 503 with `Retry-After:
 * 4294967295` would otherwise make the seat REGISTER in a tight loop.
 */
export const maxGrantedExpiresSeconds = 86_400;
export const maxRetryAfterSeconds = 300;

/** The expiry the registrar granted for our contact (RFC 3261 §10.2.4), at most a day. */
export function grantedExpires(response: IncomingResponse, ua: UserAgent, requested: number): number {
  const message = response.message;
  const ours = ua.contact.uri.user;
  const count = message.getHeaders('contact').length;
  for (let i = 0; i < count; i++) {
    const contact = message.parseHeader('contact', i) as { uri?: { user?: string }; getParam?(k: string): string | null | undefined } | undefined;
    if (!contact || contact.uri?.user !== ours) continue;
    const expires = Number(contact.getParam?.('expires'));
    if (Number.isFinite(expires) && expires >= 0) return clampInterval('granted expires', expires, maxGrantedExpiresSeconds);
  }
  const header = Number(message.getHeader('expires'));
  return Number.isFinite(header) && header > 0 ? clampInterval('granted Expires', header, maxGrantedExpiresSeconds) : requested;
}

export function rejection(response: IncomingResponse): RegisterOutcome {
  const message = response.message;
  const statusCode = message.statusCode ?? 500;
  const raw = /^\s*(\d+)/.exec(message.getHeader('retry-after') ?? '')?.[1];
  const retryAfter = raw === undefined ? undefined : clampInterval('Retry-After', Number(raw), maxRetryAfterSeconds);
  return {
    ok: false,
    statusCode,
    reason: `${statusCode} ${message.reasonPhrase ?? ''}`.trim(),
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
  };
}

/** `value` within [0, max] seconds, saying so in the log when it was not. */
export function clampInterval(what: string, value: number, max: number): number {
  if (!Number.isFinite(value) || value > max) {
    log.warn(`registrar sent ${what} of ${String(value)} s; using ${max} s`);
    return max;
  }
  return Math.max(0, value);
}
