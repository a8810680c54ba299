/**
 * Records part of the contract: what every call leaves behind — the caller's
 * context on ring, the wrap-up form (saved as the agent types), work orders,
 * the outbox that delivers records to the centre, export.
 *
 * ```
 *  core                                         renderer
 *   call rings ──▶ callerContextChanged {callId, context}   (history, work orders, repeat badge)
 *                  (again when the optional remote lookup answers)
 *   ◀── saveWrapUpDraft {callId, patch}        every keystroke; the row is the draft
 *   ◀── completeWrapUp {callId}                required fields checked; record + outbox row
 *   status bar: SeatStatus.records             records waiting for the centre, since when
 * ```
 */
import { z } from 'zod';

// ---------------------------------------------------------------- settings

export const wrapUpFieldNames = ['category', 'subTopic', 'notes', 'outcome'] as const;
export type WrapUpFieldName = (typeof wrapUpFieldNames)[number];

export const wrapUpOutcomes = ['answered', 'referred', 'work-order', 'callback'] as const;
export type WrapUpOutcome = (typeof wrapUpOutcomes)[number];

export const workOrderPriorities = ['normal', 'urgent'] as const;
export type WorkOrderPriority = (typeof workOrderPriorities)[number];

const categorySchema = z.strictObject({
  name: z.string().trim().min(1, { error: 'category.name' }).max(16, { error: 'category.name' }),
  /** Work-order deadline for this category, days. */
  deadlineDays: z.int({ error: 'category.deadline' }).min(1, { error: 'category.deadline' }).max(365, { error: 'category.deadline' }),
  /** Counts towards the escalation hint (投诉 by default). */
  escalates: z.boolean(),
});
export type RecordCategory = z.output<typeof categorySchema>;

const lookupTemplate = z
  .string()
  .trim()
  .max(500, { error: 'lookupUrl.format' })
  .refine((v) => v === '' || (/^https?:\/\/[^\s]+$/.test(v) && v.includes('{number}') && URL.canParse(v.replace('{number}', '1'))), {
    error: 'lookupUrl.format',
  });

const recordsSettingsFields = {
  categories: z.array(categorySchema).min(1, { error: 'categories.required' }).max(20, { error: 'categories.tooMany' }),
  requiredFields: z.array(z.enum(wrapUpFieldNames, { error: 'requiredFields.invalid' })).max(wrapUpFieldNames.length),
  /** Calls from one number in 24 h that make a repeat caller. */
  repeatCallerThreshold: z.int({ error: 'repeatThreshold.range' }).min(2, { error: 'repeatThreshold.range' }).max(20, { error: 'repeatThreshold.range' }),
  /** Complaints with one sub-topic and area in 24 h that suggest escalation. */
  escalationThreshold: z.int({ error: 'escalationThreshold.range' }).min(2, { error: 'escalationThreshold.range' }).max(100, { error: 'escalationThreshold.range' }),
  departments: z.array(z.string().trim().min(1, { error: 'departments.format' }).max(40, { error: 'departments.format' })).max(100),
  /** `https://crm.example/lookup?n={number}`; empty: no remote lookup. */
  lookupUrlTemplate: lookupTemplate,
};

export const recordsSettingsInputSchema = z.strictObject({
  ...recordsSettingsFields,
  /** New bearer token for the records endpoint; omit to keep the stored one. */
  uploadToken: z.string().max(512, { error: 'uploadToken.tooLong' }).regex(/^[\x21-\x7e]*$/, { error: 'uploadToken.format' }).optional(),
  clearUploadToken: z.boolean().optional(),
});
export type RecordsSettingsInput = z.input<typeof recordsSettingsInputSchema>;
export type RecordsSettings = Omit<z.output<typeof recordsSettingsInputSchema>, 'uploadToken' | 'clearUploadToken'>;
export interface RecordsSettingsView extends RecordsSettings {
  readonly hasUploadToken: boolean;
}

export const defaultRecordsSettings: RecordsSettings = {
  categories: [
    { name: '咨询', deadlineDays: 30, escalates: false },
    { name: '投诉', deadlineDays: 7, escalates: true },
    { name: '举报', deadlineDays: 7, escalates: false },
    { name: '求助', deadlineDays: 30, escalates: false },
    { name: '建议', deadlineDays: 30, escalates: false },
    { name: '表扬', deadlineDays: 30, escalates: false },
  ],
  requiredFields: ['category'],
  repeatCallerThreshold: 2,
  escalationThreshold: 5,
  departments: [],
  lookupUrlTemplate: '',
};

// ---------------------------------------------------------------- requests

const callId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'callId.format' });
const text = (max: number) => z.string().max(max, { error: 'text.tooLong' });

export const workOrderDraftSchema = z.strictObject({
  department: text(40),
  summary: text(2000),
  callbackNumber: text(40),
  /** Days from now; null: the category's default. */
  deadlineDays: z.int().min(1).max(365).nullable(),
  priority: z.enum(workOrderPriorities),
  escalate: z.boolean(),
});
export type WorkOrderDraft = z.output<typeof workOrderDraftSchema>;

export const wrapUpPatchSchema = z.strictObject({
  category: text(16).optional(),
  subTopic: text(100).optional(),
  area: text(40).optional(),
  notes: text(20_000).optional(),
  articles: z.array(z.strictObject({ id: text(128), title: text(200) })).max(50).optional(),
  outcome: z.union([z.enum(wrapUpOutcomes), z.literal('')]).optional(),
  /** Referral number or callback time, per outcome. */
  outcomeDetail: text(200).optional(),
  workOrder: workOrderDraftSchema.nullable().optional(),
});
export type WrapUpPatch = z.output<typeof wrapUpPatchSchema>;

const epochMs = z.int({ error: 'time.invalid' }).min(0, { error: 'time.invalid' });

export const recordsRequestSchemas = {
  getCallerContext: z.strictObject({ callId }),
  getWrapUp: z.strictObject({ callId }),
  /** One keystroke's worth: the fields that changed, whole values. */
  saveWrapUpDraft: z.strictObject({ callId, patch: wrapUpPatchSchema }),
  completeWrapUp: z.strictObject({ callId }),
  /** Calls newest first, with their wrap-up state (recent-calls list). */
  listCallRecords: z.strictObject({
    limit: z.int({ error: 'limit.range' }).min(1, { error: 'limit.range' }).max(500, { error: 'limit.range' }).default(30),
    incompleteOnly: z.boolean().optional(),
  }),
  getRecordsSettings: z.strictObject({}),
  saveRecordsSettings: recordsSettingsInputSchema,
  exportRecords: z
    .strictObject({ from: epochMs, to: epochMs, format: z.enum(['csv', 'jsonl'], { error: 'exportFormat.invalid' }) })
    .refine((p) => p.to > p.from, { error: 'exportRange.invalid', path: ['to'] }),
  /** Try to deliver waiting records now (the agent pressed 立即上传). */
  uploadRecordsNow: z.strictObject({}),
  /** Records the centre refused (4xx), kept on the seat for the agent to see. */
  listRejectedRecords: z.strictObject({}),
};

// ---------------------------------------------------------------- views

export interface NumberView {
  /** As received (P-Asserted-Identity or From). */
  readonly raw: string;
  /** E.164 (`+8613800138000`) when the number is a valid phone number, else its digits. */
  readonly normalized: string;
  /** How agents read it: `138 0013 8000`, `0371-6789 0000`. */
  readonly display: string;
  /** 号码归属地, e.g. `河南 郑州`; null when unknown. */
  readonly region: string | null;
}

export interface HistoryEntry {
  readonly callId: string;
  readonly startedAt: number;
  readonly direction: 'inbound' | 'outbound';
  readonly agentNo: string | null;
  readonly agentName: string | null;
  readonly category: string | null;
  /** First line of the notes. */
  readonly notesLine: string | null;
  /** Survey rating, once the survey feature records one. */
  readonly rating: number | null;
  readonly endReason: string | null;
}

export interface OpenWorkOrder {
  readonly id: string;
  readonly summary: string;
  readonly department: string;
  readonly deadlineAt: number;
  readonly priority: WorkOrderPriority;
  readonly escalate: boolean;
}

export interface RemoteLookupView {
  readonly state: 'pending' | 'answered' | 'failed' | 'off';
  /** Plain-text name/value pairs the lookup answered. */
  readonly fields: readonly { readonly name: string; readonly value: string }[];
  readonly error?: string;
}

export interface CallerContextView {
  readonly callId: string;
  readonly number: NumberView;
  readonly name: string | null;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /** This number's calls in the last 30 days (this call excluded), newest first. */
  readonly history: readonly HistoryEntry[];
  readonly callsLast24h: number;
  readonly repeatCaller: boolean;
  readonly openWorkOrders: readonly OpenWorkOrder[];
  readonly remote: RemoteLookupView;
}

export type WrapUpStatus = 'draft' | 'complete';

export interface WrapUpView {
  readonly callId: string;
  readonly category: string;
  readonly subTopic: string;
  readonly area: string;
  readonly notes: string;
  readonly articles: readonly { readonly id: string; readonly title: string }[];
  readonly outcome: WrapUpOutcome | '';
  readonly outcomeDetail: string;
  readonly workOrder: WorkOrderDraft | null;
  readonly status: WrapUpStatus;
  readonly updatedAt: number;
  readonly completedAt: number | null;
  /** Complaints like this one (same sub-topic and area) in the last 24 h, this one included. */
  readonly escalation: { readonly count: number; readonly threshold: number; readonly reached: boolean };
  /** Default callback number for a work order: the caller's. */
  readonly callerNumber: string;
  /** When the call started (articles opened since are offered). */
  readonly callStartedAt: number;
}

export interface CallRecordRow {
  readonly callId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly number: NumberView;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly endReason: string | null;
  readonly category: string | null;
  readonly wrapUp: WrapUpStatus | 'none';
  /** Ended, answered (or outbound), and the wrap-up was not completed. */
  readonly incomplete: boolean;
}

export interface RejectedRecord {
  readonly recordId: string;
  readonly kind: string;
  readonly callId: string | null;
  readonly createdAt: number;
  /** What the centre answered (`HTTP 422`). */
  readonly error: string | null;
}

export interface RecordsExport {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
  readonly rows: number;
}

export interface RecordsRequestResults {
  getCallerContext: CallerContextView | null;
  getWrapUp: WrapUpView;
  saveWrapUpDraft: { readonly savedAt: number };
  completeWrapUp: WrapUpView;
  listCallRecords: readonly CallRecordRow[];
  getRecordsSettings: RecordsSettingsView;
  saveRecordsSettings: RecordsSettingsView;
  exportRecords: RecordsExport;
  uploadRecordsNow: null;
  listRejectedRecords: readonly RejectedRecord[];
}

// ---------------------------------------------------------------- events

export interface RecordsEvents {
  callerContextChanged: CallerContextView;
  wrapUpCompleted: WrapUpView;
}

export const recordsEventNames = ['callerContextChanged', 'wrapUpCompleted'] as const satisfies readonly (keyof RecordsEvents)[];

/** Status-bar part: records waiting for the centre. */
export interface RecordsStatus {
  /** Outbox rows not yet accepted by the centre. */
  readonly waiting: number;
  /** Epoch ms of the oldest waiting record; null if none wait. */
  readonly oldestAt: number | null;
  /** Rows the centre refused (4xx): kept, shown, not retried. */
  readonly rejected: number;
  /** Call-log writes waiting for the database (a long write elsewhere holds its lock). */
  readonly callLogBacklog: number;
  readonly lastError: string | null;
  /** No records URL in the profile: records stay on this seat. */
  readonly uploadConfigured: boolean;
}

export const recordsValidationMessages: Readonly<Record<string, string>> = {
  'category.name': 'A category name is 1 to 16 characters.',
  'category.deadline': 'A deadline is 1 to 365 days.',
  'categories.required': 'Keep at least one category.',
  'categories.tooMany': 'At most 20 categories.',
  'requiredFields.invalid': 'Required fields are category, subTopic, notes or outcome.',
  'repeatThreshold.range': 'Repeat-caller threshold is 2 to 20 calls.',
  'escalationThreshold.range': 'Escalation threshold is 2 to 100 complaints.',
  'departments.format': 'A department name is 1 to 40 characters.',
  'lookupUrl.format': 'The lookup URL must be http(s) and contain {number}, or be empty.',
  'uploadToken.tooLong': 'The token must be at most 512 characters.',
  'uploadToken.format': 'The token must be printable ASCII without spaces.',
  'text.tooLong': 'The text is too long.',
  'time.invalid': 'Time must be epoch milliseconds.',
  'exportFormat.invalid': 'Export as csv or jsonl.',
  'exportRange.invalid': 'The end must be after the start.',
  'wrapUp.required': 'This field is required.',
};
