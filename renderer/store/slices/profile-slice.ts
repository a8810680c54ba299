/** The seat profile as last loaded from or saved to the core. */
import type { StateCreator } from 'zustand';
import type { ProfileView } from '../../../main/contract/index.js';
import type { SeatState } from '../seat-state.js';

export interface ProfileSlice {
  /** null until the first load answers. */
  profile: ProfileView | null;
  profileLoaded(profile: ProfileView): void;
}

export const createProfileSlice: StateCreator<SeatState, [], [], ProfileSlice> = (set) => ({
  profile: null,
  profileLoaded: (profile) => set({ profile }),
});
