/**
 * An in-memory ApiClient for component tests: requests go to the handlers
 * given (validated by the real contract schemas), events are pushed by hand.
 */
import type { ApiClient, ConnectionState } from '../../../renderer/api/api-client.js';
import { createFakeEvents } from './fake-events.js';
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
  return {
    ...createFakeEvents(),
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
  };
}
