/**
 * The call log: records each call in SQLite at the moment things happen
 * (the phone service calls it; it never waits on the network), and lists
 * recent calls for the renderer.
 *
 * Writes are never dropped (issue 11): when another connection holds the
 * write lock, or the disk is full, a write waits in an in-order retry queue
 * (`write-queue.ts`) and the status bar shows the backlog; the live call
 * goes on meanwhile. Everything is synchronous (better-sqlite3), so the order
 * of rows is the order of events.
 *
 * The records feature hooks in through the options the composition root
 * passes: `enrich` adds the normalized number and region to the row, and
 * `withinEnd` writes the call's record and outbox row in the end's
 * transaction.
 */
import type { Database } from 'better-sqlite3';
import type { CallEndedBy, CallEndReason, CallLogEntry } from '../../contract/index.js';
import { createLogger } from '../base/log.js';
import { createWriteQueue, type WriteQueue } from './write-queue.js';
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
  listRecentCalls(options: { limit: number; remoteNumber?: string }): CallLogEntry[];
  /** Writes waiting for the database lock. */
  readonly backlog: number;
  /** Writes what waits (with the connection's normal busy timeout) and stops retrying. */
  close(): void;
}

export interface CallExtras {
  readonly numberNorm: string | null;
  readonly region: string | null;
}

export interface CallLogOptions {
  readonly db: Database;
  /** Normalized number and region for a new row (records feature). */
  readonly enrich?: (call: NewCallRow) => CallExtras;
  /** Runs inside the transaction that closes a call (the call's record and outbox row). */
  readonly withinEnd?: (callId: string) => void;
  /** The write backlog changed (status bar). */
  readonly onBacklog?: (waiting: number, since: number | null) => void;
  readonly queue?: Omit<Parameters<typeof createWriteQueue>[0], 'db' | 'onBacklog'>;
}

export function createCallLogService({ db, enrich, withinEnd, onBacklog, queue: queueOptions }: CallLogOptions): CallLogService {
  const closed = guarded('close interrupted calls', () => closeInterruptedCalls(db));
  if (closed) log.warn(`closed ${closed} call(s) left open by an earlier run as "interrupted"`);
  const queue: WriteQueue = createWriteQueue({ db, ...queueOptions, ...(onBacklog ? { onBacklog } : {}) });
  const durably = (what: string, write: () => void): void => queue.submit(what, write);

  return {
    callStarted(call) {
      const extras = (enrich && guarded('normalize the number', () => enrich(call))) || { numberNorm: null, region: null };
      durably('record call start', () =>
        db.transaction(() => {
          insertCall(db, call, extras);
          insertCallEvent(db, { callId: call.id, at: call.startedAt, kind: call.direction === 'inbound' ? 'ring' : 'dial', detail: null });
        })(),
      );
    },
    callSipIdKnown(callId, sipCallId) {
      durably('record SIP Call-ID', () => setCallSipId(db, callId, sipCallId));
    },
    callAnswered(callId, at, autoAnswered) {
      durably('record answer', () =>
        db.transaction(() => {
          markCallAnswered(db, callId, at, autoAnswered);
          insertCallEvent(db, { callId, at, kind: 'answer', detail: autoAnswered ? 'auto' : null });
        })(),
      );
    },
    callEvent(callId, kind, at, detail) {
      durably(`record ${kind}`, () => insertCallEvent(db, { callId, at, kind, detail: detail ?? null }));
    },
    callEnded(callId, end) {
      durably('record end', () =>
        db.transaction(() => {
          if (markCallEnded(db, callId, end)) {
            insertCallEvent(db, { callId, at: end.at, kind: 'end', detail: `${end.reason}/${end.endedBy}` });
            withinEnd?.(callId);
          }
        })(),
      );
    },
    listRecentCalls: (options) => listRecentCalls(db, options),
    get backlog() {
      return queue.waiting;
    },
    close() {
      if (queue.waiting > 0) queue.flush();
      queue.close();
    },
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
