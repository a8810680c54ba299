/**
 * The sandboxed preload: exposes `window.hotseat` with exactly two methods.
 * Method and event names are checked against the contract's allow-lists
 * here, and validated again by the core's dispatcher.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels, type HotseatBridge } from '../main/contract/envelope.js';
import { isEventName, isRequestName } from '../main/contract/index.js';

const bridge: HotseatBridge = {
  invoke(method, params) {
    if (!isRequestName(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: `"${String(method).slice(0, 64)}" is not a Hotseat request` } });
    }
    return ipcRenderer.invoke(ipcChannels.invoke, method, params);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`"${String(event).slice(0, 64)}" is not a Hotseat event`);
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(ipcChannels.event, handler);
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, handler);
    };
  },
};

contextBridge.exposeInMainWorld('hotseat', bridge);
