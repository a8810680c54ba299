/**
 * SQL for the survey, as plain functions taking the database first.
 */
import type { Database } from 'better-sqlite3';
import type { SurveyGrade, SurveyModeTaken, SurveyRates, SurveySource, SurveyStatus, SurveyView } from '../../contract/index.js';
import { prepared } from '../db/prepared-statement.js';

/** A stored survey: what the agent sees of it (no live step), plus the call's centre id and the agent. */
export interface SurveyRow extends Omit<SurveyView, 'step'> {
  readonly centreCallId: string | null;
  readonly agentNo: string | null;
}

interface RawRow {
  call_id: string;
  centre_call_id: string | null;
  mode: SurveyModeTaken;
  status: SurveyStatus;
  rating: number | null;
  label: string | null;
  grade: SurveyGrade | null;
  dissatisfied: number;
  source: SurveySource | null;
  caller_words: string;
  agent_no: string | null;
  offered_at: number;
  answered_at: number | null;
}

function fromRaw(r: RawRow): SurveyRow {
  return {
    callId: r.call_id,
    centreCallId: r.centre_call_id,
    mode: r.mode,
    status: r.status,
    rating: r.rating,
    label: r.label,
    grade: r.grade,
    dissatisfied: r.dissatisfied === 1,
    source: r.source,
    callerWords: r.caller_words,
    agentNo: r.agent_no,
    offeredAt: r.offered_at,
    answeredAt: r.answered_at,
  };
}

export function readSurvey(db: Database, callId: string): SurveyRow | null {
  const raw = prepared(db, 'SELECT * FROM survey_results WHERE call_id = ?').get(callId) as RawRow | undefined;
  return raw ? fromRaw(raw) : null;
}

export function callExists(db: Database, callId: string): { centreCallId: string | null } | null {
  const row = prepared(db, 'SELECT centre_call_id FROM calls WHERE id = ?').get(callId) as { centre_call_id: string | null } | undefined;
  return row ? { centreCallId: row.centre_call_id } : null;
}

/** The seat's call for a centre call id (X-Call-Uid) or its own id. */
export function findCallId(db: Database, anyId: string): string | null {
  const own = prepared(db, 'SELECT id FROM calls WHERE id = ?').pluck().get(anyId) as string | undefined;
  if (own) return own;
  const byCentre = prepared(db, 'SELECT id FROM calls WHERE centre_call_id = ? ORDER BY started_at DESC LIMIT 1').pluck().get(anyId) as string | undefined;
  return byCentre ?? null;
}

/** A survey was offered (or handed to the IVR): no result yet. Keeps an existing row's result. */
export function writeOffered(db: Database, row: { callId: string; centreCallId: string | null; mode: SurveyModeTaken; agentNo: string | null; at: number }): void {
  prepared(
    db,
    `INSERT INTO survey_results (call_id, centre_call_id, mode, status, agent_no, offered_at, updated_at)
     VALUES (?, ?, ?, 'offered', ?, ?, ?)
     ON CONFLICT (call_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at
       WHERE survey_results.status = 'offered'`,
  ).run(row.callId, row.centreCallId, row.mode, row.agentNo, row.at, row.at);
}

export interface ResultWrite {
  readonly callId: string;
  readonly centreCallId: string | null;
  readonly mode: SurveyModeTaken;
  readonly status: Exclude<SurveyStatus, 'offered'>;
  readonly rating: number;
  readonly label: string | null;
  readonly grade: SurveyGrade | null;
  readonly source: SurveySource | null;
  readonly callerWords: string;
  readonly agentNo: string | null;
  readonly at: number;
}

export function writeResult(db: Database, r: ResultWrite): void {
  prepared(
    db,
    `INSERT INTO survey_results (call_id, centre_call_id, mode, status, rating, label, grade, dissatisfied, source, caller_words, agent_no, offered_at, answered_at, updated_at)
     VALUES (@callId, @centreCallId, @mode, @status, @rating, @label, @grade, @dissatisfied, @source, @callerWords, @agentNo, @at, @at, @at)
     ON CONFLICT (call_id) DO UPDATE SET
       mode = excluded.mode, status = excluded.status, rating = excluded.rating, label = excluded.label,
       grade = excluded.grade, dissatisfied = excluded.dissatisfied, source = excluded.source,
       caller_words = excluded.caller_words, answered_at = excluded.answered_at, updated_at = excluded.updated_at`,
  ).run({ ...r, dissatisfied: r.grade === 'dissatisfied' ? 1 : 0 });
}

/**
 * Satisfaction and response between `from` and `to` (epoch ms, by offer
 * time): satisfied / rated and rated / offered, as the centre publishes them.
 */
export function surveyRates(db: Database, from: number, to: number): SurveyRates {
  const r = db
    .prepare(
      `SELECT COUNT(*) AS offered,
              COALESCE(SUM(status = 'rated'), 0) AS rated,
              COALESCE(SUM(status = 'rated' AND grade = 'satisfied'), 0) AS satisfied,
              COALESCE(SUM(status = 'rated' AND dissatisfied = 1), 0) AS dissatisfied,
              COALESCE(SUM(status = 'no-response'), 0) AS noResponse,
              COALESCE(SUM(status = 'invalid'), 0) AS invalid
         FROM survey_results WHERE offered_at >= ? AND offered_at < ?`,
    )
    .get(from, to) as { offered: number; rated: number; satisfied: number; dissatisfied: number; noResponse: number; invalid: number };
  return {
    from,
    to,
    ...r,
    satisfactionRate: r.rated > 0 ? r.satisfied / r.rated : null,
    responseRate: r.offered > 0 ? r.rated / r.offered : null,
  };
}

/** `surveyRates` for each local day in [from, to) (a day = local midnight to midnight). */
export function surveyRatesPerDay(db: Database, from: number, to: number): SurveyRates[] {
  const out: SurveyRates[] = [];
  let start = new Date(from);
  start = new Date(start.getFullYear(), start.getMonth(), start.getDate());
  while (start.getTime() < to) {
    const next = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
    out.push(surveyRates(db, Math.max(from, start.getTime()), Math.min(to, next.getTime())));
    start = next;
  }
  return out;
}

export function readSettingsRow(db: Database): { json: string; pollCursor: string } | null {
  const row = prepared(db, 'SELECT settings_json, poll_cursor FROM survey_settings WHERE id = 1').get() as { settings_json: string; poll_cursor: string } | undefined;
  return row ? { json: row.settings_json, pollCursor: row.poll_cursor } : null;
}

export function writeSettingsRow(db: Database, json: string, at: number): void {
  prepared(
    db,
    `INSERT INTO survey_settings (id, settings_json, updated_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET settings_json = excluded.settings_json, updated_at = excluded.updated_at`,
  ).run(json, at);
}

export function writePollCursor(db: Database, cursor: string, at: number): void {
  prepared(
    db,
    `INSERT INTO survey_settings (id, settings_json, poll_cursor, updated_at) VALUES (1, '{}', ?, ?)
     ON CONFLICT (id) DO UPDATE SET poll_cursor = excluded.poll_cursor`,
  ).run(cursor, at);
}
