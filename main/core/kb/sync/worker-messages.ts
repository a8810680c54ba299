/**
 * What the main thread and the sync worker say to each other. The worker
 * lives as long as the service (so periodic syncs do not reload the bundle
 * and its helper threads); it runs one sync per `run` message and answers
 * with progress and exactly one `done` or `failed` for that run.
 *
 * ```
 *   main ── new Worker(kb-sync.worker.cjs, { workerData }) ──▶ worker (opens its own connection)
 *   main ── { type: 'run', runId, sourceUrl, tuning } ───────▶
 *   main ◀── progress* ── (done | failed) for runId ─────────── worker
 *   main ── terminate() (service closed) ────────────────────▶ ✕
 * ```
 */
import type { KbSyncErrorKind, KbSyncProgress } from '../../../contract/index.js';
import type { KbSyncRunResult } from './run-kb-sync.js';
import type { SyncTuning } from './sync-tuning.js';

export interface KbSyncWorkerData {
  readonly dbFile: string;
  readonly spoolDir: string;
  /** Where kb-prepare.worker.cjs is (the sync worker's helper threads). */
  readonly workersDir: string;
  /** Linux nice value for the worker and its helpers (0 = leave as is). */
  readonly nice: number;
  /** Ticked by the main thread while a run is in flight (see main-thread-heartbeat.ts). */
  readonly heartbeat: SharedArrayBuffer | null;
}

export interface KbSyncRunRequest {
  readonly type: 'run';
  readonly runId: number;
  readonly sourceUrl: string;
  /** The centre's public key from the profile ('' = none). */
  readonly publicKey: string;
  /** The centre's CA from the profile ('' = system roots only). */
  readonly trustedCaPem?: string;
  readonly tuning: SyncTuning;
}

export type KbSyncWorkerMessage =
  | { readonly type: 'progress'; readonly runId: number; readonly progress: KbSyncProgress }
  | { readonly type: 'done'; readonly runId: number; readonly result: KbSyncRunResult }
  | { readonly type: 'failed'; readonly runId: number; readonly message: string; readonly kind: KbSyncErrorKind };
