/** KB sync progress (from `kbSyncProgressed`) and the agent's "sync now" request. */
import type { StateCreator } from 'zustand';
import type { KbSyncProgress } from '../../../main/contract/index.js';
import type { SeatState } from '../seat-state.js';

export interface KbSyncSlice {
  kbSync: {
    /** The running (or last) run's progress; null before any this session. */
    readonly progress: KbSyncProgress | null;
    /** A "sync now" the agent asked for is in flight. */
    readonly requested: boolean;
  };
  kbSyncProgressed(progress: KbSyncProgress): void;
  kbSyncRequested(): void;
  kbSyncRequestEnded(): void;
}

export const createKbSyncSlice: StateCreator<SeatState, [], [], KbSyncSlice> = (set) => ({
  kbSync: { progress: null, requested: false },
  kbSyncProgressed: (progress) => set((s) => ({ kbSync: { ...s.kbSync, progress } })),
  kbSyncRequested: () => set((s) => ({ kbSync: { ...s.kbSync, requested: true } })),
  kbSyncRequestEnded: () => set((s) => ({ kbSync: { ...s.kbSync, requested: false } })),
});
