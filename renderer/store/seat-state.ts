/**
 * The whole renderer state: one store built from slices. A feature adds its
 * slice here and in create-seat-store.ts.
 */
import type { ConnectionSlice } from './slices/connection-slice.js';
import type { KbSlice } from './slices/kb-slice.js';
import type { KbSyncSlice } from './slices/kb-sync-slice.js';
import type { PhoneSlice } from './slices/phone-slice.js';
import type { ProfileSlice } from './slices/profile-slice.js';
import type { StatusSlice } from './slices/status-slice.js';
import type { ViewSlice } from './slices/view-slice.js';
import type { ShiftSlice } from './slices/shift-slice.js';
import type { RecordsSlice } from './slices/records-slice.js';
import type { SurveySlice } from './slices/survey-slice.js';
import type { SelfCheckSlice } from './slices/self-check-slice.js';
import type { ProvisioningSlice } from './slices/provisioning-slice.js';

export type SeatState = ConnectionSlice & ProfileSlice & StatusSlice & ViewSlice & PhoneSlice & KbSyncSlice & KbSlice & ShiftSlice & RecordsSlice & SurveySlice & SelfCheckSlice & ProvisioningSlice;
