/**
 * Exponential backoff with "equal jitter": attempt n waits between half and
 * all of min(max, base·2ⁿ), so retries from many seats after a centre outage
 * spread out instead of arriving together, yet never retry instantly.
 */
import { KbSyncError } from './kb-sync-error.js';

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  /** 0 ≤ random() < 1; injectable for tests. */
  readonly random?: () => number;
}

export function backoffDelay(attempt: number, { baseMs, maxMs, random = Math.random }: BackoffOptions): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(cap / 2 + random() * (cap / 2));
}

export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRetry?: (error: KbSyncError, attempt: number, delayMs: number) => void;
}

/** Runs `attempt` again on a retryable KbSyncError; anything else is thrown at once. */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  for (let n = 0; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof KbSyncError) || !error.retryable || n >= options.retries) throw error;
      const delay = Math.min(options.maxMs, Math.max(backoffDelay(n, options), error.options.retryAfterMs ?? 0));
      options.onRetry?.(error, n + 1, delay);
      await sleep(delay);
    }
  }
}
