/** Which view fills the window. */
import type { StateCreator } from 'zustand';
import type { SeatState } from '../seat-state.js';

export type ViewName = 'desk' | 'settings' | 'shift';

export interface ViewSlice {
  view: ViewName;
  viewOpened(view: ViewName): void;
}

export const createViewSlice: StateCreator<SeatState, [], [], ViewSlice> = (set) => ({
  view: 'desk',
  viewOpened: (view) => set({ view }),
});
