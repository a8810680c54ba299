/**
 * Wire envelopes. Both transports — Electron IPC and the browser-mode
 * WebSocket — carry exactly these shapes, so the code on either side of the
 * transport does not know which one it is talking over.
 *
 * ```
 *   renderer                         core
 *      │  RequestEnvelope  {t:'req'}    │
 *      │ ─────────────────────────────▶ │  dispatcher validates, runs the service
 *      │  ResponseEnvelope {t:'res'}    │
 *      │ ◀───────────────────────────── │
 *      │  EventEnvelope    {t:'evt'}    │  pushed at any time (state changes,
 *      │ ◀───────────────────────────── │  progress, media requests)
 * ```
 */
import type { ContractError, Result } from './errors.js';

export interface RequestEnvelope {
  readonly t: 'req';
  readonly id: number;
  readonly method: string;
  readonly params: unknown;
}

export type ResponseEnvelope =
  | { readonly t: 'res'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly t: 'res'; readonly id: number; readonly ok: false; readonly error: ContractError };

export interface EventEnvelope {
  readonly t: 'evt';
  readonly name: string;
  readonly payload: unknown;
}

/** Electron IPC channel names (preload ↔ main). */
export const ipcChannels = {
  invoke: 'hotseat:invoke',
  event: 'hotseat:event',
} as const;

/** Path of the browser-mode WebSocket on the host's HTTP server. */
export const webSocketPath = '/hotseat-ws';

/**
 * What the preload exposes on `window.hotseat` (Electron only). Both methods
 * check names against the contract's allow-lists before touching IPC.
 */
export interface HotseatBridge {
  invoke(method: string, params: unknown): Promise<Result<unknown>>;
  /** Returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}
