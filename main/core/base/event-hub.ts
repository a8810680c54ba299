/**
 * Events the core pushes to every attached client (renderer windows,
 * browser-mode sockets). Typed by the contract's event map.
 */
import type { EventMap, EventName } from '../../contract/index.js';

export type EventListener = <K extends EventName>(name: K, payload: EventMap[K]) => void;

export interface EventHub {
  emit<K extends EventName>(name: K, payload: EventMap[K]): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}

export function createEventHub(onListenerError: (error: unknown) => void): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      for (const listener of [...listeners]) {
        try {
          listener(name, payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
