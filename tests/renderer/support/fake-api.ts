/**
 * An in-memory ApiClient for component tests: requests go to the handlers
 * given (validated by the real contract schemas), events are pushed by hand.
 */
import type { ApiClient, ConnectionState } from '../../../renderer/api/api-client.js';
import { requestSchemas, type RequestName, type Result } from '../../../main/contract/index.js';
import { toFieldIssues } from '../../../main/core/dispatcher.js';

type Handler = (params: unknown) => unknown;

export interface FakeApi extends ApiClient {
  readonly calls: { method: string; params: unknown }[];
  emit(name: string, payload: unknown): void;
  setConnection(state: ConnectionState): void;
}

export function createFakeApi(handlers: Partial<Record<RequestName, Handler>>): FakeApi {
  const calls: { method: string; params: unknown }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const connection = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = 'open';
  return {
    host: 'web',
    calls,
    async invoke(method, params) {
      calls.push({ method, params });
      const parsed = requestSchemas[method].safeParse(params);
      if (!parsed.success) {
        const issues = toFieldIssues(parsed.error.issues);
        return { ok: false, error: { code: 'invalid', message: 'invalid', issues } } as Result<never>;
      }
      const handler = handlers[method];
      if (!handler) return { ok: false, error: { code: 'unavailable', message: `${method} not faked` } } as Result<never>;
      try {
        return { ok: true, value: handler(parsed.data) } as never;
      } catch (error) {
        return { ok: false, error: { code: 'internal', message: (error as Error).message } } as Result<never>;
      }
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    onConnection(listener) {
      connection.add(listener);
      listener(state);
      return () => connection.delete(listener);
    },
    emit(name, payload) {
      for (const l of listeners.get(name) ?? []) l(payload);
    },
    setConnection(next) {
      state = next;
      for (const l of connection) l(next);
    },
  };
}
