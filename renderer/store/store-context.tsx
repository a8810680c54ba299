/**
 * Injects the store and the API client through React context, so components
 * never import a global and tests can hand in fresh ones.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ApiClient } from '../api/api-client.js';
import type { SeatStore } from './create-seat-store.js';
import type { SeatState } from './seat-state.js';

const StoreContext = createContext<SeatStore | null>(null);
const ApiContext = createContext<ApiClient | null>(null);

export function SeatProvider({ store, api, children }: { store: SeatStore; api: ApiClient; children: ReactNode }) {
  return (
    <StoreContext.Provider value={store}>
      <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
    </StoreContext.Provider>
  );
}

export function useSeat<T>(selector: (state: SeatState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useSeat outside SeatProvider');
  return useStore(store, selector);
}

export function useSeatStore(): SeatStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useSeatStore outside SeatProvider');
  return store;
}

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside SeatProvider');
  return api;
}
