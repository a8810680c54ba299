/** The transport to the core: open, or lost and retrying. */
import type { StateCreator } from 'zustand';
import type { ConnectionState } from '../../api/api-client.js';
import type { SeatState } from '../seat-state.js';

export interface ConnectionSlice {
  connection: ConnectionState;
  host: 'electron' | 'web';
  connectionChanged(state: ConnectionState): void;
}

export const createConnectionSlice =
  (host: 'electron' | 'web'): StateCreator<SeatState, [], [], ConnectionSlice> =>
  (set) => ({
    connection: 'connecting',
    host,
    connectionChanged: (connection) => set({ connection }),
  });
