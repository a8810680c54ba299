/**
 * ApiClient over the browser-mode WebSocket.
 *
 * ```
 *  connecting ──open──▶ open ──close──▶ reconnecting ──open──▶ open
 *      │                                   │  (retry 0.5 s … 5 s)
 *      └──────── dispose() ──────▶ closed ◀┘
 * ```
 * Requests made while the socket is down fail at once with `unavailable`
 * rather than hang; the agent sees the connection state in the status bar.
 */
import type { EventEnvelope, ResponseEnvelope, Result } from '../../main/contract/index.js';
import type { ApiClient, ConnectionState } from './api-client.js';

export interface WebSocketClientOptions {
  /** Full ws:// URL including the token. */
  readonly url: string;
  readonly requestTimeoutMs?: number;
  readonly createSocket?: (url: string) => WebSocket;
}

export function createWebSocketClient(options: WebSocketClientOptions): ApiClient & { dispose(): void } {
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const pending = new Map<number, { resolve: (r: Result<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | undefined;
  let nextId = 1;
  let retryMs = 500;
  let disposed = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of [...connectionListeners]) listener(state);
  };

  const failAll = (message: string) => {
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer);
      entry.resolve({ ok: false, error: { code: 'unavailable', message } });
      pending.delete(id);
    }
  };

  const connect = () => {
    const ws = createSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 500;
      setState('open');
    };
    ws.onmessage = (message) => {
      const envelope = JSON.parse(String(message.data)) as ResponseEnvelope | EventEnvelope;
      if (envelope.t === 'res') {
        const entry = pending.get(envelope.id);
        if (!entry) return;
        pending.delete(envelope.id);
        clearTimeout(entry.timer);
        entry.resolve(envelope.ok ? { ok: true, value: envelope.value } : { ok: false, error: envelope.error });
      } else if (envelope.t === 'evt') {
        for (const listener of [...(eventListeners.get(envelope.name) ?? [])]) listener(envelope.payload);
      }
    };
    ws.onclose = () => {
      failAll('the connection to the seat service was lost');
      if (disposed) return setState('closed');
      setState('reconnecting');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  };
  connect();

  return {
    host: 'web',
    invoke(method, params) {
      if (state !== 'open' || !socket) {
        return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'not connected to the seat service' } });
      }
      const id = nextId++;
      const ws = socket;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, error: { code: 'timeout', message: `${method} got no answer in ${timeoutMs} ms` } });
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (r: Result<unknown>) => void, timer });
        ws.send(JSON.stringify({ t: 'req', id, method, params }));
      });
    },
    on(name, listener) {
      const set = eventListeners.get(name) ?? new Set();
      eventListeners.set(name, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
    dispose() {
      disposed = true;
      socket?.close();
      failAll('the client was closed');
    },
  };
}
