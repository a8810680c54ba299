/**
 * What the records panel does: every keystroke goes to the store and, at
 * once, to the core (`saveWrapUpDraft` — the database row is the draft), so
 * a killed window or process loses at most the keystroke in flight.
 */
import type { ApiClient } from '../../api/api-client.js';
import type { WrapUpPatch } from '../../../main/contract/index.js';
import type { SeatStore } from '../../store/create-seat-store.js';

export async function openWrapUp(api: ApiClient, store: SeatStore, callId: string): Promise<void> {
  const result = await api.invoke('getWrapUp', { callId });
  if (result.ok) store.getState().wrapUpLoaded(result.value);
}

export function typeWrapUp(api: ApiClient, store: SeatStore, callId: string, patch: WrapUpPatch): void {
  store.getState().wrapUpTyped(callId, patch);
  void api.invoke('saveWrapUpDraft', { callId, patch });
}

export async function completeWrapUp(api: ApiClient, store: SeatStore, callId: string): Promise<boolean> {
  const result = await api.invoke('completeWrapUp', { callId });
  if (result.ok) {
    store.getState().wrapUpLoaded(result.value);
    await loadRecentCalls(api, store);
    return true;
  }
  store.getState().wrapUpRefused(result.error.issues?.map((i) => i.path) ?? ['?']);
  return false;
}

export async function loadRecentCalls(api: ApiClient, store: SeatStore): Promise<void> {
  const result = await api.invoke('listCallRecords', { limit: 20 });
  if (result.ok) store.getState().recentCallsLoaded(result.value);
}

/** Saves an export: a download in the browser; Electron asks where with its save dialog. */
export async function exportRange(api: ApiClient, from: number, to: number, format: 'csv' | 'jsonl'): Promise<number | null> {
  const result = await api.invoke('exportRecords', { from, to, format });
  if (!result.ok) return null;
  const blob = new Blob([result.value.content], { type: result.value.mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = result.value.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return result.value.rows;
}
