/**
 * Survey part of the contract: the caller's satisfaction rating after the
 * agent's part of a call (issue 9).
 *
 * ```
 *  mode (profile.surveyMode)   how the rating is taken
 *   in-call         the seat plays the prompt to the caller and waits for a digit
 *                   (SIP INFO in the core, in-band/RFC 4733 tones in the renderer)
 *   ivr-transfer    REFER to profile.surveyIvrUri with X-Call-Uid + X-Agent-Id;
 *                   the result comes later (file import, or the polled endpoint)
 *   agent-recorded  the agent enters what the caller said in the wrap-up form
 *   off             no survey
 *
 *  renderer                                   core
 *   endWithSurvey {callId} ─────────────▶    (结束并邀请评价, or auto on hang-up)
 *   surveyDigitDetected {callId, digit} ─▶   in-band digit from the media engine
 *   recordAgentRating {callId, rating} ──▶   agent-entered
 *   ◀── surveyChanged {survey}               progress: prompt, waiting, result
 * ```
 *
 * Ratings: 1–5 = the digit's position on the scale; −1 = no response
 * (timeouts, or the caller hung up first); −2 = invalid digits twice.
 */
import { z } from 'zod';

export const surveyDigits = ['1', '2', '3', '4', '5'] as const;
export type SurveyDigit = (typeof surveyDigits)[number];

/** How a scale point counts in the satisfaction rate and follow-up. */
export const surveyGrades = ['satisfied', 'neutral', 'dissatisfied'] as const;
export type SurveyGrade = (typeof surveyGrades)[number];

export const RATING_NO_RESPONSE = -1;
export const RATING_INVALID = -2;

const scalePoint = z.strictObject({
  digit: z.enum(surveyDigits, { error: 'survey.scale' }),
  label: z.string().trim().min(1, { error: 'survey.scaleLabel' }).max(16, { error: 'survey.scaleLabel' }),
  grade: z.enum(surveyGrades, { error: 'survey.scale' }),
});
export type SurveyScalePoint = z.output<typeof scalePoint>;

/** A prompt file on the seat ('' = the bundled espeak-ng prompt in resources/survey/). */
const promptPath = z
  .string()
  .trim()
  .max(500, { error: 'survey.promptPath' })
  .refine((v) => v === '' || /^(\/|[A-Za-z]:[\\/])[^\0]*\.(wav|mp3|ogg|opus|m4a)$/i.test(v), { error: 'survey.promptPath' });

const accelerator =
  /^$|^((CommandOrControl|CmdOrCtrl|Control|Ctrl|Alt|Shift|Super|Meta)\+){0,3}(F([1-9]|1[0-9]|2[0-4])|[A-Z0-9]|Space|Enter|Escape|Insert|Delete|Home|End|PageUp|PageDown)$/;

export const defaultSurveyScale: readonly SurveyScalePoint[] = [
  { digit: '1', label: '非常满意', grade: 'satisfied' },
  { digit: '2', label: '满意', grade: 'satisfied' },
  { digit: '3', label: '一般', grade: 'neutral' },
  { digit: '4', label: '不满意', grade: 'dissatisfied' },
];

export const surveySettingsSchema = z
  .strictObject({
    /** Start when the agent hangs up; false = only through 结束并邀请评价. */
    autoStart: z.boolean({ error: 'survey.autoStart' }),
    /**
     * The centre counts a running survey as the agent's busy time: no new call
     * is offered until the survey's call ends. Off: the agent is free (wrap-up
     * or Ready) as soon as the survey starts.
     */
    holdAgent: z.boolean({ error: 'survey.holdAgent' }),
    /** Shortcut of 结束并邀请评价 ('' = none). */
    shortcut: z.string().trim().regex(accelerator, { error: 'shortcut.format' }),
    scale: z.array(scalePoint).min(2, { error: 'survey.scale' }).max(5, { error: 'survey.scale' }),
    /** Seconds to wait for a digit after a prompt. */
    timeoutSeconds: z.int({ error: 'survey.timeout' }).min(3, { error: 'survey.timeout' }).max(30, { error: 'survey.timeout' }),
    /** Replays after a timeout, and invalid-key prompts before "invalid" (default 1). */
    retries: z.int({ error: 'survey.retries' }).min(0, { error: 'survey.retries' }).max(2, { error: 'survey.retries' }),
    promptInvite: promptPath,
    promptInvalid: promptPath,
    promptThanks: promptPath,
    /** Transfer mode: results endpoint the seat polls (`GET …?since=`), '' = none. */
    resultsUrl: z
      .string()
      .trim()
      .max(500, { error: 'survey.resultsUrl' })
      .refine((v) => v === '' || (/^https?:\/\/[^\s]+$/.test(v) && URL.canParse(v)), { error: 'survey.resultsUrl' }),
    pollSeconds: z.int({ error: 'survey.pollSeconds' }).min(10, { error: 'survey.pollSeconds' }).max(3600, { error: 'survey.pollSeconds' }),
  })
  .superRefine((s, ctx) => {
    const digits = s.scale.map((p) => p.digit);
    const expected = surveyDigits.slice(0, s.scale.length);
    if (digits.some((d, i) => d !== expected[i])) ctx.addIssue({ code: 'custom', path: ['scale'], message: 'survey.scaleOrder' });
    if (s.scale.filter((p) => p.grade === 'satisfied').length === 0) ctx.addIssue({ code: 'custom', path: ['scale'], message: 'survey.scaleSatisfied' });
  });

export type SurveySettings = z.output<typeof surveySettingsSchema>;

export const defaultSurveySettings: SurveySettings = {
  autoStart: true,
  holdAgent: false,
  shortcut: 'F10',
  scale: [...defaultSurveyScale],
  timeoutSeconds: 8,
  retries: 1,
  promptInvite: '',
  promptInvalid: '',
  promptThanks: '',
  resultsUrl: '',
  pollSeconds: 60,
};

// ---------------------------------------------------------------- results

export const surveyStatuses = ['offered', 'rated', 'no-response', 'invalid'] as const;
/** `offered`: started (or handed to the IVR), no result yet — never turned into a result by itself. */
export type SurveyStatus = (typeof surveyStatuses)[number];

export const surveyModesTaken = ['in-call', 'ivr-transfer', 'agent-recorded'] as const;
export type SurveyModeTaken = (typeof surveyModesTaken)[number];

export type SurveySource = 'sip-info' | 'inband' | 'agent' | 'import' | 'poll';

/** Where an in-call survey is now (for the agent's view). */
export type SurveyStep = 'invite' | 'waiting' | 'invalid-prompt' | 'thanks' | 'done';

export interface SurveyView {
  readonly callId: string;
  readonly mode: SurveyModeTaken;
  readonly status: SurveyStatus;
  /** 1–5, −1 no response, −2 invalid; null while offered. */
  readonly rating: number | null;
  readonly label: string | null;
  readonly grade: SurveyGrade | null;
  readonly dissatisfied: boolean;
  readonly source: SurveySource | null;
  readonly callerWords: string;
  /** In-call surveys only; null when not running in this seat. */
  readonly step: SurveyStep | null;
  readonly offeredAt: number;
  readonly answeredAt: number | null;
}

/** Satisfaction and response per day (or per shift window). */
export interface SurveyRates {
  readonly from: number;
  readonly to: number;
  readonly offered: number;
  /** Surveys with a valid rating (1–5). */
  readonly rated: number;
  readonly satisfied: number;
  readonly dissatisfied: number;
  readonly noResponse: number;
  readonly invalid: number;
  /** satisfied / rated, null when nothing was rated. */
  readonly satisfactionRate: number | null;
  /** rated / offered, null when nothing was offered. */
  readonly responseRate: number | null;
}

export interface SurveyImportResult {
  readonly attached: number;
  /** Lines naming a call this seat does not know. */
  readonly unknownCalls: number;
  readonly invalid: readonly string[];
}

const callId = z.string().min(1).max(128);

export const surveyRequestSchemas = {
  getSurveySettings: z.strictObject({}),
  saveSurveySettings: surveySettingsSchema,
  /** 结束并邀请评价: end the agent's part and survey the caller (per the mode). */
  endWithSurvey: z.strictObject({ callId }),
  /** A digit the media engine detected in the call's received audio. */
  surveyDigitDetected: z.strictObject({ callId, digit: z.string().regex(/^[0-9*#A-D]$/) }),
  /** Agent-entered: what the caller said (1–5), words optional. */
  recordAgentRating: z.strictObject({
    callId,
    rating: z.int({ error: 'survey.rating' }).min(1, { error: 'survey.rating' }).max(5, { error: 'survey.rating' }),
    callerWords: z.string().max(500, { error: 'survey.words' }).default(''),
  }),
  getSurvey: z.strictObject({ callId }),
  /** Results from the centre's IVR: CSV (`callId,rating[,digit]`, header optional) or a JSON array. */
  importSurveyResults: z.strictObject({ format: z.enum(['csv', 'json']), text: z.string().max(5_000_000) }),
  /** Satisfaction/response between two epoch-ms instants, per local day when `perDay`. */
  getSurveyRates: z.strictObject({ from: z.int().nonnegative(), to: z.int().nonnegative(), perDay: z.boolean().default(false) }),
};

export interface SurveyRequestResults {
  getSurveySettings: SurveySettings;
  saveSurveySettings: SurveySettings;
  endWithSurvey: SurveyView | null;
  surveyDigitDetected: null;
  recordAgentRating: SurveyView;
  getSurvey: SurveyView | null;
  importSurveyResults: SurveyImportResult;
  getSurveyRates: readonly SurveyRates[];
}

export interface SurveyEvents {
  surveyChanged: { survey: SurveyView };
  surveySettingsChanged: { settings: SurveySettings };
}

export const surveyEventNames = ['surveyChanged', 'surveySettingsChanged'] as const satisfies readonly (keyof SurveyEvents)[];

export const surveyValidationMessages: Readonly<Record<string, string>> = {
  'survey.autoStart': 'Auto-start must be on or off.',
  'survey.scale': 'The scale has 2 to 5 points, digits 1, 2, 3… in order.',
  'survey.scaleOrder': 'Scale digits must be 1, 2, 3… in order.',
  'survey.scaleSatisfied': 'At least one point of the scale must count as satisfied.',
  'survey.scaleLabel': 'Each scale label has 1 to 16 characters.',
  'survey.timeout': 'The digit timeout is 3 to 30 seconds.',
  'survey.retries': 'Retries must be 0, 1 or 2.',
  'survey.promptPath': 'A prompt is an absolute path to a .wav, .mp3, .ogg, .opus or .m4a file, or empty for the bundled one.',
  'survey.resultsUrl': 'The results URL must be an http:// or https:// URL, or empty.',
  'survey.pollSeconds': 'The poll interval is 10 to 3600 seconds.',
  'survey.holdAgent': 'Whether a running survey keeps the agent busy must be on or off.',
  'survey.rating': 'A rating is 1 to 5.',
  'survey.words': "The caller's words are at most 500 characters.",
};
