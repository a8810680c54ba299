/**
 * Browser mode only: the Node host cannot see the seat's network come back,
 * the page can. Tell the core so the phone re-registers at once instead of
 * waiting for its next retry. (The Electron host watches the OS itself.)
 */
import type { ApiClient } from './api-client.js';

export function forwardNetworkEvents(win: Window, api: ApiClient): () => void {
  if (api.host !== 'web') return () => {};
  const online = () => void api.invoke('systemEvent', { kind: 'online' });
  const offline = () => void api.invoke('systemEvent', { kind: 'offline' });
  win.addEventListener('online', online);
  win.addEventListener('offline', offline);
  return () => {
    win.removeEventListener('online', online);
    win.removeEventListener('offline', offline);
  };
}
