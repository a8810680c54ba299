/**
 * Records: the caller context of each call (as the core pushes it), the
 * wrap-up form of each call as the agent types it (sent to the core on
 * every keystroke; the store is the form's only state), the recent-calls
 * list with unfinished wrap-ups.
 */
import type { StateCreator } from 'zustand';
import type { CallerContextView, CallRecordRow, WrapUpPatch, WrapUpView } from '../../../main/contract/index.js';
import type { SeatState } from '../seat-state.js';

export interface RecordsSlice {
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
