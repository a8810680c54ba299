/**
 * The renderer's view of the core: typed requests and events. Two
 * implementations — the Electron preload bridge and the browser-mode
 * WebSocket — and nothing else in the renderer knows which one it has.
 */
import type { EventMap, EventName, RequestName, RequestParams, RequestResult, Result } from '../../main/contract/index.js';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ApiClient {
  readonly host: 'electron' | 'web';
  invoke<K extends RequestName>(method: K, params: RequestParams<K>): Promise<Result<RequestResult<K>>>;
  /** Returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void;
  /** Transport state; the Electron bridge is always open. Returns the unsubscribe function. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}
