/** A seat database with every migration, a shift service on a hand-set clock, and calls put in as the call log writes them. */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ShiftState } from '../../../main/contract/index.js';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { createShiftService, type ShiftService, type ShiftServiceOptions } from '../../../main/core/shift/shift-service.js';
import { tempDir } from '../support/temp-dir.js';

export function seatDb(): Database {
  return openDatabase(join(tempDir(), 'seat.sqlite'));
}

export interface ShiftSetup {
  readonly db: Database;
  readonly clock: { now: number };
  readonly states: ShiftState[];
  readonly sent: { kind: string; id: string; callId?: string; body: unknown }[];
  readonly service: ShiftService;
}

export function shiftSetup(extra: Partial<ShiftServiceOptions> = {}): ShiftSetup {
  const db = seatDb();
  const clock = { now: Date.UTC(2026, 11, 5, 14, 0) };
  const states: ShiftState[] = [];
  const sent: { kind: string; id: string; callId?: string; body: unknown }[] = [];
  let n = 0;
  const service = createShiftService({
    db,
    seatNumber: () => '7',
    onChange: (s) => states.push(s),
    sendToCentre: (r) => sent.push(r),
    now: () => clock.now,
    newId: () => `id-${++n}`,
    ...extra,
  });
  return { db, clock, states, sent, service };
}

let callSeq = 0;

/** One call as the call log records it: ring at `at`, answered after `answerAfterMs` (null: not answered), ended after `endAfterMs`. */
export function putCall(
  db: Database,
  at: number,
  o: { answerAfterMs?: number | null; endAfterMs?: number; reason?: string; direction?: 'inbound' | 'outbound'; id?: string } = {},
): string {
  const id = o.id ?? `c-${++callSeq}`;
  db.prepare(
    `INSERT INTO calls (id, sip_call_id, direction, local_number, remote_number, remote_uri, started_at)
     VALUES (?, ?, ?, '1001', '13800138000', 'sip:13800138000@sip.test', ?)`,
  ).run(id, `${id}@h`, o.direction ?? 'inbound', at);
  const answerAfter = o.answerAfterMs === undefined ? 5_000 : o.answerAfterMs;
  if (answerAfter !== null) db.prepare('UPDATE calls SET answered_at = ? WHERE id = ?').run(at + answerAfter, id);
  db.prepare('UPDATE calls SET ended_at = ?, end_reason = ?, ended_by = ? WHERE id = ?').run(
    at + (o.endAfterMs ?? 65_000),
    o.reason ?? (answerAfter === null ? 'missed' : 'completed'),
    'remote',
    id,
  );
  return id;
}
