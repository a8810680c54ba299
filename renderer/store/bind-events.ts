/**
 * The one place core events reach the store. Also reloads what the core
 * holds whenever the transport (re)opens, so a reconnect never leaves stale
 * state on screen. Returns the unbind function.
 */
import type { ApiClient } from '../api/api-client.js';
import type { SeatStore } from './create-seat-store.js';

export function bindEvents(store: SeatStore, api: ApiClient): () => void {
  const s = () => store.getState();
  const reload = async () => {
    const [profile, status] = await Promise.all([api.invoke('getProfile', {}), api.invoke('getStatus', {})]);
    if (profile.ok) s().profileLoaded(profile.value);
    if (status.ok) s().statusChanged(status.value);
  };
  const unbind = [
    api.on('profileChanged', (profile) => s().profileLoaded(profile)),
    api.on('statusChanged', (status) => s().statusChanged(status)),
    api.onConnection((state) => {
      s().connectionChanged(state);
      if (state === 'open') void reload();
    }),
  ];
  return () => unbind.forEach((off) => off());
}
