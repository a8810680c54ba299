/**
 * The shift view's figures as plain SQL over the call log. A range is either
 * one shift (the calls the trigger of migration 0050 tied to it, found by
 * `calls_shift`) or a span of time (a local day, by `calls_started_at`);
 * both read only the range's rows, so a seat with a million calls answers
 * in milliseconds.
 */
import type { Database } from 'better-sqlite3';
import type { CountByName, HourCount } from '../../contract/index.js';
import { prepared } from '../db/prepared-statement.js';

export type SummaryRange =
  | { readonly kind: 'shift'; readonly shiftId: string; readonly from: number; readonly to: number }
  | { readonly kind: 'span'; readonly from: number; readonly to: number };

const hourMs = 3_600_000;

/** The WHERE clause and its parameters for a range (calls table alias `c`). */
export function rangeWhere(range: SummaryRange): { sql: string; params: Record<string, string | number> } {
  return range.kind === 'shift'
    ? { sql: 'c.shift_id = @shiftId', params: { shiftId: range.shiftId } }
    : { sql: 'c.started_at >= @from AND c.started_at < @to', params: { from: range.from, to: range.to } };
}

export interface CallFigures {
  readonly calls: number;
  readonly answered: number;
  readonly missed: number;
  readonly rejected: number;
  readonly averageHandleMs: number | null;
}

export function callFigures(db: Database, range: SummaryRange): CallFigures {
  const where = rangeWhere(range);
  const row = prepared(
    db,
    `SELECT count(*) AS calls,
            count(c.answered_at) AS answered,
            coalesce(sum(c.answered_at IS NULL AND c.direction = 'inbound' AND c.end_reason IN ('missed', 'no-answer')), 0) AS missed,
            coalesce(sum(c.answered_at IS NULL AND c.direction = 'inbound' AND c.end_reason IN ('rejected', 'not-ready', 'busy')), 0) AS rejected,
            avg(CASE WHEN c.answered_at IS NOT NULL AND c.ended_at IS NOT NULL THEN c.ended_at - c.answered_at END) AS handle
     FROM calls c WHERE ${where.sql}`,
  ).get(where.params) as { calls: number; answered: number; missed: number; rejected: number; handle: number | null };
  return {
    calls: row.calls,
    answered: row.answered,
    missed: row.missed,
    rejected: row.rejected,
    averageHandleMs: row.handle === null ? null : Math.round(row.handle),
  };
}

/**
 * Calls per local hour, every hour of the range present (zeros included) so
 * a chart of a shift across midnight reads left to right: 22, 23, 0, 1, …
 */
export function callsPerHour(db: Database, range: SummaryRange, tzOffsetMinutes: number): HourCount[] {
  const where = rangeWhere(range);
  const shift = -tzOffsetMinutes * 60_000;
  const rows = prepared(
    db,
    `SELECT CAST((c.started_at + @shift) / ${hourMs} AS INTEGER) * ${hourMs} - @shift AS hour, count(*) AS n
     FROM calls c WHERE ${where.sql} GROUP BY hour ORDER BY hour`,
  ).all({ ...where.params, shift }) as { hour: number; n: number }[];
  const counts = new Map(rows.map((r) => [r.hour, r.n]));
  const first = Math.floor((range.from + shift) / hourMs) * hourMs - shift;
  const lastStart = Math.max(range.from, range.to - 1);
  const last = Math.floor((lastStart + shift) / hourMs) * hourMs - shift;
  const hours: HourCount[] = [];
  // A range is at most a day or a shift (capped at 48 h of buckets); calls outside it still count.
  for (let h = first; h <= last && hours.length < 48; h += hourMs) hours.push({ hourStart: h, count: counts.get(h) ?? 0 });
  for (const r of rows) if (r.hour < first || r.hour > last) hours.push({ hourStart: r.hour, count: r.n });
  return hours.sort((a, b) => a.hourStart - b.hourStart);
}

/** Who took the calls of the range (a day may have several agents; calls with nobody signed in show as "—"). */
export function agentsInRange(db: Database, range: SummaryRange): CountByName[] {
  const where = rangeWhere(range);
  return (
    prepared(
      db,
      `SELECT coalesce(c.agent_no || ' ' || a.name, c.agent_no, '—') AS name, count(*) AS count
       FROM calls c LEFT JOIN agents a ON a.agent_no = c.agent_no
       WHERE ${where.sql} GROUP BY c.agent_no ORDER BY count DESC, name`,
    ).all(where.params) as CountByName[]
  );
}
