/**
 * What the shift view and the handover read from the records tables of
 * issue 8 (`wrap_ups`, `work_orders`, migration 0030) and the callback
 * outcomes kept here (migration 0053). Plain SQL over those tables: the
 * shift feature imports nothing of the records feature's code.
 *
 * A promised callback is a wrap-up whose outcome is `callback`; its due time
 * is the wrap-up's `outcome_detail` (an ISO time or epoch ms; anything else
 * is not a time and the callback is listed as due at once).
 *
 * The joins are CROSS JOINs on purpose: SQLite then walks the range's calls
 * (by `calls_shift` or `calls_started_at`) and looks each wrap-up up by its
 * key, instead of scanning every wrap-up in category order.
 */
import type { Database } from 'better-sqlite3';
import type { CallbackOutcome, CountByName, OpenItem, PromisedCallback } from '../../contract/index.js';
import { prepared } from '../db/prepared-statement.js';
import { rangeWhere, type SummaryRange } from './shift-summary-queries.js';

export interface RecordFigures {
  readonly categories: CountByName[];
  readonly averageWrapUpMs: number | null;
  readonly workOrders: number;
}

export function recordFigures(db: Database, range: SummaryRange): RecordFigures {
  const where = rangeWhere(range);
  const categories = prepared(
    db,
    `SELECT w.category AS name, count(*) AS count FROM calls c CROSS JOIN wrap_ups w ON w.call_id = c.id
     WHERE ${where.sql} AND w.category <> '' GROUP BY w.category ORDER BY count DESC, name`,
  ).all(where.params) as CountByName[];
  const wrap = prepared(
    db,
    `SELECT avg(w.completed_at - c.ended_at) AS ms FROM calls c CROSS JOIN wrap_ups w ON w.call_id = c.id
     WHERE ${where.sql} AND w.completed_at IS NOT NULL AND c.ended_at IS NOT NULL AND w.completed_at >= c.ended_at`,
  ).get(where.params) as { ms: number | null };
  const workOrders = prepared(
    db,
    `SELECT count(*) FROM calls c CROSS JOIN work_orders o ON o.call_id = c.id WHERE ${where.sql}`,
  )
    .pluck()
    .get(where.params) as number;
  return { categories, averageWrapUpMs: wrap.ms === null ? null : Math.round(wrap.ms), workOrders };
}

/** Parses the wrap-up's callback time: ISO text or epoch ms; null when it is no time. */
export function parseDueTime(detail: string): number | null {
  const text = detail.trim();
  if (/^\d{12,14}$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return null;
  const at = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(at) ? null : at;
}

interface CallbackRow {
  call_id: string;
  number: string;
  caller_name: string | null;
  notes: string;
  detail: string;
  updated_at: number;
  agent_no: string | null;
  outcome: CallbackOutcome | null;
  outcome_at: number | null;
}

/** Callbacks promised in the last `days` days that have no outcome yet, soonest first. */
export function openCallbacks(db: Database, now: number, days = 30): PromisedCallback[] {
  const rows = prepared(
    db,
    `SELECT w.call_id, c.remote_number AS number, c.remote_name AS caller_name, w.notes,
            w.outcome_detail AS detail, w.updated_at, w.agent_no, o.outcome, o.at AS outcome_at
     FROM wrap_ups w JOIN calls c ON c.id = w.call_id
     LEFT JOIN callback_outcomes o ON o.callback_id = w.call_id
     WHERE w.outcome = 'callback' AND w.updated_at >= ? AND o.callback_id IS NULL`,
  ).all(now - days * 86_400_000) as CallbackRow[];
  return rows
    .map((r) => ({
      id: r.call_id,
      callId: r.call_id,
      number: r.number,
      callerName: r.caller_name,
      note: r.notes.slice(0, 200),
      dueAt: parseDueTime(r.detail) ?? r.updated_at,
      promisedBy: r.agent_no,
      outcome: r.outcome,
      outcomeAt: r.outcome_at,
    }))
    .sort((a, b) => a.dueAt - b.dueAt);
}

export function callbackExists(db: Database, callbackId: string): boolean {
  return prepared(db, "SELECT 1 FROM wrap_ups WHERE call_id = ? AND outcome = 'callback'").get(callbackId) !== undefined;
}

export function insertCallbackOutcome(
  db: Database,
  o: { callbackId: string; outcome: CallbackOutcome; at: number; agentNo: string | null; shiftId: string | null },
): void {
  prepared(
    db,
    `INSERT INTO callback_outcomes (callback_id, outcome, at, agent_no, shift_id) VALUES (@callbackId, @outcome, @at, @agentNo, @shiftId)
     ON CONFLICT (callback_id) DO UPDATE SET outcome = excluded.outcome, at = excluded.at, agent_no = excluded.agent_no, shift_id = excluded.shift_id`,
  ).run(o);
}

/** Open work orders whose deadline is within `withinMs` (or past), soonest first. */
export function workOrdersNearDeadline(db: Database, now: number, withinMs: number, limit = 50): OpenItem[] {
  return (
    prepared(
      db,
      `SELECT id, summary, department, deadline_at, callback_number FROM work_orders
       WHERE status = 'open' AND deadline_at < ? ORDER BY deadline_at LIMIT ?`,
    ).all(now + withinMs, limit) as { id: string; summary: string; department: string; deadline_at: number; callback_number: string }[]
  ).map((r) => ({
    kind: 'work-order' as const,
    id: r.id,
    title: [r.department, r.summary].filter((s) => s !== '').join('：').slice(0, 120),
    deadlineAt: r.deadline_at,
    callerNumber: r.callback_number || null,
  }));
}
