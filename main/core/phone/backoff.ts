/**
 * Reconnect delays: exponential with jitter, capped, never giving up.
 *
 * Attempt n (1-based) waits a random time in [½·d, d] where
 * d = min(cap, base · 2^(n-1)). The random half spreads the reconnects of a
 * whole floor of seats after the centre's proxy restarts, instead of all of
 * them arriving in the same instant ("thundering herd").
 *
 * The cap is short on purpose: a hotline seat that stays unregistered for
 * half a minute after the centre is back misses calls (at peak the next one
 * rings within six seconds), while a floor of 500 seats retrying every
 * 4–8 s is under a hundred connection attempts a second for the proxy.
 */

export interface BackoffOptions {
  /** First delay, ms (default 500). */
  readonly baseMs?: number;
  /** Longest delay, ms (default 8 000). */
  readonly capMs?: number;
  /** Random source in [0, 1); injectable for tests. */
  readonly random?: () => number;
}

export interface Backoff {
  /** Delay before the next attempt, and counts the attempt. */
  next(): { delayMs: number; attempt: number };
  /** Attempts since the last reset. */
  readonly attempt: number;
  reset(): void;
}

export function createBackoff({ baseMs = 500, capMs = 8_000, random = Math.random }: BackoffOptions = {}): Backoff {
  let attempt = 0;
  return {
    next() {
      attempt += 1;
      // 2^30 is far past any cap; avoid Infinity on a very long outage.
      const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 30));
      const delayMs = Math.round(ceiling / 2 + (random() * ceiling) / 2);
      return { delayMs, attempt };
    },
    get attempt() {
      return attempt;
    },
    reset() {
      attempt = 0;
    },
  };
}
