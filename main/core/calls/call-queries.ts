/**
 * SQL for the call log, as plain functions taking the database. Each write
 * is one statement (its own implicit transaction), so whatever happened
 * before a crash is on disk.
 */
import type { Database } from 'better-sqlite3';
import { prepared } from '../db/prepared-statement.js';
import type { CallDirection, CallEndedBy, CallEndReason, CallLogEntry, ContextField } from '../../contract/index.js';

/** Prepared statements per database: preparing on every call cost ~1 ms each under load. */

export interface NewCallRow {
  readonly id: string;
  readonly sipCallId: string;
  readonly centreCallId: string | null;
  readonly direction: CallDirection;
  readonly localNumber: string;
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly remoteUri: string;
  readonly context: readonly ContextField[];
  readonly startedAt: number;
}

/** Kinds of `call_events` rows; `ring`/`dial`/`answer`/`end` mirror the call row's timestamps. */
export type CallEventKind =
  | 'ring'
  | 'dial'
  | 'answer'
  | 'hold'
  | 'resume'
  | 'mute'
  | 'unmute'
  | 'transfer'
  | 'transfer-failed'
  | 'dtmf-sent'
  | 'end';

export interface CallEventRow {
  readonly callId: string;
  readonly at: number;
  readonly kind: CallEventKind;
  readonly detail: string | null;
}

export function insertCall(db: Database, call: NewCallRow, extras: { numberNorm: string | null; region: string | null } = { numberNorm: null, region: null }): void {
  prepared(
    db,
    `INSERT INTO calls (id, sip_call_id, centre_call_id, direction, local_number, remote_number,
       remote_name, remote_uri, context_json, started_at, number_norm, region)
     VALUES (@id, @sipCallId, @centreCallId, @direction, @localNumber, @remoteNumber,
       @remoteName, @remoteUri, @contextJson, @startedAt, @numberNorm, @region)`,
  ).run({ ...call, contextJson: JSON.stringify(call.context), numberNorm: extras.numberNorm, region: extras.region });
}

/** Sets the SIP Call-ID once it is known (an outbound call's INVITE is built after the row). */
export function setCallSipId(db: Database, callId: string, sipCallId: string): void {
  prepared(db, 'UPDATE calls SET sip_call_id = ? WHERE id = ?').run(sipCallId, callId);
}

export function markCallAnswered(db: Database, callId: string, at: number, autoAnswered: boolean): void {
  prepared(db, 'UPDATE calls SET answered_at = ?, auto_answered = ? WHERE id = ? AND answered_at IS NULL').run(
    at,
    autoAnswered ? 1 : 0,
    callId,
  );
}

/** Closes the row; a row already closed keeps its first end (returns false). */
export function markCallEnded(
  db: Database,
  callId: string,
  end: { at: number; reason: CallEndReason; endedBy: CallEndedBy; statusCode: number | null },
): boolean {
  const result = prepared(db, 'UPDATE calls SET ended_at = ?, end_reason = ?, ended_by = ?, status_code = ? WHERE id = ? AND ended_at IS NULL')
    .run(end.at, end.reason, end.endedBy, end.statusCode, callId);
  return result.changes > 0;
}

export function insertCallEvent(db: Database, event: CallEventRow): void {
  prepared(db, 'INSERT INTO call_events (call_id, at, kind, detail) VALUES (@callId, @at, @kind, @detail)').run(event);
}

/**
 * Closes calls left open by a crash: ended at their last recorded event (or
 * their start), reason `interrupted`, by `system`. Returns how many.
 */
export function closeInterruptedCalls(db: Database): number {
  const result = db
    .prepare(
      `UPDATE calls SET
         ended_at = COALESCE((SELECT MAX(at) FROM call_events e WHERE e.call_id = calls.id), answered_at, started_at),
         end_reason = 'interrupted', ended_by = 'system'
       WHERE ended_at IS NULL`,
    )
    .run();
  return result.changes;
}

interface CallRow {
  id: string;
  sip_call_id: string;
  centre_call_id: string | null;
  direction: CallDirection;
  local_number: string;
  remote_number: string;
  remote_name: string | null;
  context_json: string;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  end_reason: CallEndReason | null;
  ended_by: CallEndedBy | null;
  auto_answered: number;
}

function toEntry(row: CallRow): CallLogEntry {
  return {
    id: row.id,
    sipCallId: row.sip_call_id,
    centreCallId: row.centre_call_id,
    direction: row.direction,
    localNumber: row.local_number,
    remoteNumber: row.remote_number,
    remoteName: row.remote_name,
    context: parseContext(row.context_json),
    startedAt: row.started_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
    endedBy: row.ended_by,
    autoAnswered: row.auto_answered === 1,
  };
}

/** Newest first; optionally only one remote number. */
export function listRecentCalls(db: Database, options: { limit: number; remoteNumber?: string }): CallLogEntry[] {
  const rows =
    options.remoteNumber === undefined
      ? prepared(db, 'SELECT * FROM calls ORDER BY started_at DESC, rowid DESC LIMIT ?').all(options.limit)
      : prepared(db, 'SELECT * FROM calls WHERE remote_number = ? ORDER BY started_at DESC, rowid DESC LIMIT ?').all(
          options.remoteNumber,
          options.limit,
        );
  return (rows as CallRow[]).map(toEntry);
}

export function getCall(db: Database, callId: string): CallLogEntry | undefined {
  const row = prepared(db, 'SELECT * FROM calls WHERE id = ?').get(callId) as CallRow | undefined;
  return row ? toEntry(row) : undefined;
}

export function listCallEvents(db: Database, callId: string): CallEventRow[] {
  return (
    prepared(db, 'SELECT call_id, at, kind, detail FROM call_events WHERE call_id = ? ORDER BY at, id').all(callId) as {
      call_id: string;
      at: number;
      kind: CallEventKind;
      detail: string | null;
    }[]
  ).map((r) => ({ callId: r.call_id, at: r.at, kind: r.kind, detail: r.detail }));
}

function parseContext(text: string): ContextField[] {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (f): f is ContextField => typeof f === 'object' && f !== null && typeof f.name === 'string' && typeof f.value === 'string',
    );
  } catch {
    return [];
  }
}
