/**
 * The seat's status as the status bar shows it. Each part starts `unknown`
 * and is filled by the feature that owns it (phone: registration and agent
 * state; kb: freshness). Nothing is shown as working before it is.
 */
import type { KbSyncErrorKind } from './kb-sync.js';
import type { RecordsStatus } from './records.js';

export type RegistrationStatus =
  | { readonly state: 'unknown' }
  | { readonly state: 'unconfigured' }
  | { readonly state: 'registering'; readonly server: string }
  | { readonly state: 'registered'; readonly server: string; readonly expiresAt: number }
  | { readonly state: 'reconnecting'; readonly nextRetryAt: number; readonly attempt: number; readonly reason: string }
  | { readonly state: 'failed'; readonly reason: string; readonly statusCode?: number };

export type AgentStateName = 'unknown' | 'offline' | 'ready' | 'not-ready' | 'ringing' | 'on-call' | 'wrap-up';

export interface AgentStatus {
  readonly state: AgentStateName;
  /** Not-ready reason (break, meal, training, meeting). */
  readonly reason?: string;
  /** Epoch ms when the state began. */
  readonly since?: number;
  /** Wrap-up: epoch ms when the seat goes Ready by itself. */
  readonly until?: number;
}

export type KbStatus =
  | { readonly state: 'unknown' }
  | {
      readonly state: 'ready' | 'syncing' | 'offline';
      /** Cursor/version the cache reflects. */
      readonly version: string | null;
      /** Epoch ms of the last successful sync, null if never synced. */
      readonly lastSyncedAt: number | null;
      readonly articleCount: number;
      readonly lastError?: string;
      /** Why the last sync failed; `untrusted` / `refused`: the centre's publication was rejected and the cache kept. */
      readonly lastErrorKind?: KbSyncErrorKind;
    };

export interface SeatStatus {
  readonly registration: RegistrationStatus;
  readonly agent: AgentStatus;
  readonly kb: KbStatus;
  /** Records waiting for the centre (absent until the records feature reports). */
  readonly records?: RecordsStatus;
}

export const unknownStatus: SeatStatus = {
  registration: { state: 'unknown' },
  agent: { state: 'unknown' },
  kb: { state: 'unknown' },
};
