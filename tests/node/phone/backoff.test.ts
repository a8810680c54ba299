import { describe, expect, it } from 'vitest';
import { createBackoff } from '../../../main/core/phone/backoff.js';

describe('reconnect backoff', () => {
  it('doubles from 0.5 s to an 8 s cap, each delay jittered within its upper half', () => {
    const low = createBackoff({ random: () => 0 });
    const high = createBackoff({ random: () => 0.999999 });
    const lows = Array.from({ length: 10 }, () => low.next().delayMs);
    const highs = Array.from({ length: 10 }, () => high.next().delayMs);
    expect(highs).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000, 8000]);
    expect(lows).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000]);
  });
  it('never gives up and counts attempts until reset', () => {
    const b = createBackoff();
    for (let i = 0; i < 1000; i++) b.next();
    const { delayMs, attempt } = b.next();
    expect(attempt).toBe(1001);
    expect(delayMs).toBeGreaterThanOrEqual(4000);
    expect(delayMs).toBeLessThanOrEqual(8000);
    b.reset();
    expect(b.next().attempt).toBe(1);
  });
});
