/**
 * Picks the transport at start-up: the preload bridge when running inside
 * Electron, otherwise the browser-mode WebSocket with the launch token from
 * the page address (`#token=…`).
 */
import type { HotseatBridge } from '../../main/contract/index.js';
import { webSocketPath } from '../../main/contract/envelope.js';
import type { ApiClient } from './api-client.js';
import { createBridgeClient } from './bridge-client.js';
import { createWebSocketClient } from './websocket-client.js';

export class MissingTokenError extends Error {}

export function chooseClient(win: Window & { hotseat?: HotseatBridge }): ApiClient {
  if (win.hotseat) return createBridgeClient(win.hotseat);
  const token = new URLSearchParams(win.location.hash.slice(1)).get('token');
  if (!token) throw new MissingTokenError('no launch token in the address');
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketClient({ url: `${scheme}//${win.location.host}${webSocketPath}?token=${encodeURIComponent(token)}` });
}
