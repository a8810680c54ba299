/**
 * Records: the caller context of each call (as the core pushes it), the
 * wrap-up form of each call as the agent types it (sent to the core on
 * every keystroke; the store is the form's only state), the recent-calls
 * list with unfinished wrap-ups.
 */
import type { StateCreator } from 'zustand';
import type { CallerContextView, CallRecordRow, RecordsSettingsView, WrapUpPatch, WrapUpView } from '../../../main/contract/index.js';
import type { SeatState } from '../seat-state.js';

/** The records settings form as typed (text fields; parsed on save). */
export interface RecordsSettingsForm {
  /** One category a line: `名称 天数`, a trailing `!` counts it for escalation (`投诉 7 !`). */
  readonly categories: string;
  readonly requiredFields: readonly string[];
  readonly repeatCallerThreshold: string;
  readonly escalationThreshold: string;
  /** One department a line. */
  readonly departments: string;
  readonly lookupUrlTemplate: string;
  /** New token; empty keeps the stored one. */
  readonly uploadToken: string;
  readonly clearUploadToken: boolean;
}

export function recordsSettingsForm(view: RecordsSettingsView): RecordsSettingsForm {
  return {
    categories: view.categories.map((c) => `${c.name} ${c.deadlineDays}${c.escalates ? ' !' : ''}`).join('\n'),
    requiredFields: view.requiredFields,
    repeatCallerThreshold: String(view.repeatCallerThreshold),
    escalationThreshold: String(view.escalationThreshold),
    departments: view.departments.join('\n'),
    lookupUrlTemplate: view.lookupUrlTemplate,
    uploadToken: '',
    clearUploadToken: false,
  };
}

export interface RecordsSlice {
  /** Export range as typed (local dates, YYYY-MM-DD). */
  exportRange: { readonly from: string; readonly to: string } | null;
  exportRangeTyped(range: { from: string; to: string }): void;
  recordsSettings: RecordsSettingsView | null;
  /** null: not edited since the core's copy. */
  recordsSettingsDraft: RecordsSettingsForm | null;
  recordsSettingsIssues: readonly string[];
  recordsSettingsLoaded(view: RecordsSettingsView): void;
  recordsSettingsTyped(patch: Partial<RecordsSettingsForm>): void;
  recordsSettingsRefused(paths: readonly string[]): void;
  callerContexts: Readonly<Record<string, CallerContextView>>;
  wrapUps: Readonly<Record<string, WrapUpView>>;
  /** The call whose wrap-up the form shows (null: the newest call). */
  wrapUpCallId: string | null;
  recentCalls: readonly CallRecordRow[];
  /** Field paths the core refused on completion. */
  wrapUpIssues: readonly string[];
  callerContextChanged(context: CallerContextView): void;
  wrapUpLoaded(view: WrapUpView): void;
  wrapUpTyped(callId: string, patch: WrapUpPatch): void;
  wrapUpOpened(callId: string | null): void;
  wrapUpRefused(paths: readonly string[]): void;
  recentCallsLoaded(rows: readonly CallRecordRow[]): void;
}

export const createRecordsSlice: StateCreator<SeatState, [], [], RecordsSlice> = (set) => ({
  exportRange: null,
  exportRangeTyped: (exportRange) => set({ exportRange }),
  recordsSettings: null,
  recordsSettingsDraft: null,
  recordsSettingsIssues: [],
  recordsSettingsLoaded: (recordsSettings) => set({ recordsSettings, recordsSettingsDraft: null, recordsSettingsIssues: [] }),
  recordsSettingsTyped: (patch) =>
    set((s) => {
      const base = s.recordsSettingsDraft ?? (s.recordsSettings ? recordsSettingsForm(s.recordsSettings) : null);
      return base ? { recordsSettingsDraft: { ...base, ...patch } } : {};
    }),
  recordsSettingsRefused: (recordsSettingsIssues) => set({ recordsSettingsIssues }),
  callerContexts: {},
  wrapUps: {},
  wrapUpCallId: null,
  recentCalls: [],
  wrapUpIssues: [],
  callerContextChanged: (context) => set((s) => ({ callerContexts: { ...s.callerContexts, [context.callId]: context } })),
  wrapUpLoaded: (view) => set((s) => ({ wrapUps: { ...s.wrapUps, [view.callId]: view } })),
  wrapUpTyped: (callId, patch) =>
    set((s) => {
      const current = s.wrapUps[callId];
      if (!current) return {};
      const next = { ...current, ...patch, status: 'draft' as const } as WrapUpView;
      return { wrapUps: { ...s.wrapUps, [callId]: next }, wrapUpIssues: [] };
    }),
  wrapUpOpened: (wrapUpCallId) => set({ wrapUpCallId, wrapUpIssues: [] }),
  wrapUpRefused: (wrapUpIssues) => set({ wrapUpIssues }),
  recentCallsLoaded: (recentCalls) => set({ recentCalls }),
});
