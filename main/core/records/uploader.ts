/**
 * Delivers the outbox to the centre's records endpoint (PROTOCOL.md).
 *
 * One loop, one request at a time, oldest record first — so each call's
 * records arrive in the order they were written. One waiting record goes
 * alone (`Idempotency-Key: <record id>`); a backlog goes in batches of up to
 * `batchSize`. The answer decides:
 *
 * ```
 *  2xx, 409          accepted (409: the centre had it already) → row deleted
 *  408, 425, 429     retried after backoff (Retry-After honoured)
 *  401, 403          retried after backoff: a token problem, not the record's
 *  other 4xx         single: parked as rejected, shown; batch: resent one by one
 *  5xx, timeout,     retried after backoff with jitter, never given up
 *  refused, reset
 * ```
 *
 * A row is deleted only after the centre's 2xx/409, so a seat killed
 * mid-upload sends the record again after restart and the centre drops the
 * repeat by its key: delivered at least once, accepted exactly once.
 */
import type { Database } from 'better-sqlite3';
import { backoffDelay } from '../base/backoff.js';
import { fetchTrustingCa } from '../base/ca-fetch.js';
import { describeCertificateError } from '../base/trusted-ca.js';
import { createLogger } from '../base/log.js';
import { batchSchema, markAttemptFailed, markDelivered, markRejected, pendingRecords, type OutboxRow } from './outbox-queries.js';

const log = createLogger('records');

export interface UploaderOptions {
  readonly db: Database;
  /** Records URL from the profile; '' means no upload (records stay local). */
  readonly url: () => string;
  readonly token: () => string | null;
  readonly batchSize?: number;
  readonly timeoutMs?: number;
  readonly backoff?: { readonly baseMs: number; readonly capMs: number };
  /** Called after every round (status bar). */
  readonly onChange?: (state: { lastError: string | null }) => void;
  readonly userAgent?: string;
  /** The centre's CA (PEM, profile trustedCaPem) trusted for https:// besides the system roots; '' = none. */
  readonly trustedCaPem?: () => string;
}

export interface Uploader {
  /** Something was queued, the network came back or the agent asked: try now. */
  kick(): void;
  /** Resolves when nothing waits (or the loop is waiting out a failure). */
  idle(): Promise<void>;
  readonly lastError: string | null;
  close(): Promise<void>;
}

type Outcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'retry'; readonly reason: string; readonly minDelayMs: number }
  | { readonly kind: 'rejected'; readonly reason: string };

export function createUploader(options: UploaderOptions): Uploader {
  const { db, batchSize = 200, timeoutMs = 10_000, backoff = { baseMs: 1_000, capMs: 10_000 } } = options;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  let lastError: string | null = null;
  let closed = false;
  let again = false;
  let inFlight: AbortController | null = null;
  const send = fetchTrustingCa(() => options.trustedCaPem?.());

  const post = async (body: string, headers: Record<string, string>): Promise<Outcome> => {
    const url = options.url();
    const token = options.token();
    const controller = new AbortController();
    inFlight = controller;
    const timeout = setTimeout(() => controller.abort(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    try {
      const response = await send(url, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(options.userAgent ? { 'user-agent': options.userAgent } : {}),
          ...headers,
        },
        signal: controller.signal,
      });
      // Read the whole answer: a reset mid-body is a failure, not a success.
      await response.arrayBuffer();
      const status = response.status;
      if ((status >= 200 && status < 300) || status === 409) return { kind: 'accepted' };
      const reason = `HTTP ${status}`;
      if (status === 408 || status === 425 || status === 429 || status === 401 || status === 403 || status >= 500) {
        return { kind: 'retry', reason, minDelayMs: retryAfterMs(response.headers.get('retry-after')) };
      }
      return { kind: 'rejected', reason };
    } catch (error) {
      const reason = error instanceof Error ? describeFetchError(error) : String(error);
      return { kind: 'retry', reason, minDelayMs: 0 };
    } finally {
      clearTimeout(timeout);
      inFlight = null;
    }
  };

  const sendOne = (row: OutboxRow) => post(withSequence(row), { 'idempotency-key': row.recordId });
  const sendBatch = (rows: readonly OutboxRow[]) =>
    post(`{"schema":"${batchSchema}","records":[${rows.map(withSequence).join(',')}]}`, { 'x-hotseat-batch': String(rows.length) });

  /** One round: returns the delay before the next round, or null when nothing waits. */
  const round = async (): Promise<number | null> => {
    if (options.url() === '') return null;
    const rows = pendingRecords(db, batchSize);
    if (rows.length === 0) return null;
    let outcome = rows.length === 1 ? await sendOne(rows[0]!) : await sendBatch(rows);
    if (outcome.kind === 'rejected' && rows.length > 1) {
      // One bad record must not hold the others: find it by sending them one by one.
      for (const row of rows) {
        outcome = await sendOne(row);
        if (!settle([row], outcome)) return delayAfter(outcome);
      }
      return 0;
    }
    return settle(rows, outcome) ? 0 : delayAfter(outcome);
  };

  /** Writes the outcome; true if the loop may go on at once. */
  const settle = (rows: readonly OutboxRow[], outcome: Outcome): boolean => {
    const seqs = rows.map((r) => r.seq);
    switch (outcome.kind) {
      case 'accepted':
        markDelivered(db, seqs);
        failures = 0;
        lastError = null;
        return true;
      case 'rejected':
        markRejected(db, rows[0]!.seq, outcome.reason);
        log.warn(`records endpoint rejected ${rows[0]!.recordId}: ${outcome.reason}; kept for the agent to see`);
        failures = 0;
        return true;
      case 'retry':
        markAttemptFailed(db, seqs, outcome.reason);
        if (failures === 0 || lastError !== outcome.reason) log.warn(`records upload failed (${outcome.reason}); ${rows.length} record(s) will be retried`);
        lastError = outcome.reason;
        failures += 1;
        return false;
    }
  };

  const delayAfter = (outcome: Outcome): number =>
    outcome.kind === 'retry' ? Math.min(backoff.capMs, Math.max(backoffDelay(failures - 1, backoff), outcome.minDelayMs)) : 0;

  const loop = async (): Promise<void> => {
    try {
      for (;;) {
        again = false;
        let delay: number | null;
        try {
          delay = await round();
        } catch (error) {
          // The database itself failed (busy, closed): try again later, never lose the rows.
          lastError = error instanceof Error ? error.message : String(error);
          log.error('records upload round failed', error);
          failures += 1;
          delay = backoffDelay(failures - 1, backoff);
        }
        options.onChange?.({ lastError });
        if (closed) return;
        if (delay === null) {
          if (again) continue;
          return;
        }
        if (delay > 0) {
          timer = setTimeout(() => {
            timer = null;
            kick();
          }, delay);
          return;
        }
      }
    } finally {
      running = null;
    }
  };

  const kick = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) {
      // A kick during a failure's wait (new record, network back) tries at once.
      clearTimeout(timer);
      timer = null;
    }
    running = loop();
  };

  return {
    kick,
    async idle() {
      while (running) await running;
    },
    get lastError() {
      return lastError;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      inFlight?.abort(new Error('closing'));
      if (running) await running;
    },
  };
}

/** The stored envelope with the outbox sequence added (per-seat delivery order). */
function withSequence(row: OutboxRow): string {
  return row.body.endsWith('}') ? `${row.body.slice(0, -1)},"sequence":${row.seq}}` : row.body;
}

function retryAfterMs(value: string | null): number {
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.min(seconds, 3600)) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, Math.min(at - Date.now(), 3_600_000)) : 0;
}

function describeFetchError(error: Error): string {
  const certificate = describeCertificateError(error);
  if (certificate) return certificate;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'timeout';
  return cause?.message ?? error.message;
}
