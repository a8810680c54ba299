import { availableParallelism } from 'node:os';

/**
 * Knobs of a sync run. Defaults suit a seat on a LAN or a CDN; tests shorten
 * the timeouts and backoff.
 */
export interface SyncTuning {
  /** Request → response headers. */
  readonly timeoutMs: number;
  /** Longest wait for the next body chunk. */
  readonly idleTimeoutMs: number;
  /** Retries per request after the first attempt (offline, 5xx, 408, 429). */
  readonly retries: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** `limit` asked of a dynamic change feed (a static one has its own page size). */
  readonly pageLimit: number;
  /**
   * Snapshot records in the first transaction; later ones are sized to take
   * about `txnBudgetMs`, between `minChunkSize` and `maxChunkSize`. The
   * trade: FTS5 flushes and merges per commit, so big transactions write a
   * 100k snapshot twice as fast (measured 0.25 vs 0.62 ms per record at
   * 600 vs 150 ms), while a write the main thread makes meanwhile (a call
   * record) waits up to about one transaction (the heartbeat sees to that).
   * Full syncs are rare (seat set-up, resync): 500 ms.
   */
  readonly chunkSize: number;
  readonly minChunkSize: number;
  readonly maxChunkSize: number;
  readonly txnBudgetMs: number;
  /**
   * Budget of each transaction applying a change page (a page of up to
   * 100,000 changes is applied in several, with its in-page progress) and of
   * each transaction of the sweep after a snapshot. Smaller than the
   * snapshot's: incremental syncs happen all day, while calls ring.
   */
  readonly pageTxnBudgetMs: number;
  /** Pause after each snapshot transaction and merge step, so waiting writers get the lock. */
  readonly txnGapMs: number;
  /** FTS merge step size (see merge-kb-index.ts). */
  readonly mergePagesPerStep: number;
  readonly maxPageBytes: number;
  readonly maxSnapshotBytes: number;
  readonly maxLineChars: number;
  /** Fully merge the FTS indexes (= `optimize`) when a run wrote at least this many records. */
  readonly optimizeThreshold: number;
  /** Guard against a change feed that never ends. */
  readonly maxPagesPerRun: number;
  /** Helper threads preparing records while the sync worker writes (0 = prepare in the sync worker). */
  readonly prepareThreads: number;
}

export const defaultSyncTuning: SyncTuning = {
  timeoutMs: 15_000,
  idleTimeoutMs: 30_000,
  retries: 3,
  retryBaseMs: 1_000,
  retryMaxMs: 30_000,
  pageLimit: 1_000,
  chunkSize: 250,
  minChunkSize: 25,
  maxChunkSize: 2_000,
  txnBudgetMs: 500,
  pageTxnBudgetMs: 200,
  // Longer than the main thread's heartbeat tick (5 ms), so a blocked main thread shows.
  txnGapMs: 8,
  mergePagesPerStep: 800,
  maxPageBytes: 64 * 1024 * 1024,
  // 100k articles are ~300 MB of NDJSON; the cap stops a broken or hostile server, not a big KB.
  maxSnapshotBytes: 2 * 1024 * 1024 * 1024,
  maxLineChars: 4 * 1024 * 1024,
  optimizeThreshold: 2_000,
  maxPagesPerRun: 100_000,
  // One helper on a 2-core seat (sync worker + helper = both cores; the main
  // thread only forwards progress), two on bigger machines.
  prepareThreads: Math.max(1, Math.min(2, availableParallelism() - 1)),
};
