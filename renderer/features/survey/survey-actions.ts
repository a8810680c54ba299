/** Survey requests from the renderer; results and refusals go to the store. */
import type { ApiClient } from '../../api/api-client.js';
import type { SeatStore } from '../../store/create-seat-store.js';
import { surveySettingsFromForm, type SurveySettingsForm } from '../../store/slices/survey-slice.js';

/** 结束并邀请评价: the core ends the agent's part and surveys the caller per the mode. */
export async function endWithSurvey(api: ApiClient, store: SeatStore, callId: string): Promise<void> {
  const r = await api.invoke('endWithSurvey', { callId });
  if (r.ok && r.value) store.getState().surveyChanged(r.value);
}

export async function recordAgentRating(api: ApiClient, store: SeatStore, callId: string, rating: number): Promise<boolean> {
  const callerWords = store.getState().surveyWords[callId] ?? '';
  const r = await api.invoke('recordAgentRating', { callId, rating, callerWords });
  if (r.ok) store.getState().surveyChanged(r.value);
  return r.ok;
}

export async function saveSurveySettings(api: ApiClient, store: SeatStore, form: SurveySettingsForm): Promise<void> {
  const r = await api.invoke('saveSurveySettings', surveySettingsFromForm(form));
  if (r.ok) store.getState().surveySettingsLoaded(r.value);
  else store.getState().surveySettingsRefused(r.error.issues?.map((i) => i.path) ?? ['?']);
}
