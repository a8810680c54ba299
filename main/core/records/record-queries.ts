/**
 * SQL for caller history, wrap-ups and work orders, as plain functions
 * taking the database. The history lookups on ring use
 * `calls_number_norm (number_norm, started_at DESC)` and
 * `work_orders_open_number`; see tests/node/records for their query plans.
 */
import type { Database } from 'better-sqlite3';
import type { HistoryEntry, OpenWorkOrder, WorkOrderDraft, WorkOrderPriority, WrapUpOutcome, WrapUpStatus } from '../../contract/index.js';
import { prepared } from '../db/prepared-statement.js';

export const dayMs = 86_400_000;

// ---------------------------------------------------------------- calls

export interface CallRecordSource {
  readonly id: string;
  readonly sipCallId: string;
  readonly centreCallId: string | null;
  readonly direction: 'inbound' | 'outbound';
  readonly localNumber: string;
  readonly remoteNumber: string;
  readonly numberNorm: string | null;
  readonly region: string | null;
  readonly remoteName: string | null;
  readonly contextJson: string;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly endReason: string | null;
  readonly endedBy: string | null;
  readonly statusCode: number | null;
  readonly autoAnswered: boolean;
  readonly rating: number | null;
}

const callColumns = (t: string): string =>
  `${t}id AS id, ${t}sip_call_id AS sipCallId, ${t}centre_call_id AS centreCallId, ${t}direction AS direction,
   ${t}local_number AS localNumber, ${t}remote_number AS remoteNumber, ${t}number_norm AS numberNorm, ${t}region AS region,
   ${t}remote_name AS remoteName, ${t}context_json AS contextJson, ${t}started_at AS startedAt, ${t}answered_at AS answeredAt,
   ${t}ended_at AS endedAt, ${t}end_reason AS endReason, ${t}ended_by AS endedBy, ${t}status_code AS statusCode,
   ${t}auto_answered AS autoAnswered, ${t}rating AS rating`;
type RawCall<T extends CallRecordSource> = Omit<T, 'autoAnswered'> & { autoAnswered: number };

export function getCallSource(db: Database, callId: string): CallRecordSource | undefined {
  const row = prepared(db, `SELECT ${callColumns('')} FROM calls WHERE id = ?`).get(callId) as RawCall<CallRecordSource> | undefined;
  return row ? { ...row, autoAnswered: row.autoAnswered === 1 } : undefined;
}

/**
 * This number's calls since `since`, newest first, one call left out (the
 * ringing one). The agent is the wrap-up's, else the call row's (`agent_no`,
 * filled from the open shift by migration 0050's trigger).
 */
export function callHistory(db: Database, numberNorm: string, since: number, exceptCallId: string, limit = 20): HistoryEntry[] {
  const rows = prepared(
    db,
    `SELECT c.id AS callId, c.started_at AS startedAt, c.direction, c.end_reason AS endReason, c.rating,
            COALESCE(w.agent_no, c.agent_no) AS agentNo, w.agent_name AS agentName, NULLIF(w.category, '') AS category, w.notes
       FROM calls c LEFT JOIN wrap_ups w ON w.call_id = c.id
      WHERE c.number_norm = ? AND c.started_at >= ? AND c.id <> ?
      ORDER BY c.started_at DESC LIMIT ?`,
  ).all(numberNorm, since, exceptCallId, limit) as (Omit<HistoryEntry, 'notesLine'> & { notes: string | null })[];
  return rows.map(({ notes, ...row }) => ({ ...row, notesLine: firstLine(notes) }));
}

/** Calls from this number since `since` (the ringing one included). */
export function callCountSince(db: Database, numberNorm: string, since: number): number {
  return prepared(db, 'SELECT COUNT(*) FROM calls WHERE number_norm = ? AND started_at >= ?').pluck().get(numberNorm, since) as number;
}

export function setCallNumber(db: Database, callId: string, numberNorm: string, region: string | null): void {
  prepared(db, 'UPDATE calls SET number_norm = ?, region = ? WHERE id = ?').run(numberNorm, region, callId);
}

export function callsWithoutNumberNorm(db: Database, limit: number): { id: string; remoteNumber: string }[] {
  return prepared(db, 'SELECT id, remote_number AS remoteNumber FROM calls WHERE number_norm IS NULL LIMIT ?').all(limit) as {
    id: string;
    remoteNumber: string;
  }[];
}

/** Ended calls (started after `since`) that have no wrap-up row yet: their end was not seen by the records feature. */
export function endedCallsWithoutWrapUp(db: Database, since: number): string[] {
  return prepared(
    db,
    `SELECT c.id FROM calls c WHERE c.started_at >= ? AND c.ended_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM wrap_ups w WHERE w.call_id = c.id)`,
  )
    .pluck()
    .all(since) as string[];
}

export function setCallRating(db: Database, callId: string, rating: number | null): void {
  prepared(db, 'UPDATE calls SET rating = ? WHERE id = ?').run(rating, callId);
}

function firstLine(text: string | null): string | null {
  if (!text) return null;
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
  return line === '' ? null : line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

// ---------------------------------------------------------------- wrap-ups

export interface WrapUpRow {
  readonly callId: string;
  readonly category: string;
  readonly subTopic: string;
  readonly area: string;
  readonly notes: string;
  readonly articles: readonly { id: string; title: string }[];
  readonly outcome: WrapUpOutcome | '';
  readonly outcomeDetail: string;
  readonly workOrder: WorkOrderDraft | null;
  readonly status: WrapUpStatus;
  readonly revision: number;
  readonly agentNo: string | null;
  readonly agentName: string | null;
  readonly updatedAt: number;
  readonly completedAt: number | null;
}

interface RawWrapUp {
  call_id: string;
  category: string;
  sub_topic: string;
  area: string;
  notes: string;
  articles_json: string;
  outcome: string;
  outcome_detail: string;
  work_order_json: string | null;
  status: WrapUpStatus;
  revision: number;
  agent_no: string | null;
  agent_name: string | null;
  updated_at: number;
  completed_at: number | null;
}

export function getWrapUpRow(db: Database, callId: string): WrapUpRow | undefined {
  const r = prepared(db, 'SELECT * FROM wrap_ups WHERE call_id = ?').get(callId) as RawWrapUp | undefined;
  if (!r) return undefined;
  return {
    callId: r.call_id,
    category: r.category,
    subTopic: r.sub_topic,
    area: r.area,
    notes: r.notes,
    articles: parseJson(r.articles_json, []),
    outcome: r.outcome as WrapUpOutcome | '',
    outcomeDetail: r.outcome_detail,
    workOrder: r.work_order_json === null ? null : parseJson(r.work_order_json, null),
    status: r.status,
    revision: r.revision,
    agentNo: r.agent_no,
    agentName: r.agent_name,
    updatedAt: r.updated_at,
    completedAt: r.completed_at,
  };
}

/** Creates the draft row if the call has none (area from the caller's region). */
export function ensureWrapUp(db: Database, callId: string, at: number, agent: { no: string; name: string } | null): void {
  prepared(
    db,
    `INSERT INTO wrap_ups (call_id, area, agent_no, agent_name, updated_at)
       SELECT id, COALESCE(region, ''), ?, ?, ? FROM calls WHERE id = ?
     ON CONFLICT (call_id) DO NOTHING`,
  ).run(agent?.no ?? null, agent?.name ?? null, at, callId);
}

const patchColumns = {
  category: 'category',
  subTopic: 'sub_topic',
  area: 'area',
  notes: 'notes',
  articles: 'articles_json',
  outcome: 'outcome',
  outcomeDetail: 'outcome_detail',
  workOrder: 'work_order_json',
} as const;

/**
 * Applies one keystroke's patch: one UPDATE of the fields that changed.
 * A completed wrap-up edited again goes back to draft until completed again.
 */
export function patchWrapUp(db: Database, callId: string, patch: Readonly<Record<string, unknown>>, at: number): boolean {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [key, column] of Object.entries(patchColumns)) {
    if (!(key in patch) || patch[key] === undefined) continue;
    const value = patch[key];
    sets.push(`${column} = ?`);
    values.push(key === 'articles' || key === 'workOrder' ? (value === null ? null : JSON.stringify(value)) : value);
  }
  sets.push(`status = 'draft'`, 'updated_at = ?');
  values.push(at, callId);
  return prepared(db, `UPDATE wrap_ups SET ${sets.join(', ')} WHERE call_id = ?`).run(...values).changes > 0;
}

export function markWrapUpComplete(db: Database, callId: string, at: number): number {
  prepared(db, `UPDATE wrap_ups SET status = 'complete', revision = revision + 1, completed_at = ?, updated_at = ? WHERE call_id = ?`).run(
    at,
    at,
    callId,
  );
  return prepared(db, 'SELECT revision FROM wrap_ups WHERE call_id = ?').pluck().get(callId) as number;
}

/** Wrap-ups in `categories` with this sub-topic and area updated since `since`. */
export function similarComplaints(db: Database, categories: readonly string[], subTopic: string, area: string, since: number): number {
  if (categories.length === 0) return 0;
  let total = 0;
  for (const category of categories) {
    total += prepared(
      db,
      'SELECT COUNT(*) FROM wrap_ups WHERE category = ? AND sub_topic = ? AND area = ? AND updated_at >= ?',
    )
      .pluck()
      .get(category, subTopic, area, since) as number;
  }
  return total;
}

// ---------------------------------------------------------------- work orders

export interface NewWorkOrder {
  readonly id: string;
  readonly callId: string;
  readonly numberNorm: string;
  readonly department: string;
  readonly summary: string;
  readonly callbackNumber: string;
  readonly category: string;
  readonly subTopic: string;
  readonly area: string;
  readonly priority: WorkOrderPriority;
  readonly escalate: boolean;
  readonly deadlineAt: number;
  readonly agentNo: string | null;
  readonly agentName: string | null;
  readonly createdAt: number;
}

export function insertWorkOrder(db: Database, w: NewWorkOrder): void {
  prepared(
    db,
    `INSERT INTO work_orders (id, call_id, number_norm, department, summary, callback_number, category, sub_topic, area,
       priority, escalate, deadline_at, agent_no, agent_name, created_at)
     VALUES (@id, @callId, @numberNorm, @department, @summary, @callbackNumber, @category, @subTopic, @area,
       @priority, @escalate, @deadlineAt, @agentNo, @agentName, @createdAt)`,
  ).run({ ...w, escalate: w.escalate ? 1 : 0 });
}

export function workOrderOfCall(db: Database, callId: string): string | undefined {
  return prepared(db, 'SELECT id FROM work_orders WHERE call_id = ? ORDER BY created_at LIMIT 1').pluck().get(callId) as string | undefined;
}

export function openWorkOrders(db: Database, numberNorm: string, limit = 10): OpenWorkOrder[] {
  return (
    prepared(
      db,
      `SELECT id, summary, department, deadline_at AS deadlineAt, priority, escalate FROM work_orders
        WHERE number_norm = ? AND status = 'open' ORDER BY deadline_at LIMIT ?`,
    ).all(numberNorm, limit) as (Omit<OpenWorkOrder, 'escalate'> & { escalate: number })[]
  ).map((w) => ({ ...w, escalate: w.escalate === 1 }));
}

// ---------------------------------------------------------------- lists

export interface CallListRow {
  readonly callId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly remoteNumber: string;
  readonly numberNorm: string | null;
  readonly region: string | null;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly endReason: string | null;
  readonly category: string | null;
  readonly wrapUp: WrapUpStatus | null;
}

export function listCalls(db: Database, limit: number, incompleteOnly: boolean): CallListRow[] {
  const sql = incompleteOnly
    ? `SELECT c.id AS callId, c.direction, c.remote_number AS remoteNumber, c.number_norm AS numberNorm, c.region,
              c.started_at AS startedAt, c.answered_at AS answeredAt, c.ended_at AS endedAt, c.end_reason AS endReason, NULLIF(w.category, '') AS category, w.status AS wrapUp
         FROM wrap_ups w JOIN calls c ON c.id = w.call_id
        WHERE w.status = 'draft' AND c.ended_at IS NOT NULL AND (c.answered_at IS NOT NULL OR c.direction = 'outbound')
        ORDER BY w.updated_at DESC LIMIT ?`
    : `SELECT c.id AS callId, c.direction, c.remote_number AS remoteNumber, c.number_norm AS numberNorm, c.region,
              c.started_at AS startedAt, c.answered_at AS answeredAt, c.ended_at AS endedAt, c.end_reason AS endReason, NULLIF(w.category, '') AS category, w.status AS wrapUp
         FROM calls c LEFT JOIN wrap_ups w ON w.call_id = c.id
        ORDER BY c.started_at DESC, c.rowid DESC LIMIT ?`;
  return prepared(db, sql).all(limit) as CallListRow[];
}

export interface ExportRow extends CallRecordSource {
  readonly agentNo: string | null;
  readonly agentName: string | null;
  readonly category: string | null;
  readonly subTopic: string | null;
  readonly area: string | null;
  readonly notes: string | null;
  readonly outcome: string | null;
  readonly outcomeDetail: string | null;
  readonly articlesJson: string | null;
  readonly wrapUpStatus: string | null;
  readonly workOrders: string | null;
}

export function* exportRows(db: Database, from: number, to: number): Generator<ExportRow> {
  const statement = db.prepare(
    `SELECT ${callColumns('c.')}, w.agent_no AS agentNo, w.agent_name AS agentName,
            w.category, w.sub_topic AS subTopic, w.area, w.notes, w.outcome, w.outcome_detail AS outcomeDetail,
            w.articles_json AS articlesJson, w.status AS wrapUpStatus,
            (SELECT json_group_array(json_object('id', o.id, 'department', o.department, 'summary', o.summary,
                    'deadlineAt', o.deadline_at, 'priority', o.priority, 'escalate', o.escalate, 'status', o.status))
               FROM work_orders o WHERE o.call_id = c.id) AS workOrders
       FROM calls c LEFT JOIN wrap_ups w ON w.call_id = c.id
      WHERE c.started_at >= ? AND c.started_at < ?
      ORDER BY c.started_at, c.rowid`,
  );
  for (const row of statement.iterate(from, to) as Iterable<RawCall<ExportRow>>) {
    yield { ...row, autoAnswered: row.autoAnswered === 1 };
  }
}

export function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
