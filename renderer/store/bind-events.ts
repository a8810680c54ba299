/**
 * The one place core events reach the store. Also reloads what the core
 * holds whenever the transport (re)opens, so a reconnect never leaves stale
 * state on screen. Returns the unbind function.
 */
import type { ApiClient } from '../api/api-client.js';
import { runPhoneShortcut } from '../features/phone/run-phone-shortcut.js';
import { phoneCommand } from '../features/phone/send-phone-command.js';
import type { SeatStore } from './create-seat-store.js';

export function bindEvents(store: SeatStore, api: ApiClient): () => void {
  const s = () => store.getState();
  const reload = async () => {
    const [profile, status] = await Promise.all([api.invoke('getProfile', {}), api.invoke('getStatus', {})]);
    if (profile.ok) s().profileLoaded(profile.value);
    if (status.ok) s().statusChanged(status.value);
    // kb sync: a run in progress when the window (re)connects keeps its progress bar
    const kbSync = await api.invoke('getKbSyncState', {});
    if (kbSync.ok && kbSync.value.progress) s().kbSyncProgressed(kbSync.value.progress);
    // phone: live calls and the last number dialled
    const phone = await api.invoke('getPhoneState', {});
    if (phone.ok) s().phoneStateLoaded(phone.value);
    // shift: who is signed in, the handover note, promised callbacks
    const shift = await api.invoke('getShiftState', {});
    if (shift.ok) s().shiftChanged(shift.value);
    // survey: settings (scale, shortcut)
    const survey = await api.invoke('getSurveySettings', {});
    if (survey.ok && s().surveySettingsDraft === null) s().surveySettingsLoaded(survey.value);
    // provisioning: where the profile came from, the last check
    const provisioning = await api.invoke('getProvisioning', {});
    if (provisioning.ok) s().provisioningChanged(provisioning.value);
  };
  const unbind = [
    api.on('profileChanged', (profile) => s().profileLoaded(profile)),
    api.on('statusChanged', (status) => s().statusChanged(status)),
    api.on('kbSyncProgressed', (progress) => s().kbSyncProgressed(progress)),
    // phone
    api.on('callsChanged', ({ calls }) => s().callsChanged(calls)),
    api.on('callEnded', ({ call }) => s().callEnded(call)),
    // records: caller context on ring, completed wrap-ups
    api.on('callerContextChanged', (context) => s().callerContextChanged(context)),
    api.on('wrapUpCompleted', (view) => s().wrapUpLoaded(view)),
    // shift
    api.on('shiftChanged', (state) => s().shiftChanged(state)),
    api.on('provisioningChanged', (status) => s().provisioningChanged(status)),
    // survey: progress and results, settings saved elsewhere
    api.on('surveyChanged', ({ survey }) => s().surveyChanged(survey)),
    api.on('surveySettingsChanged', ({ settings }) => {
      if (s().surveySettingsDraft === null) s().surveySettingsLoaded(settings);
    }),
    api.on('autoAnswered', ({ callId, trigger }) => s().callAutoAnswered(callId, trigger)),
    // a global shortcut (Electron) does what the same key does in the window
    api.on('shortcutPressed', ({ action }) => runPhoneShortcut(action, phoneCommand(api, store), store)),
    api.onConnection((state) => {
      s().connectionChanged(state);
      if (state === 'open') void reload();
    }),
  ];
  return () => unbind.forEach((off) => off());
}
