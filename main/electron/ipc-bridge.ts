/**
 * Wires Electron IPC to the core's one dispatcher: every window is a core
 * client; requests from frames that are not our app are refused.
 */
import { ipcMain, type WebContents } from 'electron';
import { ipcChannels } from '../contract/envelope.js';
import type { Core } from '../core/index.js';
import { appOrigin } from './app-protocol.js';

export function bridgeIpc(core: Core): void {
  ipcMain.handle(ipcChannels.invoke, (event, method: unknown, params: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!frameUrl.startsWith(appOrigin + '/')) {
      return { ok: false, error: { code: 'bad-request', message: 'requests are accepted from the Hotseat window only' } };
    }
    return core.dispatch(method, params, clientIdOf(event.sender));
  });
}

export function attachWindow(core: Core, contents: WebContents): void {
  const detach = core.attachClient({
    id: clientIdOf(contents),
    send: (envelope) => {
      if (!contents.isDestroyed()) contents.send(ipcChannels.event, envelope.name, envelope.payload);
    },
  });
  contents.once('destroyed', detach);
}

function clientIdOf(contents: WebContents): string {
  return `window-${contents.id}`;
}
