/**
 * The main-thread heartbeat: the sync worker keeps its write lock free while
 * the main thread is blocked, and only then.
 */
import { describe, expect, it } from 'vitest';
import { createMainThreadHeartbeat, yieldToMainThread } from '../../../main/core/kb/sync/main-thread-heartbeat.js';

describe('main-thread heartbeat', () => {
  it('a ticking main thread costs the worker only the gap', async () => {
    const heartbeat = createMainThreadHeartbeat(2);
    heartbeat.start();
    try {
      await expect(yieldToMainThread(heartbeat.buffer, 10)).resolves.toBe(0);
    } finally {
      heartbeat.stop();
    }
  });

  it('a main thread that stopped ticking is waited for until it ticks again', async () => {
    const heartbeat = createMainThreadHeartbeat(2); // not started: as if blocked
    const counter = new Int32Array(heartbeat.buffer);
    setTimeout(() => Atomics.add(counter, 0, 1), 80); // "the write went through"

    const waited = await yieldToMainThread(heartbeat.buffer, 5);

    expect(waited).toBeGreaterThanOrEqual(50);
    expect(waited).toBeLessThan(1000);
  });

  it('gives up after maxWaitMs (a main thread busy for long is not waited for forever)', async () => {
    const heartbeat = createMainThreadHeartbeat(2);
    await expect(yieldToMainThread(heartbeat.buffer, 5, 30)).resolves.toBeGreaterThanOrEqual(30);
  });

  it('without a heartbeat (in-process sync) it only pauses', async () => {
    await expect(yieldToMainThread(null, 5)).resolves.toBe(0);
  });
});
