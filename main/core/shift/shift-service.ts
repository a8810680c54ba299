/**
 * Agents at the seat: sign-in (with the PIN the centre set, if any), the
 * shift it opens, sign-out, the handover note, phrases used and pinned,
 * promised callbacks and the shift summary.
 *
 * Other services learn who is signed in through `currentAgent()` (injected by
 * the composition root); calls get the agent from the open shift by the
 * trigger of migration 0050.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type {
  CallPhraseUse,
  CallbackOutcome,
  HandoverNote,
  OpenItem,
  PhraseUse,
  ShiftInfo,
  ShiftState,
  ShiftSummary,
  SignedInAgent,
} from '../../contract/index.js';
import { CoreError } from '../base/core-error.js';
import { createLogger } from '../base/log.js';
import { hashPin, verifyPin } from './pin-hash.js';
import {
  callbackExists,
  insertCallbackOutcome,
  openCallbacks,
  recordFigures,
  workOrdersNearDeadline,
  type RecordFigures,
} from './records-figures.js';
import {
  acknowledgeNote,
  closeShift,
  getAgent,
  getNote,
  getShift,
  insertPhraseUse,
  insertShift,
  listCallPhrases,
  listPinnedPhrases,
  listShifts,
  noteForShift,
  openShift,
  pendingNote,
  refreshNoteItems,
  saveNote,
  setAgentPinHash,
  setPhrasePinned,
  upsertAgent,
} from './shift-queries.js';
import { agentsInRange, callFigures, callsPerHour, type SummaryRange } from './shift-summary-queries.js';

const log = createLogger('shift');

/** Work orders due within this are "near their deadline" for the handover. */
const nearDeadlineMs = 48 * 3_600_000;

export interface CurrentAgent {
  readonly agentNo: string;
  readonly agentName: string;
  readonly shiftId: string;
}

/** Satisfaction and response rate (0–1, null until ratings exist) of a range; the survey feature provides it. */
export type RatingFigures = (range: SummaryRange) => { satisfactionRate: number | null; responseRate: number | null };

export interface ShiftServiceOptions {
  readonly db: Database;
  /** The seat's number (from the profile). */
  readonly seatNumber: () => string;
  readonly onChange: (state: ShiftState) => void;
  /**
   * Sends a record to the centre through the records outbox. Called inside
   * the transaction that writes what it reports (while the agent it names is
   * still signed in), so both land or neither.
   */
  readonly sendToCentre?: (record: { kind: string; id: string; callId?: string; body: unknown }) => void;
  readonly ratings?: RatingFigures;
  /** True while the seat has a call up: the agent cannot sign out (or be replaced) in the middle of it. */
  readonly onCall?: () => boolean;
  readonly now?: () => number;
  readonly newId?: () => string;
}

export interface ShiftService {
  state(): ShiftState;
  currentAgent(): CurrentAgent | null;
  signIn(input: { agentNo: string; name: string; pin?: string | undefined }): ShiftState;
  signOut(): ShiftState;
  setAgentPin(input: { agentNo: string; name: string; pin: string | null }): void;
  saveHandoverNote(text: string): HandoverNote;
  acknowledgeHandover(noteId: string): ShiftState;
  recordPhraseUse(input: { callId: string; phraseId: string; use: PhraseUse }): void;
  listCallPhrases(callId: string): CallPhraseUse[];
  /** The call's record is complete: the phrases used on it go to the centre with it. */
  callRecordCompleted(callId: string): void;
  setPhrasePinned(phraseId: string, pinned: boolean): string[];
  setCallbackOutcome(callbackId: string, outcome: CallbackOutcome): ShiftState;
  summary(input: { shiftId?: string | undefined; day?: string; tzOffsetMinutes: number }): ShiftSummary;
  listShifts(limit: number): ShiftInfo[];
  /** Something the shift shows changed elsewhere (a wrap-up promised a callback): push the state again. */
  refresh(): void;
}

export function createShiftService(options: ShiftServiceOptions): ShiftService {
  const { db } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => randomUUID());

  const agentOf = (shift: ShiftInfo | undefined): SignedInAgent | null =>
    shift ? { agentNo: shift.agentNo, name: shift.agentName, shiftId: shift.id, since: shift.startedAt } : null;

  const openItems = (at: number): OpenItem[] => [
    ...openCallbacks(db, at).map(
      (c): OpenItem => ({ kind: 'callback', id: c.id, title: c.note || c.callerName || c.number, dueAt: c.dueAt, callerNumber: c.number }),
    ),
    ...workOrdersNearDeadline(db, at, nearDeadlineMs),
  ];

  const state = (): ShiftState => {
    const shift = openShift(db);
    return {
      agent: agentOf(shift),
      draft: shift ? (noteForShift(db, shift.id) ?? null) : null,
      pendingHandover: pendingNote(db, shift?.id ?? null) ?? null,
      callbacks: openCallbacks(db, now()),
      pinnedPhraseIds: shift ? listPinnedPhrases(db, shift.agentNo) : [],
    };
  };

  const changed = (): ShiftState => {
    const s = state();
    options.onChange(s);
    return s;
  };

  const requireShift = (): ShiftInfo => {
    const shift = openShift(db);
    if (!shift) throw new CoreError('conflict', 'No agent is signed in at this seat.');
    return shift;
  };

  const invalidPin = (code: 'pin.required' | 'pin.wrong', message: string) =>
    new CoreError('invalid', message, [{ path: 'pin', code, message }]);

  const endShift = (shift: ShiftInfo, at: number): void => {
    db.transaction(() => {
      // Sent while the shift is still open, so the record names its agent.
      options.sendToCentre?.({
        kind: 'shift',
        id: `shift-${shift.id}`,
        body: { shiftId: shift.id, agentNo: shift.agentNo, agentName: shift.agentName, seatNumber: shift.seatNumber, startedAt: shift.startedAt, endedAt: at },
      });
      closeShift(db, shift.id, at);
      // The note carries the open items as they are at the end of the shift.
      if (noteForShift(db, shift.id)) refreshNoteItems(db, shift.id, openItems(at), at);
    })();
  };

  return {
    state,
    currentAgent() {
      const shift = openShift(db);
      return shift ? { agentNo: shift.agentNo, agentName: shift.agentName, shiftId: shift.id } : null;
    },
    signIn({ agentNo, name, pin }) {
      const at = now();
      const known = getAgent(db, agentNo);
      if (known?.pinHash) {
        if (pin === undefined || pin === '') throw invalidPin('pin.required', 'This agent signs in with a PIN.');
        if (!verifyPin(pin, known.pinHash)) throw invalidPin('pin.wrong', 'The PIN is not right.');
      }
      const open = openShift(db);
      if (open?.agentNo === agentNo) return state();
      if (open && options.onCall?.()) throw new CoreError('conflict', `Agent ${open.agentNo} is on a call; sign in after it ends.`);
      if (open) {
        log.warn(`agent ${open.agentNo} did not sign out; their shift ends as ${agentNo} signs in`);
        endShift(open, at);
      }
      db.transaction(() => {
        // A PIN-protected agent's name is the centre's; others may correct their own.
        if (!known?.pinHash) upsertAgent(db, agentNo, name, at);
        insertShift(db, { id: newId(), agentNo, agentName: known?.pinHash ? known.name : name, seatNumber: options.seatNumber(), startedAt: at });
      })();
      log.info(`agent ${agentNo} signed in`);
      return changed();
    },
    signOut() {
      const shift = openShift(db);
      if (!shift) return state();
      if (options.onCall?.()) throw new CoreError('conflict', 'Sign out after the call ends.');
      endShift(shift, now());
      log.info(`agent ${shift.agentNo} signed out`);
      return changed();
    },
    setAgentPin({ agentNo, name, pin }) {
      setAgentPinHash(db, agentNo, name, pin === null ? null : hashPin(pin), now());
    },
    saveHandoverNote(text) {
      const shift = requireShift();
      const at = now();
      const existing = noteForShift(db, shift.id);
      saveNote(db, { id: existing?.id ?? newId(), shiftId: shift.id, agentNo: shift.agentNo, agentName: shift.agentName, text, openItems: openItems(at), at });
      const note = noteForShift(db, shift.id) as HandoverNote;
      options.onChange(state());
      return note;
    },
    acknowledgeHandover(noteId) {
      const shift = requireShift();
      const note = getNote(db, noteId);
      if (!note) throw new CoreError('not-found', `No handover note ${noteId}.`);
      if (note.shiftId === shift.id) throw new CoreError('conflict', 'An agent cannot acknowledge their own handover note.');
      const at = now();
      db.transaction(() => {
        if (!acknowledgeNote(db, noteId, shift.agentNo, shift.id, at)) return;
        options.sendToCentre?.({
          kind: 'handover-ack',
          id: `handover-ack-${noteId}`,
          body: {
            noteId,
            fromShiftId: note.shiftId,
            fromAgentNo: note.agentNo,
            text: note.text,
            openItems: note.openItems,
            writtenAt: note.writtenAt,
            acknowledgedAt: at,
            acknowledgedBy: shift.agentNo,
            acknowledgedShiftId: shift.id,
            seatNumber: shift.seatNumber,
          },
        });
      })();
      return changed();
    },
    recordPhraseUse({ callId, phraseId, use }) {
      insertPhraseUse(db, { callId, phraseId, use, at: now(), agentNo: openShift(db)?.agentNo ?? null });
    },
    listCallPhrases: (callId) => listCallPhrases(db, callId),
    callRecordCompleted(callId) {
      const uses = listCallPhrases(db, callId);
      if (uses.length === 0) return;
      // The id grows with the uses, so a later completion with more phrases is a new record, not a repeat.
      options.sendToCentre?.({ kind: 'call-phrases', id: `phrases-${callId}-${uses.length}`, callId, body: { callId, phrases: uses } });
    },
    setPhrasePinned(phraseId, pinned) {
      const shift = requireShift();
      setPhrasePinned(db, shift.agentNo, phraseId, pinned, now());
      return listPinnedPhrases(db, shift.agentNo);
    },
    setCallbackOutcome(callbackId, outcome) {
      if (!callbackExists(db, callbackId)) throw new CoreError('not-found', `No promised callback ${callbackId}.`);
      const shift = openShift(db);
      const at = now();
      db.transaction(() => {
        insertCallbackOutcome(db, { callbackId, outcome, at, agentNo: shift?.agentNo ?? null, shiftId: shift?.id ?? null });
        options.sendToCentre?.({
          kind: 'callback-outcome',
          id: `callback-${callbackId}-${at}`,
          body: { callbackId, callId: callbackId, outcome, at, agentNo: shift?.agentNo ?? null, shiftId: shift?.id ?? null },
        });
      })();
      return changed();
    },
    summary(input) {
      const at = now();
      let range: SummaryRange;
      let shift: ShiftInfo | null = null;
      if (input.day !== undefined) {
        const [y, m, d] = input.day.split('-').map(Number) as [number, number, number];
        const from = Date.UTC(y, m - 1, d) + input.tzOffsetMinutes * 60_000;
        range = { kind: 'span', from, to: from + 86_400_000 };
      } else {
        shift = (input.shiftId !== undefined ? getShift(db, input.shiftId) : (openShift(db) ?? listShifts(db, 1)[0])) ?? null;
        if (input.shiftId !== undefined && !shift) throw new CoreError('not-found', `No shift ${input.shiftId}.`);
        range = shift
          ? { kind: 'shift', shiftId: shift.id, from: shift.startedAt, to: Math.max(shift.endedAt ?? at, shift.startedAt + 1) }
          : { kind: 'span', from: at, to: at + 1 };
      }
      const calls = callFigures(db, range);
      const records = guardedRecords(db, range);
      const ratings = options.ratings?.(range) ?? { satisfactionRate: null, responseRate: null };
      return {
        shift,
        from: range.from,
        to: range.to,
        ...calls,
        ...records,
        callsPerHour: callsPerHour(db, range, input.tzOffsetMinutes),
        satisfactionRate: ratings.satisfactionRate,
        responseRate: ratings.responseRate,
        agents: agentsInRange(db, range),
      };
    },
    listShifts: (limit) => listShifts(db, limit),
    refresh() {
      changed();
    },
  };
}

function guardedRecords(db: Database, range: SummaryRange): RecordFigures {
  try {
    return recordFigures(db, range);
  } catch (error) {
    log.error('cannot read the records figures', error);
    return { categories: [], averageWrapUpMs: null, workOrders: 0 };
  }
}
