/**
 * Lets the sync worker notice that the main thread is blocked — most often
 * inside SQLite's busy handler, waiting for the write lock the sync holds —
 * and keep the lock free until it has written.
 *
 * SQLite gives no way to see other connections waiting, and its busy handler
 * retries on a coarse schedule (…25, 50, 100 ms), so it keeps missing short
 * gaps between the worker's transactions: measured, a main-thread write
 * waited up to 1.1 s during a full sync. With the heartbeat it waits at most
 * about the rest of one transaction.
 *
 * ```
 *   main thread:  tick tick tick ─ write (blocked on lock) ─────── tick tick
 *   worker:       [txn]  gap? ticks moved → [txn] gap? no tick → wait … tick → [txn]
 * ```
 */

/** Main-thread side: ticks a shared counter while a sync runs. */
export interface MainThreadHeartbeat {
  readonly buffer: SharedArrayBuffer;
  start(): void;
  stop(): void;
}

export function createMainThreadHeartbeat(intervalMs = 5): MainThreadHeartbeat {
  const buffer = new SharedArrayBuffer(4);
  const counter = new Int32Array(buffer);
  let timer: NodeJS.Timeout | null = null;
  return {
    buffer,
    start() {
      if (timer) return;
      timer = setInterval(() => Atomics.add(counter, 0, 1), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Worker side, after each write transaction: pause `gapMs` with the lock
 * free; if the main thread did not tick meanwhile, keep pausing until it
 * does (at most `maxWaitMs`). Without a heartbeat (in-process use) it only
 * pauses. Returns how long it waited for the main thread.
 */
export async function yieldToMainThread(heartbeat: SharedArrayBuffer | null, gapMs: number, maxWaitMs = 2000): Promise<number> {
  if (!heartbeat) {
    await sleep(gapMs);
    return 0;
  }
  const counter = new Int32Array(heartbeat);
  const before = Atomics.load(counter, 0);
  await sleep(gapMs);
  if (Atomics.load(counter, 0) !== before) return 0;
  const started = Date.now();
  while (Atomics.load(counter, 0) === before && Date.now() - started < maxWaitMs) await sleep(2);
  return Date.now() - started;
}
