/**
 * Softphone part of the contract: requests the renderer makes of the phone
 * service, the live call snapshots and the events the phone service pushes.
 *
 * ```
 *  renderer (UI)                         core (phone service)
 *    dial / answerCall / holdCall … ───▶  validates, acts on SIP
 *    ◀── callsChanged {calls}              every change of any live call
 *    ◀── callEnded {call}                  the final snapshot (reason, who hung up)
 *    ◀── autoAnswered {callId, …}          play the zip tone
 *    ◀── dtmfReceived {callId, digit}      caller pressed a key (SIP INFO)
 *  renderer (media engine, see media.ts)
 *    claimMedia ───────────────────────▶  "this client owns the audio devices"
 *    ◀── mediaRequest {id, method, …}      only to the claiming client
 *    mediaReply {id, ok, value|error} ──▶
 * ```
 *
 * Agent state and registration are not events of their own: they are parts
 * of the seat status (`statusChanged`, see status.ts).
 */
import { z } from 'zod';
import { dialNumberDecoration, dialNumberPattern } from './constants.js';
import { mediaReplySchema, type AnyMediaRequest } from './media.js';

// ---------------------------------------------------------------- validation

/** Call ids are minted by the core (`c-…`); never a SIP Call-ID. */
const callId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'callId.format' });

const sipUriTarget = /^sips?:(?:[A-Za-z0-9._~%!$&'()*+,;=?-]+@)?[A-Za-z0-9.-]+(?::\d{1,5})?(?:;[A-Za-z0-9._~%!$&'*+=:-]*)*$/;
const phoneNumberTarget = dialNumberPattern;
const numberDecoration = dialNumberDecoration;

/**
 * Normalises what the agent typed or pasted: a SIP URI stays as written, a
 * number loses its decoration (`010-1234 5678` → `01012345678`). The core
 * turns a bare number into `sip:NUMBER@<domain of the seat's sipUri>`.
 */
export function normalizeDialTarget(raw: string): string | null {
  const trimmed = raw.trim();
  if (/^sips?:/i.test(trimmed)) {
    const uri = trimmed.replace(/^sips?:/i, (scheme) => scheme.toLowerCase());
    return uri.length <= 256 && sipUriTarget.test(uri) ? uri : null;
  }
  const number = trimmed.replace(numberDecoration, '').replace(/^tel:/i, '');
  return phoneNumberTarget.test(number) ? number : null;
}

/** A number or a SIP URI; output is normalised (see `normalizeDialTarget`). */
export const dialTargetSchema = z
  .string({ error: 'dialTarget.required' })
  .max(300, { error: 'dialTarget.tooLong' })
  .refine((v) => v.trim() !== '', { error: 'dialTarget.required' })
  .refine((v) => v.trim() === '' || normalizeDialTarget(v) !== null, { error: 'dialTarget.format' })
  .transform((v) => normalizeDialTarget(v) ?? v);

export const rejectCodes = [486, 603] as const;
export type RejectCode = (typeof rejectCodes)[number];

export const notReadyReasons = ['break', 'meal', 'training', 'meeting'] as const;
export type NotReadyReason = (typeof notReadyReasons)[number];

/** What the agent may choose; the other agent states follow from calls. */
export const chosenAgentStates = ['ready', 'not-ready', 'offline'] as const;
export type ChosenAgentState = (typeof chosenAgentStates)[number];

const noParams = z.strictObject({});
const onCall = z.strictObject({ callId });

export const phoneRequestSchemas = {
  /** Live calls and the last number dialled (for a renderer that (re)attaches). */
  getPhoneState: noParams,
  answerCall: onCall,
  rejectCall: z.strictObject({
    callId,
    code: z.union(rejectCodes.map((c) => z.literal(c)), { error: 'rejectCode.invalid' }).default(486),
  }),
  hangupCall: onCall,
  dial: z.strictObject({ target: dialTargetSchema }),
  redial: noParams,
  holdCall: onCall,
  resumeCall: onCall,
  setMuted: z.strictObject({ callId, muted: z.boolean({ error: 'muted.invalid' }) }),
  sendDtmf: z.strictObject({
    callId,
    digits: z.string().regex(/^[0-9*#A-Da-d]{1,32}$/, { error: 'dtmf.format' }).transform((d) => d.toUpperCase()),
  }),
  transferBlind: z.strictObject({ callId, target: dialTargetSchema }),
  /** Puts the call on hold and dials the consult target. */
  startConsultTransfer: z.strictObject({ callId, target: dialTargetSchema }),
  /** REFER with Replaces: `callId` is either leg of a consult transfer. */
  completeTransfer: onCall,
  setAgentState: z
    .strictObject({
      state: z.enum(chosenAgentStates, { error: 'agentState.invalid' }),
      reason: z.enum(notReadyReasons, { error: 'agentReason.invalid' }).optional(),
    })
    .refine((p) => p.state !== 'not-ready' || p.reason !== undefined, { error: 'agentReason.required', path: ['reason'] })
    .refine((p) => p.state === 'not-ready' || p.reason === undefined, { error: 'agentReason.unexpected', path: ['reason'] }),
  extendWrapUp: z.strictObject({
    seconds: z.int({ error: 'wrapUpExtend.range' }).min(5, { error: 'wrapUpExtend.range' }).max(600, { error: 'wrapUpExtend.range' }),
  }),
  /** After a "failed" registration (wrong password, …): try again now. */
  retryRegistration: noParams,
  /** The media engine of this client owns the audio; media requests go to it only. */
  claimMedia: noParams,
  mediaReply: mediaReplySchema,
};

// ---------------------------------------------------------------- snapshots

export type CallDirection = 'inbound' | 'outbound';

/**
 * ```
 * inbound:  ringing ──answer──▶ answering ──200 OK sent──▶ active ──▶ ended
 * outbound: dialing ──18x──▶ alerting ──200 OK──▶ active ──▶ ended
 *           (any state) ──────────────────────────────────▶ ended
 * ```
 * `held` is a flag on `active` calls, true only after the re-INVITE succeeded.
 */
export type CallState = 'ringing' | 'answering' | 'dialing' | 'alerting' | 'active' | 'ended';

/**
 * Where a call is in its life, past the agent's part of it:
 *
 * ```
 *  call ──startSurvey──▶ survey ──finishSurvey / caller hangs up──▶ wrap-up ──closeCall──▶ closed
 *   └────────────── ended (answered) ──────────────────────────────▶ wrap-up
 *   └────────────── ended (never answered) ─────────────────────────────────────────────▶ closed
 * ```
 * `survey`: the agent's part is over but the SIP dialog stays up (state
 * `active`, agent microphone muted) while the survey plays prompts and waits
 * for a digit. `wrap-up`: ended, the wrap-up record is still open.
 */
export const callPhases = ['call', 'survey', 'wrap-up', 'closed'] as const;
export type CallPhase = (typeof callPhases)[number];

/**
 * The call's media: `lost` while no media engine is attached (a reload or
 * crash of the window; the SIP dialog stays up for a grace period),
 * `recovering` while the re-INVITE with a fresh offer from the new engine is
 * in flight, else `ok`.
 */
export type CallMediaState = 'ok' | 'lost' | 'recovering';

/** How a DTMF digit reached the core: SIP INFO (`application/dtmf-relay` or `application/dtmf`). */
export type DtmfSource = 'sip-info';

/** Why a call ended: a stable key the renderer translates. */
export type CallEndReason =
  /** Answered, then hung up by either side. */
  | 'completed'
  /** Caller gave up (CANCEL) before anyone answered. */
  | 'missed'
  /** The agent rejected it. */
  | 'rejected'
  /** Rejected automatically: the seat was Not ready, in Wrap-up or Offline. */
  | 'not-ready'
  /** Rejected automatically: the seat already had as many calls as it takes. */
  | 'busy'
  /** Outbound: the other side answered with an error (see `statusCode`). */
  | 'failed'
  /** Nobody answered in time. */
  | 'no-answer'
  /** Handed to another party by REFER. */
  | 'transferred'
  /** Replaced by another call (INVITE with Replaces). */
  | 'replaced'
  /** The renderer's media engine was missing, gone or did not answer. */
  | 'media-unavailable'
  /** The seat closed or restarted during the call. */
  | 'interrupted';

export type CallEndedBy = 'local' | 'remote' | 'system';

export type AutoAnswerTrigger = 'always' | 'call-info' | 'alert-info' | 'answer-mode';

/** One caller-context header value, in the order the profile lists them. */
export interface ContextField {
  readonly name: string;
  /** Length-capped, control characters stripped: untrusted text, render as text only. */
  readonly value: string;
}

export type TransferState =
  | { readonly kind: 'blind'; readonly state: 'trying' | 'failed'; readonly target: string; readonly failure?: string }
  | {
      readonly kind: 'consult';
      /** `original`: the caller's leg (held); `consult`: the leg to the transfer target. */
      readonly role: 'original' | 'consult';
      readonly peerCallId: string;
      readonly state: 'consulting' | 'trying' | 'failed';
      readonly failure?: string;
    };

export interface CallSnapshot {
  readonly id: string;
  readonly direction: CallDirection;
  readonly state: CallState;
  /** `call` while the agent has it; then `survey`, `wrap-up`, `closed` (see CallPhase). */
  readonly phase: CallPhase;
  readonly media: CallMediaState;
  /** Number from P-Asserted-Identity, else From (inbound) or the dialled target. */
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly remoteUri: string;
  /** The centre's call id (X-Call-Uid), if it sent one. */
  readonly centreCallId: string | null;
  readonly context: readonly ContextField[];
  /** Epoch ms. */
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly held: boolean;
  /** A hold or resume re-INVITE is in flight. */
  readonly holdPending: boolean;
  readonly muted: boolean;
  /** Inbound ringing call that will be answered by itself at `at` (epoch ms). */
  readonly autoAnswer: { readonly at: number; readonly trigger: AutoAnswerTrigger } | null;
  readonly transfer: TransferState | null;
  readonly endReason: CallEndReason | null;
  readonly endedBy: CallEndedBy | null;
  /** SIP status of a failed outbound call or of the rejection. */
  readonly statusCode: number | null;
}

export interface PhoneState {
  readonly calls: readonly CallSnapshot[];
  readonly lastDialed: string | null;
}

/** A row of the call log. */
export interface CallLogEntry {
  readonly id: string;
  readonly sipCallId: string;
  readonly centreCallId: string | null;
  readonly direction: CallDirection;
  readonly localNumber: string;
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly context: readonly ContextField[];
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly endReason: CallEndReason | null;
  readonly endedBy: CallEndedBy | null;
  readonly autoAnswered: boolean;
}

export interface PhoneRequestResults {
  getPhoneState: PhoneState;
  answerCall: CallSnapshot;
  rejectCall: null;
  hangupCall: null;
  dial: CallSnapshot;
  redial: CallSnapshot;
  holdCall: CallSnapshot;
  resumeCall: CallSnapshot;
  setMuted: CallSnapshot;
  sendDtmf: null;
  transferBlind: CallSnapshot;
  /** The consult call. */
  startConsultTransfer: CallSnapshot;
  completeTransfer: null;
  setAgentState: null;
  extendWrapUp: null;
  retryRegistration: null;
  claimMedia: null;
  mediaReply: null;
}

// ---------------------------------------------------------------- events

export interface PhoneEvents {
  callsChanged: { readonly calls: readonly CallSnapshot[] };
  callEnded: { readonly call: CallSnapshot };
  autoAnswered: { readonly callId: string; readonly trigger: AutoAnswerTrigger };
  dtmfReceived: { readonly callId: string; readonly digit: string };
  mediaRequest: AnyMediaRequest;
}

export const phoneEventNames = [
  'callsChanged',
  'callEnded',
  'autoAnswered',
  'dtmfReceived',
  'mediaRequest',
] as const satisfies readonly (keyof PhoneEvents)[];

/** English text for the phone's validation keys (merged into `validationMessages`). */
export const phoneValidationMessages: Readonly<Record<string, string>> = {
  'callId.format': 'Call id is not valid.',
  'dialTarget.required': 'Enter a number or a SIP address.',
  'dialTarget.tooLong': 'The number or SIP address is too long.',
  'dialTarget.format': 'Enter digits (with +, * or #) or a SIP address like sip:1002@example.org.',
  'rejectCode.invalid': 'Reject with 486 (busy) or 603 (decline).',
  'muted.invalid': 'Muted must be true or false.',
  'dtmf.format': 'Keys must be 1 to 32 of 0-9, *, # or A-D.',
  'agentState.invalid': 'Agent state must be ready, not-ready or offline.',
  'agentReason.invalid': 'Not-ready reason must be break, meal, training or meeting.',
  'agentReason.required': 'Choose why you are not ready.',
  'agentReason.unexpected': 'Only Not ready takes a reason.',
  'wrapUpExtend.range': 'Extend wrap-up by 5 to 600 seconds.',
  'limit.range': 'Limit must be 1 to 500.',
  'remoteNumber.tooLong': 'Number must be at most 64 characters.',
};
