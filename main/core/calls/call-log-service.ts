/**
 * The call log: records each call in SQLite at the moment things happen
 * (the phone service calls it; it never waits on the network), and lists
 * recent calls for the renderer.
 *
 * A failed write is logged and swallowed: a full disk must not drop a live
 * call. Everything is synchronous (better-sqlite3), so the order of rows is
 * the order of events.
 */
import type { Database } from 'better-sqlite3';
import type { CallEndedBy, CallEndReason, CallLogEntry } from '../../contract/index.js';
import { createLogger } from '../base/log.js';
import {
  closeInterruptedCalls,
  insertCall,
  insertCallEvent,
  listRecentCalls,
  markCallAnswered,
  markCallEnded,
  setCallSipId,
  type CallEventKind,
  type NewCallRow,
} from './call-queries.js';

const log = createLogger('calls');

export interface CallLogService {
  /** A call rang in or was dialled: inserts the row and a `ring`/`dial` event. */
  callStarted(call: NewCallRow): void;
  callSipIdKnown(callId: string, sipCallId: string): void;
  callAnswered(callId: string, at: number, autoAnswered: boolean): void;
  callEvent(callId: string, kind: Exclude<CallEventKind, 'ring' | 'dial' | 'answer' | 'end'>, at: number, detail?: string): void;
  callEnded(callId: string, end: { at: number; reason: CallEndReason; endedBy: CallEndedBy; statusCode: number | null }): void;
  listRecent(options: { limit: number; remoteNumber?: string }): CallLogEntry[];
}

export function createCallLogService({ db }: { db: Database }): CallLogService {
  const closed = guarded('close interrupted calls', () => closeInterruptedCalls(db));
  if (closed) log.warn(`closed ${closed} call(s) left open by an earlier run as "interrupted"`);

  return {
    callStarted(call) {
      guarded('record call start', () =>
        db.transaction(() => {
          insertCall(db, call);
          insertCallEvent(db, { callId: call.id, at: call.startedAt, kind: call.direction === 'inbound' ? 'ring' : 'dial', detail: null });
        })(),
      );
    },
    callSipIdKnown(callId, sipCallId) {
      guarded('record SIP Call-ID', () => setCallSipId(db, callId, sipCallId));
    },
    callAnswered(callId, at, autoAnswered) {
      guarded('record answer', () =>
        db.transaction(() => {
          markCallAnswered(db, callId, at, autoAnswered);
          insertCallEvent(db, { callId, at, kind: 'answer', detail: autoAnswered ? 'auto' : null });
        })(),
      );
    },
    callEvent(callId, kind, at, detail) {
      guarded(`record ${kind}`, () => insertCallEvent(db, { callId, at, kind, detail: detail ?? null }));
    },
    callEnded(callId, end) {
      guarded('record end', () =>
        db.transaction(() => {
          if (markCallEnded(db, callId, end)) {
            insertCallEvent(db, { callId, at: end.at, kind: 'end', detail: `${end.reason}/${end.endedBy}` });
          }
        })(),
      );
    },
    listRecent: (options) => listRecentCalls(db, options),
  };
}

function guarded<T>(what: string, write: () => T): T | undefined {
  try {
    return write();
  } catch (error) {
    log.error(`cannot ${what}`, error);
    return undefined;
  }
}
