/** Registration, agent state and KB freshness, pushed by the core. */
import type { StateCreator } from 'zustand';
import type { SeatStatus } from '../../../main/contract/index.js';
import type { SeatState } from '../seat-state.js';

export interface StatusSlice {
  status: SeatStatus;
  statusChanged(status: SeatStatus): void;
}

const unknown: SeatStatus = { registration: { state: 'unknown' }, agent: { state: 'unknown' }, kb: { state: 'unknown' } };

export const createStatusSlice: StateCreator<SeatState, [], [], StatusSlice> = (set) => ({
  status: unknown,
  statusChanged: (status) => set({ status }),
});
