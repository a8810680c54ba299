/**
 * The seat's one backoff: exponential with "equal jitter", capped, for every
 * retry loop of the core (SIP reconnects, KB sync downloads and reruns, record
 * uploads).
 *
 * Retry n (0-based) waits a random time in [½·d, d] where
 * d = min(cap, base · 2ⁿ). The random half spreads the retries of a whole
 * floor of seats after the centre comes back, instead of all of them arriving
 * in the same instant ("thundering herd"), yet never retries instantly.
 *
 * ```
 *   backoffDelay(n)        one delay, stateless (n = retries so far)
 *   createBackoff()        counts attempts for a loop that never gives up
 *   withRetry(fn)          runs fn again on a retryable error, up to `retries`
 * ```
 */

export interface BackoffOptions {
  /** First delay, ms. */
  readonly baseMs: number;
  /** Longest delay, ms. */
  readonly capMs: number;
  /** Random source in [0, 1); injectable for tests. */
  readonly random?: () => number;
}

/** The delay before retry `retry` (0-based: the first retry is 0). */
export function backoffDelay(retry: number, { baseMs, capMs, random = Math.random }: BackoffOptions): number {
  // 2^30 is far past any cap; avoid Infinity on a very long outage.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(0, retry), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface Backoff {
  /** Delay before the next attempt, and counts the attempt (1-based). */
  next(): { delayMs: number; attempt: number };
  /** Attempts since the last reset. */
  readonly attempt: number;
  reset(): void;
}

/** A counter over `backoffDelay` for a loop that never gives up (reconnects). */
export function createBackoff(options: BackoffOptions): Backoff {
  let attempt = 0;
  return {
    next() {
      attempt += 1;
      return { delayMs: backoffDelay(attempt - 1, options), attempt };
    },
    get attempt() {
      return attempt;
    },
    reset() {
      attempt = 0;
    },
  };
}

export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt. */
  readonly retries: number;
  /**
   * Whether another attempt can help after this error, and the least wait it
   * asks for (a server's Retry-After); `null`: throw it at once.
   */
  readonly retryable: (error: unknown) => { readonly minDelayMs: number } | null;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Runs `attempt` again while `retryable` says so, up to `retries` times;
 * the wait is the backoff delay or the error's own minimum, never above the cap.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  for (let n = 0; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      const verdict = n < options.retries ? options.retryable(error) : null;
      if (!verdict) throw error;
      const delay = Math.min(options.capMs, Math.max(backoffDelay(n, options), verdict.minDelayMs));
      options.onRetry?.(error, n + 1, delay);
      await sleep(delay);
    }
  }
}
