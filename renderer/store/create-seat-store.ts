/**
 * Builds the one vanilla store. Tests build a fresh one per test.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createConnectionSlice } from './slices/connection-slice.js';
import { createKbSlice } from './slices/kb-slice.js';
import { createKbSyncSlice } from './slices/kb-sync-slice.js';
import { createPhoneSlice } from './slices/phone-slice.js';
import { createProfileSlice } from './slices/profile-slice.js';
import { createStatusSlice } from './slices/status-slice.js';
import { createViewSlice } from './slices/view-slice.js';
import { createShiftSlice } from './slices/shift-slice.js';
import { createRecordsSlice } from './slices/records-slice.js';
import { createSurveySlice } from './slices/survey-slice.js';
import { createSelfCheckSlice } from './slices/self-check-slice.js';
import { createProvisioningSlice } from './slices/provisioning-slice.js';
import type { SeatState } from './seat-state.js';

export type SeatStore = StoreApi<SeatState>;

export function createSeatStore(host: 'electron' | 'web'): SeatStore {
  return createStore<SeatState>()((...a) => ({
    ...createConnectionSlice(host)(...a),
    ...createProfileSlice(...a),
    ...createStatusSlice(...a),
    ...createViewSlice(...a),
    ...createPhoneSlice(...a),
    ...createKbSyncSlice(...a),
    ...createKbSlice(...a),
    ...createShiftSlice(...a),
    ...createRecordsSlice(...a),
    ...createSurveySlice(...a),
    ...createSelfCheckSlice(...a),
    ...createProvisioningSlice(...a),
  }));
}
