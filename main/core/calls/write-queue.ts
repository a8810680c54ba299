/**
 * Call-log writes that are never dropped.
 *
 * A write runs at once when nothing waits before it. When the database is
 * busy or locked (another connection — the KB sync worker, a backup — holds
 * the write lock longer than `busyTimeoutMs`), or the disk is full or
 * failing, the write waits in a FIFO queue in memory and the queue is
 * retried with backoff until it drains; every later write joins the queue
 * behind it, so the rows land in the order the events happened (a call's
 * end is never written before its start).
 *
 * Only errors that no retry can cure (a constraint the row breaks, a bug)
 * drop the one write, loudly. While writes wait, `onBacklog(n, since)` tells
 * the status bar.
 *
 * While a write is tried, the connection's busy timeout is lowered to
 * `busyTimeoutMs` (default 100 ms) so a held lock never stalls the SIP
 * stack for the connection's full 5 s; it is restored afterwards.
 */
import type { Database } from 'better-sqlite3';
import { backoffDelay } from '../base/backoff.js';
import { createLogger } from '../base/log.js';

const log = createLogger('calls');

export interface WriteQueueOptions {
  readonly db: Database;
  readonly busyTimeoutMs?: number;
  /** Retry delays: backoff from `baseMs` to `capMs` (defaults 50 ms … 2 s). */
  readonly retry?: { readonly baseMs: number; readonly capMs: number };
  readonly onBacklog?: (waiting: number, since: number | null) => void;
  readonly now?: () => number;
}

export interface WriteQueue {
  /** Runs `write` now, or after the writes already waiting. Never throws. */
  submit(what: string, write: () => void): void;
  /** Writes waiting for the database. */
  readonly waiting: number;
  /** Tries the waiting writes now; true if the queue is empty afterwards. */
  flush(): boolean;
  close(): void;
}

/** SQLite result codes a later attempt can get past. */
const retryableCodes = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)/;

export function isRetryableWriteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryableCodes.test(code);
}

export function createWriteQueue({
  db,
  busyTimeoutMs = 100,
  retry = { baseMs: 50, capMs: 2_000 },
  onBacklog,
  now = Date.now,
}: WriteQueueOptions): WriteQueue {
  const queue: { what: string; write: () => void }[] = [];
  let since: number | null = null;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const normalTimeout = Number(db.pragma('busy_timeout', { simple: true }));

  /** One attempt; 'ok', 'retry' (keep it queued) or 'drop'. */
  const attempt = (item: { what: string; write: () => void }): 'ok' | 'retry' | 'drop' => {
    try {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      try {
        item.write();
      } finally {
        db.pragma(`busy_timeout = ${normalTimeout}`);
      }
      return 'ok';
    } catch (error) {
      if (isRetryableWriteError(error) && db.open) return 'retry';
      log.error(`cannot ${item.what}; this write cannot succeed and is dropped`, error);
      return 'drop';
    }
  };

  const report = () => onBacklog?.(queue.length, queue.length === 0 ? null : since);

  const drain = (): boolean => {
    timer = null;
    while (queue.length > 0) {
      const outcome = attempt(queue[0]!);
      if (outcome === 'retry') {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) log.warn(`database busy: ${queue.length} call-log write(s) wait (attempt ${failures})`);
        schedule();
        report();
        return false;
      }
      queue.shift();
    }
    if (failures > 0) log.info(`call-log writes caught up after ${failures} retr${failures === 1 ? 'y' : 'ies'}`);
    failures = 0;
    since = null;
    report();
    return true;
  };

  const schedule = () => {
    if (timer || closed) return;
    timer = setTimeout(drain, backoffDelay(failures - 1, retry));
  };

  return {
    submit(what, write) {
      if (queue.length === 0) {
        const outcome = attempt({ what, write });
        if (outcome !== 'retry') return;
        since = now();
        failures = 1;
        queue.push({ what, write });
        log.warn(`database busy: ${what} waits and will be retried`);
        schedule();
        report();
        return;
      }
      queue.push({ what, write });
      report();
    },
    get waiting() {
      return queue.length;
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      return drain();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (queue.length > 0) log.error(`${queue.length} call-log write(s) could not be written before close`);
    },
  };
}
