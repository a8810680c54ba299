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

export class ObservedRegisterer extends Registerer {
  constructor(
    private readonly ua: UserAgent,
    options: RegistererOptions,
    private readonly onRefresh: (outcome: RegisterOutcome) => void,
  ) {
    super(ua, options);
  }

  override register(options: RegistererRegisterOptions = {}): Promise<OutgoingRegisterRequest> {
    const own = options.requestDelegate === undefined;
    const requested = this.requestedExpires();
    const withObserver: RegistererRegisterOptions = own
      ? {
          ...options,
          requestDelegate: {
            onAccept: (response) => this.onRefresh({ ok: true, expiresSeconds: grantedExpires(response, this.ua, requested) }),
            onReject: (response) => this.onRefresh(rejection(response)),
          },
        }
      : options;
    let result: Promise<OutgoingRegisterRequest>;
    try {
      result = super.register(withObserver);
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
