/**
 * Remote provisioning as the core reports it (source, revision applied, the
 * last check's outcome), the seat code as typed, and the outcome of the last
 * settings export/import — shown in the settings view.
 */
import type { StateCreator } from 'zustand';
import type { ProvisioningStatus } from '../../../main/contract/index.js';
import type { SeatState } from '../seat-state.js';

export type SettingsTransferOutcome =
  | { readonly kind: 'exported'; readonly fileName: string }
  | { readonly kind: 'imported' }
  | { readonly kind: 'failed'; readonly message: string };

export interface ProvisioningSlice {
  provisioning: ProvisioningStatus | null;
  /** The seat code as typed; null: not edited since the core's copy. */
  seatCodeDraft: string | null;
  settingsTransfer: SettingsTransferOutcome | null;
  provisioningChanged(status: ProvisioningStatus): void;
  seatCodeTyped(code: string | null): void;
  settingsTransferred(outcome: SettingsTransferOutcome | null): void;
}

export const createProvisioningSlice: StateCreator<SeatState, [], [], ProvisioningSlice> = (set) => ({
  provisioning: null,
  seatCodeDraft: null,
  settingsTransfer: null,
  provisioningChanged: (provisioning) => set({ provisioning }),
  seatCodeTyped: (seatCodeDraft) => set({ seatCodeDraft }),
  settingsTransferred: (settingsTransfer) => set({ settingsTransfer }),
});
