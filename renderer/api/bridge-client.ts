/**
 * ApiClient over the Electron preload bridge (`window.hotseat`).
 */
import type { HotseatBridge } from '../../main/contract/index.js';
import type { ApiClient } from './api-client.js';

export function createBridgeClient(bridge: HotseatBridge): ApiClient {
  return {
    host: 'electron',
    invoke: (method, params) => bridge.invoke(method, params) as never,
    on: (name, listener) => bridge.on(name, listener as (payload: unknown) => void),
    onConnection(listener) {
      listener('open');
      return () => {};
    },
  };
}
