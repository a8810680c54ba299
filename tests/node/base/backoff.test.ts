import { describe, expect, it } from 'vitest';
import { backoffDelay, createBackoff, withRetry } from '../../../main/core/base/backoff.js';
import { reconnectBackoff } from '../../../main/core/phone/registration-controller.js';
import { KbSyncError, kbSyncRetryable } from '../../../main/core/kb/sync/kb-sync-error.js';

describe('reconnect backoff', () => {
  it('doubles from 0.5 s to an 8 s cap, each delay jittered within its upper half', () => {
    const low = createBackoff({ ...reconnectBackoff, random: () => 0 });
    const high = createBackoff({ ...reconnectBackoff, random: () => 0.999999 });
    const lows = Array.from({ length: 10 }, () => low.next().delayMs);
    const highs = Array.from({ length: 10 }, () => high.next().delayMs);
    expect(highs).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000, 8000]);
    expect(lows).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000]);
  });
  it('never gives up and counts attempts until reset', () => {
    const b = createBackoff(reconnectBackoff);
    for (let i = 0; i < 1000; i++) b.next();
    const { delayMs, attempt } = b.next();
    expect(attempt).toBe(1001);
    expect(delayMs).toBeGreaterThanOrEqual(4000);
    expect(delayMs).toBeLessThanOrEqual(8000);
    b.reset();
    expect(b.next().attempt).toBe(1);
  });
});

describe('backoffDelay', () => {
  it('is finite and capped after a very long outage', () => {
    expect(backoffDelay(10_000, { baseMs: 1000, capMs: 30_000, random: () => 0.5 })).toBe(22_500);
    expect(backoffDelay(0, { baseMs: 1000, capMs: 30_000, random: () => 0 })).toBe(500);
  });
});

describe('withRetry', () => {
  const options = { baseMs: 100, capMs: 1000, random: () => 1 };

  it('retries a retryable error with growing delays, then gives up and throws it', async () => {
    const slept: number[] = [];
    let calls = 0;
    const failing = withRetry(
      () => {
        calls += 1;
        return Promise.reject(new KbSyncError('offline', 'refused'));
      },
      { ...options, retries: 3, retryable: kbSyncRetryable, sleep: async (ms) => void slept.push(ms) },
    );
    await expect(failing).rejects.toThrow('refused');
    expect(calls).toBe(4);
    expect(slept).toEqual([100, 200, 400]);
  });

  it('throws a non-retryable error at once and waits at least a Retry-After, never past the cap', async () => {
    let calls = 0;
    const malformed = withRetry(
      () => {
        calls += 1;
        return Promise.reject(new KbSyncError('malformed', 'bad line'));
      },
      { ...options, retries: 3, retryable: kbSyncRetryable, sleep: async () => {} },
    );
    await expect(malformed).rejects.toThrow('bad line');
    expect(calls).toBe(1);

    const slept: number[] = [];
    let n = 0;
    const value = await withRetry(
      () => {
        n += 1;
        if (n === 1) return Promise.reject(new KbSyncError('http', '503', { retryable: true, retryAfterMs: 700 }));
        if (n === 2) return Promise.reject(new KbSyncError('http', '503', { retryable: true, retryAfterMs: 60_000 }));
        return Promise.resolve('ok');
      },
      { ...options, retries: 3, retryable: kbSyncRetryable, sleep: async (ms) => void slept.push(ms) },
    );
    expect(value).toBe('ok');
    expect(slept).toEqual([700, 1000]);
  });
});
