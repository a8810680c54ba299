/**
 * Shift part of the contract: an agent signs in at the seat (工号, name,
 * optional PIN the centre sets), works a shift, writes the handover note
 * (交接班) and signs out; the next agent sees the note until acknowledging
 * it. Also the phrases used on a call, pinned phrases, promised callbacks and
 * the shift summary.
 *
 * ```
 *  no agent ──signIn──▶ signed in (shift open) ──signOut──▶ no agent
 *                         │  saveHandoverNote (as typed)
 *                         │  acknowledgeHandover (the previous shift's note)
 *   ◀── shiftChanged {state}   every change of who is signed in, the notes, the callbacks
 * ```
 *
 * The seat (SIP identity, devices, seat number) is the profile; the agent is
 * here. Records carry both.
 */
import { z } from 'zod';

const agentNo = z.string().trim().regex(/^[0-9]{1,8}$/, { error: 'agentNo.format' });
// The name can reach SIP text (a display name): no line breaks or other control characters.
const agentName = z
  .string()
  .trim()
  .min(1, { error: 'agentName.required' })
  .max(32, { error: 'agentName.tooLong' })
  .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/, { error: 'agentName.controls' });
const pin = z.string().regex(/^[0-9]{4,8}$/, { error: 'pin.format' });
const recordId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'id.format' });
/** Minutes to add to local time to get UTC, as `Date#getTimezoneOffset()` gives it (-480 for UTC+8). */
const tzOffsetMinutes = z.int({ error: 'tzOffset.range' }).min(-840, { error: 'tzOffset.range' }).max(840, { error: 'tzOffset.range' });

export const callbackOutcomes = ['done', 'not-reached'] as const;
export type CallbackOutcome = (typeof callbackOutcomes)[number];

export const phraseUses = ['copied', 'ticked'] as const;
export type PhraseUse = (typeof phraseUses)[number];

export const shiftRequestSchemas = {
  /** Who is signed in, the note waiting for acknowledgement, the callbacks. */
  getShiftState: z.strictObject({}),
  signIn: z.strictObject({ agentNo, name: agentName, pin: z.string().max(8, { error: 'pin.format' }).optional() }),
  /** Ends the shift (the handover note stays as last saved). */
  signOut: z.strictObject({}),
  /** The centre sets (or clears, with null) an agent's PIN; only a hash is kept. */
  setAgentPin: z.strictObject({ agentNo, name: agentName, pin: pin.nullable() }),
  /** Saves the current shift's handover note as typed; open items are gathered by the core. */
  saveHandoverNote: z.strictObject({ text: z.string().max(4000, { error: 'handover.tooLong' }) }),
  acknowledgeHandover: z.strictObject({ noteId: recordId }),
  /** A phrase was used on a call (copied, or ticked on the checklist). */
  recordPhraseUse: z.strictObject({ callId: recordId, phraseId: z.string().min(1).max(128), use: z.enum(phraseUses) }),
  listCallPhrases: z.strictObject({ callId: recordId }),
  setPhrasePinned: z.strictObject({ phraseId: z.string().min(1).max(128), pinned: z.boolean() }),
  setCallbackOutcome: z.strictObject({ callbackId: recordId, outcome: z.enum(callbackOutcomes, { error: 'callbackOutcome.invalid' }) }),
  /** One shift (default: the current one, else the last) or one local day. */
  getShiftSummary: z.union([
    z.strictObject({ shiftId: recordId.optional(), tzOffsetMinutes }),
    z.strictObject({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'day.format' }), tzOffsetMinutes }),
  ]),
  listShifts: z.strictObject({ limit: z.int().min(1).max(200).default(30) }),
};

export interface SignedInAgent {
  readonly agentNo: string;
  readonly name: string;
  readonly shiftId: string;
  /** Epoch ms. */
  readonly since: number;
}

export interface ShiftInfo {
  readonly id: string;
  readonly agentNo: string;
  readonly agentName: string;
  readonly seatNumber: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
}

/** Something the next agent must follow up. */
export type OpenItem =
  | {
      readonly kind: 'work-order';
      readonly id: string;
      readonly title: string;
      readonly deadlineAt: number | null;
      readonly callerNumber: string | null;
    }
  | {
      readonly kind: 'callback';
      readonly id: string;
      readonly title: string;
      readonly dueAt: number;
      readonly callerNumber: string;
    };

export interface HandoverNote {
  readonly id: string;
  readonly shiftId: string;
  readonly agentNo: string;
  readonly agentName: string;
  readonly text: string;
  readonly openItems: readonly OpenItem[];
  readonly writtenAt: number;
  readonly updatedAt: number;
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
}

export interface PromisedCallback {
  readonly id: string;
  readonly callId: string | null;
  readonly number: string;
  readonly callerName: string | null;
  readonly note: string;
  readonly dueAt: number;
  readonly promisedBy: string | null;
  readonly outcome: CallbackOutcome | null;
  readonly outcomeAt: number | null;
}

export interface ShiftState {
  readonly agent: SignedInAgent | null;
  /** The current shift's own note (what this agent is writing). */
  readonly draft: HandoverNote | null;
  /** The previous shift's note, shown until acknowledged. */
  readonly pendingHandover: HandoverNote | null;
  /** Open callbacks, soonest first; `dueAt <= now` ones are due. */
  readonly callbacks: readonly PromisedCallback[];
  /** Phrases the signed-in agent pinned. */
  readonly pinnedPhraseIds: readonly string[];
}

export interface CallPhraseUse {
  readonly phraseId: string;
  readonly use: PhraseUse;
  readonly at: number;
}

export interface CountByName {
  readonly name: string;
  readonly count: number;
}

export interface HourCount {
  /** Epoch ms of the start of the local hour. */
  readonly hourStart: number;
  readonly count: number;
}

export interface ShiftSummary {
  /** The shift summarised, or null for a day. */
  readonly shift: ShiftInfo | null;
  readonly from: number;
  readonly to: number;
  readonly calls: number;
  readonly answered: number;
  readonly missed: number;
  readonly rejected: number;
  /** Milliseconds; null without answered calls. */
  readonly averageHandleMs: number | null;
  /** Milliseconds from hang-up to the saved wrap-up; null without wrap-ups. */
  readonly averageWrapUpMs: number | null;
  readonly categories: readonly CountByName[];
  readonly callsPerHour: readonly HourCount[];
  readonly workOrders: number;
  /** 0–1; null until ratings exist. */
  readonly satisfactionRate: number | null;
  readonly responseRate: number | null;
  /** Agents who worked in the range (a day may have several). */
  readonly agents: readonly CountByName[];
}

export interface ShiftRequestResults {
  getShiftState: ShiftState;
  signIn: ShiftState;
  signOut: ShiftState;
  setAgentPin: null;
  saveHandoverNote: HandoverNote;
  acknowledgeHandover: ShiftState;
  recordPhraseUse: null;
  listCallPhrases: readonly CallPhraseUse[];
  setPhrasePinned: readonly string[];
  setCallbackOutcome: ShiftState;
  getShiftSummary: ShiftSummary;
  listShifts: readonly ShiftInfo[];
}

export interface ShiftEvents {
  shiftChanged: ShiftState;
}

export const shiftEventNames = ['shiftChanged'] as const satisfies readonly (keyof ShiftEvents)[];

/** English text for the shift's validation keys (merged into `validationMessages`). */
export const shiftValidationMessages: Readonly<Record<string, string>> = {
  'agentNo.format': 'The agent number (工号) must be 1 to 8 digits.',
  'agentName.required': 'Enter the agent’s name.',
  'agentName.tooLong': 'The name must be at most 32 characters.',
  'agentName.controls': 'The name cannot contain line breaks or control characters.',
  'pin.format': 'A PIN is 4 to 8 digits.',
  'id.format': 'Id is not valid.',
  'tzOffset.range': 'Time-zone offset must be within ±14 hours.',
  'handover.tooLong': 'The handover note must be at most 4000 characters.',
  'callbackOutcome.invalid': 'Outcome must be done or not-reached.',
  'day.format': 'Day must look like 2026-12-06.',
};
