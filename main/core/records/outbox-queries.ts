/**
 * The outbox: every record that must reach the centre, one row each,
 * written in the same transaction as the record itself and deleted when the
 * centre has accepted it. `seq` orders delivery (oldest first, so a call's
 * records keep their order); `state = 'rejected'` parks a record the centre
 * refused (4xx) for the agent to see.
 */
import type { Database } from 'better-sqlite3';
import { prepared } from '../db/prepared-statement.js';


/** Version of the record envelope (see PROTOCOL.md). */
export const recordSchema = 'hotseat.record/1';
export const batchSchema = 'hotseat.batch/1';

export type RecordKind = 'call' | 'wrap-up' | 'work-order' | 'survey' | (string & {});

/** The envelope every record travels in (PROTOCOL.md, "Records"). */
export interface RecordEnvelope {
  readonly schema: typeof recordSchema;
  /** Unique per record and stable across retries: the Idempotency-Key. */
  readonly id: string;
  readonly kind: RecordKind;
  readonly callId: string | null;
  /** ISO 8601 with offset. */
  readonly createdAt: string;
  readonly seat: { readonly number: string; readonly sipUri: string };
  readonly agent: { readonly no: string; readonly name: string } | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface NewRecord {
  readonly kind: RecordKind;
  /** Unique record id (`call-c-1`, `wrapup-c-1-2`, `survey-…`): the Idempotency-Key. */
  readonly id: string;
  readonly callId: string | null;
  /** The whole envelope to send. */
  readonly body: RecordEnvelope;
  readonly createdAt?: number;
}

/**
 * Queues one record. Call it inside the transaction that writes the record
 * itself (or use `enqueueWith`). A record id already queued is replaced only
 * while it waits; returns the outbox seq.
 */
export function enqueueRecord(db: Database, record: NewRecord): number {
  const result = prepared(
    db,
    `INSERT INTO outbox (record_id, kind, call_id, body, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (record_id) DO UPDATE SET body = excluded.body, state = 'pending', last_error = NULL`,
  ).run(record.id, record.kind, record.callId, JSON.stringify(record.body), record.createdAt ?? Date.now());
  return Number(result.lastInsertRowid);
}

/** Writes `write()` and the outbox row in one transaction. */
export function enqueueWith(db: Database, record: NewRecord, write?: () => void): void {
  db.transaction(() => {
    write?.();
    enqueueRecord(db, record);
  })();
}

export interface OutboxRow {
  readonly seq: number;
  readonly recordId: string;
  readonly kind: string;
  readonly callId: string | null;
  readonly body: string;
  readonly createdAt: number;
  readonly attempts: number;
}

export function pendingRecords(db: Database, limit: number): OutboxRow[] {
  return (
    prepared(db, `SELECT seq, record_id, kind, call_id, body, created_at, attempts FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?`).all(
      limit,
    ) as { seq: number; record_id: string; kind: string; call_id: string | null; body: string; created_at: number; attempts: number }[]
  ).map((r) => ({ seq: r.seq, recordId: r.record_id, kind: r.kind, callId: r.call_id, body: r.body, createdAt: r.created_at, attempts: r.attempts }));
}

export function markDelivered(db: Database, seqs: readonly number[]): void {
  const remove = prepared(db, 'DELETE FROM outbox WHERE seq = ?');
  db.transaction(() => {
    for (const seq of seqs) remove.run(seq);
  })();
}

export function markAttemptFailed(db: Database, seqs: readonly number[], error: string): void {
  const update = prepared(db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?');
  db.transaction(() => {
    for (const seq of seqs) update.run(error, seq);
  })();
}

export function markRejected(db: Database, seq: number, error: string): void {
  prepared(db, `UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = ? WHERE seq = ?`).run(error, seq);
}

export function rejectedRecords(db: Database, limit: number): { recordId: string; kind: string; callId: string | null; createdAt: number; error: string | null }[] {
  return prepared(
    db,
    `SELECT record_id AS recordId, kind, call_id AS callId, created_at AS createdAt, last_error AS error
       FROM outbox WHERE state = 'rejected' ORDER BY seq DESC LIMIT ?`,
  ).all(limit) as { recordId: string; kind: string; callId: string | null; createdAt: number; error: string | null }[];
}

export interface OutboxCounts {
  readonly waiting: number;
  readonly oldestAt: number | null;
  readonly rejected: number;
}

export function outboxCounts(db: Database): OutboxCounts {
  const pending = prepared(db, `SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE state = 'pending'`).get() as {
    n: number;
    oldest: number | null;
  };
  const rejected = prepared(db, `SELECT COUNT(*) FROM outbox WHERE state = 'rejected'`).pluck().get() as number;
  return { waiting: pending.n, oldestAt: pending.oldest, rejected };
}
