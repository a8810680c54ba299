/**
 * SQL for agents, shifts, handover notes, phrases used and pinned, as plain
 * functions taking the database first.
 */
import type { Database } from 'better-sqlite3';
import { prepared } from '../db/prepared-statement.js';
import type { CallPhraseUse, HandoverNote, OpenItem, PhraseUse, ShiftInfo } from '../../contract/index.js';


// ---------------------------------------------------------------- agents

export interface AgentRow {
  readonly agentNo: string;
  readonly name: string;
  readonly pinHash: string | null;
}

export function getAgent(db: Database, agentNo: string): AgentRow | undefined {
  const row = prepared(db, 'SELECT agent_no, name, pin_hash FROM agents WHERE agent_no = ?').get(agentNo) as
    | { agent_no: string; name: string; pin_hash: string | null }
    | undefined;
  return row && { agentNo: row.agent_no, name: row.name, pinHash: row.pin_hash };
}

/** Adds the agent or updates the name; the PIN hash stays. */
export function upsertAgent(db: Database, agentNo: string, name: string, at: number): void {
  prepared(
    db,
    `INSERT INTO agents (agent_no, name, pin_hash, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)
     ON CONFLICT (agent_no) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`,
  ).run(agentNo, name, at, at);
}

export function setAgentPinHash(db: Database, agentNo: string, name: string, pinHash: string | null, at: number): void {
  prepared(
    db,
    `INSERT INTO agents (agent_no, name, pin_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (agent_no) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash, updated_at = excluded.updated_at`,
  ).run(agentNo, name, pinHash, at, at);
}

// ---------------------------------------------------------------- shifts

interface ShiftRow {
  id: string;
  agent_no: string;
  agent_name: string;
  seat_number: string;
  started_at: number;
  ended_at: number | null;
}

const toShift = (r: ShiftRow): ShiftInfo => ({
  id: r.id,
  agentNo: r.agent_no,
  agentName: r.agent_name,
  seatNumber: r.seat_number,
  startedAt: r.started_at,
  endedAt: r.ended_at,
});

export function openShift(db: Database): ShiftInfo | undefined {
  const row = prepared(db, 'SELECT * FROM shifts WHERE ended_at IS NULL').get() as ShiftRow | undefined;
  return row && toShift(row);
}

export function getShift(db: Database, id: string): ShiftInfo | undefined {
  const row = prepared(db, 'SELECT * FROM shifts WHERE id = ?').get(id) as ShiftRow | undefined;
  return row && toShift(row);
}

export function listShifts(db: Database, limit: number): ShiftInfo[] {
  return (prepared(db, 'SELECT * FROM shifts ORDER BY started_at DESC LIMIT ?').all(limit) as ShiftRow[]).map(toShift);
}

export function insertShift(db: Database, shift: Omit<ShiftInfo, 'endedAt'>): void {
  prepared(
    db,
    'INSERT INTO shifts (id, agent_no, agent_name, seat_number, started_at, ended_at) VALUES (@id, @agentNo, @agentName, @seatNumber, @startedAt, NULL)',
  ).run(shift);
}

export function closeShift(db: Database, id: string, at: number): boolean {
  return prepared(db, 'UPDATE shifts SET ended_at = max(?, started_at) WHERE id = ? AND ended_at IS NULL').run(at, id).changes > 0;
}

// ---------------------------------------------------------------- handover notes

interface NoteRow {
  id: string;
  shift_id: string;
  agent_no: string;
  agent_name: string;
  text: string;
  open_items_json: string;
  written_at: number;
  updated_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
}

const toNote = (r: NoteRow): HandoverNote => ({
  id: r.id,
  shiftId: r.shift_id,
  agentNo: r.agent_no,
  agentName: r.agent_name,
  text: r.text,
  openItems: parseItems(r.open_items_json),
  writtenAt: r.written_at,
  updatedAt: r.updated_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
});

export function noteForShift(db: Database, shiftId: string): HandoverNote | undefined {
  const row = prepared(db, 'SELECT * FROM handover_notes WHERE shift_id = ?').get(shiftId) as NoteRow | undefined;
  return row && toNote(row);
}

export function getNote(db: Database, id: string): HandoverNote | undefined {
  const row = prepared(db, 'SELECT * FROM handover_notes WHERE id = ?').get(id) as NoteRow | undefined;
  return row && toNote(row);
}

/** The newest note of another shift nobody has acknowledged yet. */
export function pendingNote(db: Database, exceptShiftId: string | null): HandoverNote | undefined {
  const row = prepared(
    db,
    `SELECT * FROM handover_notes WHERE acknowledged_at IS NULL AND shift_id IS NOT ?
     ORDER BY updated_at DESC LIMIT 1`,
  ).get(exceptShiftId) as NoteRow | undefined;
  return row && toNote(row);
}

export function saveNote(
  db: Database,
  note: { id: string; shiftId: string; agentNo: string; agentName: string; text: string; openItems: readonly OpenItem[]; at: number },
): void {
  prepared(
    db,
    `INSERT INTO handover_notes (id, shift_id, agent_no, agent_name, text, open_items_json, written_at, updated_at)
     VALUES (@id, @shiftId, @agentNo, @agentName, @text, @items, @at, @at)
     ON CONFLICT (shift_id) DO UPDATE SET text = excluded.text, open_items_json = excluded.open_items_json,
       updated_at = excluded.updated_at`,
  ).run({ ...note, items: JSON.stringify(note.openItems) });
}

/** Refreshes the open items of a shift's note (at sign-out), keeping its text. */
export function refreshNoteItems(db: Database, shiftId: string, openItems: readonly OpenItem[], at: number): void {
  prepared(db, 'UPDATE handover_notes SET open_items_json = ?, updated_at = ? WHERE shift_id = ?').run(JSON.stringify(openItems), at, shiftId);
}

/** Returns false when the note was already acknowledged (or does not exist). */
export function acknowledgeNote(db: Database, id: string, by: string, shiftId: string, at: number): boolean {
  return (
    prepared(
      db,
      `UPDATE handover_notes SET acknowledged_at = ?, acknowledged_by = ?, acknowledged_shift_id = ?
       WHERE id = ? AND acknowledged_at IS NULL`,
    ).run(at, by, shiftId, id).changes > 0
  );
}

function parseItems(text: string): OpenItem[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as OpenItem[]) : [];
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------- phrases

export function insertPhraseUse(db: Database, use: { callId: string; phraseId: string; use: PhraseUse; at: number; agentNo: string | null }): void {
  prepared(
    db,
    'INSERT OR IGNORE INTO call_phrases (call_id, phrase_id, use, at, agent_no) VALUES (@callId, @phraseId, @use, @at, @agentNo)',
  ).run(use);
}

export function listCallPhrases(db: Database, callId: string): CallPhraseUse[] {
  return (
    prepared(db, 'SELECT phrase_id, use, at FROM call_phrases WHERE call_id = ? ORDER BY at, phrase_id').all(callId) as {
      phrase_id: string;
      use: PhraseUse;
      at: number;
    }[]
  ).map((r) => ({ phraseId: r.phrase_id, use: r.use, at: r.at }));
}

export function listPinnedPhrases(db: Database, agentNo: string): string[] {
  return prepared(db, 'SELECT phrase_id FROM phrase_pins WHERE agent_no = ? ORDER BY pinned_at, phrase_id').pluck().all(agentNo) as string[];
}

export function setPhrasePinned(db: Database, agentNo: string, phraseId: string, pinned: boolean, at: number): void {
  if (pinned) prepared(db, 'INSERT OR IGNORE INTO phrase_pins (agent_no, phrase_id, pinned_at) VALUES (?, ?, ?)').run(agentNo, phraseId, at);
  else prepared(db, 'DELETE FROM phrase_pins WHERE agent_no = ? AND phrase_id = ?').run(agentNo, phraseId);
}
