/**
 * The event and connection half of a fake ApiClient: listeners a test can
 * push core events and transport states into. Shared by the test fakes.
 */
import type { ApiClient, ConnectionState } from '../../../renderer/api/api-client.js';

export interface FakeEvents extends Pick<ApiClient, 'on' | 'onConnection'> {
  emit(name: string, payload: unknown): void;
  setConnection(state: ConnectionState): void;
}

export function createFakeEvents(): FakeEvents {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const connection = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = 'open';
  return {
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
      for (const l of [...(listeners.get(name) ?? [])]) l(payload);
    },
    setConnection(next) {
      state = next;
      for (const l of [...connection]) l(next);
    },
  };
}
