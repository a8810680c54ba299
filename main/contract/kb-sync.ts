/**
 * Knowledge-base sync part of the contract: ask for a sync now, read the sync
 * state, and the progress events that drive the renderer's progress bar.
 * Joined into the KB part in `kb.ts`.
 *
 * The seat's freshness itself ("KB version V · synced N min ago", "offline")
 * travels in the seat status (`statusChanged`, `KbStatus` in status.ts).
 */
import { z } from 'zod';

/**
 * What a sync run is doing.
 *
 * ```
 *   checking ──▶ downloading ──▶ applying ──▶ optimizing ──▶ done
 *      │  (304 / nothing new) ─────────────────────────────▶ done
 *      └──────────────┴──────────────┴─────────────┴───────▶ failed
 * ```
 * `downloading` is the snapshot (a full sync); change pages are fetched and
 * applied one by one, so an incremental sync shows `applying` only.
 */
export const kbSyncPhases = ['checking', 'downloading', 'applying', 'optimizing', 'done', 'failed'] as const;
export type KbSyncPhase = (typeof kbSyncPhases)[number];

/** Payload of `kbSyncProgressed`. */
export interface KbSyncProgress {
  readonly phase: KbSyncPhase;
  /** Records received (and verified) so far in this run. */
  readonly received: number;
  /** Records applied so far in this run (written, deleted, or confirmed current). */
  readonly applied: number;
  /** Records this run will apply, when the centre said (snapshot header). */
  readonly total?: number;
  /** 0–100 when `total` is known. */
  readonly percent?: number;
  /** `failed` only: why, in English (the renderer shows its own words plus this). */
  readonly error?: string;
}

/**
 * Why the last sync failed, so the UI can say "offline" or "the centre sent a bad file".
 * `untrusted`: the publication is unsigned, signed by another key, tampered
 * with or an older one replayed (the seat holds the centre's key);
 * `refused`: it would remove more than half of the cache without saying the
 * shrink was intended. Both keep the cache as it was.
 */
export const kbSyncErrorKinds = ['offline', 'http', 'malformed', 'untrusted', 'refused', 'internal'] as const;
export type KbSyncErrorKind = (typeof kbSyncErrorKinds)[number];

/** Result of `getKbSyncState` (and of `syncKbNow`, after the run). */
export interface KbSyncState {
  /** The profile's kbSourceUrl; '' when the seat has no centre (sample or imported KB only). */
  readonly sourceUrl: string;
  /** Publication version the cache reflects; null before the first sync. */
  readonly version: string | null;
  readonly cursor: string | null;
  /** Epoch ms of the last successful sync (a 304 counts: the cache was confirmed current). */
  readonly lastSyncedAt: number | null;
  readonly lastAttemptAt: number | null;
  readonly lastError: string | null;
  readonly lastErrorKind: KbSyncErrorKind | null;
  /** A sync run is in progress. */
  readonly running: boolean;
  /** Progress of the running (or last) run. */
  readonly progress: KbSyncProgress | null;
}

/** Result of `syncKbNow`: how the run ended, then the state after it. */
export interface KbSyncOutcome {
  readonly ok: boolean;
  /** 'unchanged': nothing new; 'full': a snapshot was applied; 'incremental': change pages; 'skipped': no run (no URL) or it failed. */
  readonly mode: 'unchanged' | 'full' | 'incremental' | 'skipped';
  /** Records written (new or newer versions). */
  readonly upserted: number;
  readonly deleted: number;
  readonly error?: string;
  readonly state: KbSyncState;
}

const noParams = z.strictObject({});

export const kbSyncRequestSchemas = {
  /** Sync now (or join the run in progress); resolves when the run ends. */
  syncKbNow: noParams,
  getKbSyncState: noParams,
};

export interface KbSyncRequestResults {
  syncKbNow: KbSyncOutcome;
  getKbSyncState: KbSyncState;
}

export interface KbSyncEvents {
  kbSyncProgressed: KbSyncProgress;
}

export const kbSyncEventNames = ['kbSyncProgressed'] as const satisfies readonly (keyof KbSyncEvents)[];
