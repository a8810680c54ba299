/**
 * One sync run against the centre: brings the cache from its stored cursor
 * to the centre's newest publication. Runs in the sync worker (its own
 * connection); callable in-process for tests and tools.
 *
 * ```
 *            ┌────────────── pending snapshot? ── yes ──▶ apply it (resume) ─┐
 *  start ────┤                                                               │
 *            └── no cursor (or another source URL) ──▶ full sync ────────────┤
 *                                                                            ▼
 *        ┌──────────────────────────── GET changes/{cursor}.json ◀───────────┐
 *        │ 304 / empty head page ──▶ up to date ──▶ done                     │
 *        │ 404 / 410 ──▶ full sync (once per run) ───────────────────────────┤
 *        │ page ──▶ [apply page + cursor = next] (one transaction) ── more? ─┘
 *        └ error ──▶ retries with backoff, then failed (cache as it was)
 *
 *  full sync = download + verify snapshot to a spool file ──▶ apply in chunks ──▶ sweep + cursor
 * ```
 * Every write that moves the cursor is in the transaction that applied the
 * records, so after any failure the next run resumes exactly where this one
 * stopped.
 */
import type { Database } from 'better-sqlite3';
import type { KbSyncProgress } from '../../../contract/index.js';
import { createLogger } from '../../base/log.js';
import { applyKbChanges, applyPreparedRecords } from '../apply-kb-changes.js';
import type { PreparedRecord } from '../prepare-record.js';
import { withRetry } from '../../base/backoff.js';
import { fetchChangePage, type ChangePageAnswer } from './fetch-change-page.js';
import { errorKindOf, kbSyncRetryable, KbSyncError, messageOf } from './kb-sync-error.js';
import { yieldToMainThread } from './main-thread-heartbeat.js';
import { mergeKbIndex } from './merge-kb-index.js';
import { createRecordPreparer, type RecordPreparer } from './record-preparer.js';
import { applySpooledSnapshot } from './snapshot-apply.js';
import { downloadSnapshot } from './snapshot-download.js';
import { createProgressReporter, type ProgressReporter } from './sync-progress.js';
import {
  clearSeen,
  readSyncState,
  writeAttempt,
  writeCursor,
  writeEtag,
  writeFailure,
  writePendingSnapshot,
  writeSuccess,
} from './sync-state-queries.js';
import type { SyncTuning } from './sync-tuning.js';

const log = createLogger('kb-sync');

export interface RunKbSyncOptions {
  readonly db: Database;
  /** The centre's base URL (profile kbSourceUrl). */
  readonly sourceUrl: string;
  /** Folder for snapshot spool files (same disk as the database). */
  readonly spoolDir: string;
  /**
   * Prepares records (helper threads); kept by the caller across runs. Without
   * it, one is made for this run from `workersDir` (or in this thread).
   */
  readonly preparer?: RecordPreparer;
  readonly workersDir?: string;
  /** The main thread's heartbeat: between transactions, wait while it is blocked (see main-thread-heartbeat.ts). */
  readonly heartbeat?: SharedArrayBuffer | null;
  readonly tuning: SyncTuning;
  readonly onProgress?: (progress: KbSyncProgress) => void;
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface KbSyncRunResult {
  readonly mode: 'unchanged' | 'full' | 'incremental';
  /** Records written (new or newer). */
  readonly upserted: number;
  readonly deleted: number;
  readonly cursor: string | null;
  readonly version: string | null;
  /** HTTP requests made (retries included). */
  readonly requests: number;
  readonly optimized: boolean;
}

/** Throws the failure (a KbSyncError or a bug) after recording it in the sync state. */
export async function runKbSync(options: RunKbSyncOptions): Promise<KbSyncRunResult> {
  const now = options.now ?? (() => Date.now());
  const progress = createProgressReporter(options.onProgress ?? (() => undefined));
  const { db } = options;
  writeAttempt(db, now());
  const preparer = options.preparer ?? createRecordPreparer({ workersDir: options.workersDir, threads: options.tuning.prepareThreads });
  try {
    const result = await run(options, progress, preparer, now);
    writeSuccess(db, now());
    progress.phase('done');
    return result;
  } catch (error) {
    const message = messageOf(error);
    writeFailure(db, { message, kind: errorKindOf(error) }, now());
    progress.failed(message);
    throw error;
  } finally {
    if (!options.preparer) await preparer.close();
  }
}

/** A change page fetched ahead, its upserts already being prepared. */
interface LoadedPage {
  readonly answer: ChangePageAnswer;
  readonly prepared: Promise<PreparedRecord[]> | null;
}

async function run(options: RunKbSyncOptions, progress: ProgressReporter, preparer: RecordPreparer, now: () => number): Promise<KbSyncRunResult> {
  const { db, sourceUrl, tuning } = options;
  let requests = 0;
  let upserted = 0;
  let deleted = 0;
  let mode: KbSyncRunResult['mode'] = 'unchanged';
  const onRequest = () => {
    requests += 1;
  };
  const retry = {
    retries: tuning.retries,
    baseMs: tuning.retryBaseMs,
    capMs: tuning.retryMaxMs,
    ...(options.random ? { random: options.random } : {}),
    retryable: kbSyncRetryable,
    onRetry: (error: unknown, attempt: number, delayMs: number) =>
      log.warn(`retry ${attempt}/${tuning.retries} in ${delayMs} ms: ${error instanceof Error ? error.message : String(error)}`),
  };
  const heartbeat = options.heartbeat ?? null;
  const applyOptions = { db, spoolDir: options.spoolDir, tuning, progress, preparer, heartbeat, now };

  const fullSync = async (): Promise<void> => {
    mode = 'full';
    for (let attempt = 0; ; attempt += 1) {
      const pending = await withRetry(() => downloadSnapshot({ sourceUrl, spoolDir: options.spoolDir, tuning, progress, onRequest }), retry);
      db.transaction(() => {
        clearSeen(db);
        writePendingSnapshot(db, pending, now());
      }).immediate();
      const applied = await applySpooledSnapshot(pending, applyOptions);
      if (applied) {
        upserted += applied.upserted;
        deleted += applied.deleted;
        return;
      }
      // The spool vanished between download and apply (disk cleaned?): once more, then give up.
      if (attempt >= 1) throw new KbSyncError('malformed', 'the downloaded snapshot could not be read back from disk');
    }
  };

  progress.phase('checking');
  let state = readSyncState(db);
  if (state.pendingSnapshot && state.pendingSnapshot.sourceUrl === sourceUrl) {
    log.info(`resuming snapshot ${state.pendingSnapshot.cursor} at record ${state.pendingSnapshot.applied}/${state.pendingSnapshot.count}`);
    mode = 'full';
    const applied = await applySpooledSnapshot(state.pendingSnapshot, applyOptions);
    if (applied) {
      upserted += applied.upserted;
      deleted += applied.deleted;
    }
    state = readSyncState(db);
  }
  if (state.sourceUrl !== sourceUrl || state.cursor === null) {
    if (state.cursor !== null) log.info(`source URL changed (${state.sourceUrl} → ${sourceUrl}): full sync`);
    await fullSync();
    state = readSyncState(db);
  }

  // Fetching page n+1 and preparing its records overlaps writing page n.
  const load = (from: string, etag: string | null): Promise<LoadedPage> => {
    const loaded = withRetry(() => fetchChangePage(sourceUrl, from, etag, tuning, onRequest), retry).then((answer) => {
      const prepared = answer.kind === 'page' ? preparer.prepare(answer.page.upserts.map((r) => JSON.stringify(r))) : null;
      prepared?.catch(() => undefined);
      return { answer, prepared };
    });
    loaded.catch(() => undefined); // awaited below; not unhandled meanwhile
    return loaded;
  };
  let cursor = state.cursor;
  let etag = state.etag;
  let resynced = false;
  let ahead: Promise<LoadedPage> | null = null;
  const visited = new Set<string>();
  while (cursor !== null) {
    if (visited.has(cursor)) throw new KbSyncError('malformed', `the change feed loops back to cursor "${cursor}"`);
    if (visited.size >= tuning.maxPagesPerRun) throw new KbSyncError('malformed', `the change feed has more than ${tuning.maxPagesPerRun} pages`);
    visited.add(cursor);
    const from: string = cursor;
    const { answer, prepared } = await (ahead ?? load(from, etag));
    ahead = null;
    if (answer.kind === 'not-modified') break;
    if (answer.kind === 'gone') {
      if (resynced) throw new KbSyncError('malformed', `the centre does not know cursor "${from}" that its own snapshot gave`);
      log.info(`the centre does not know cursor "${from}" (HTTP ${answer.status}): full resync`);
      resynced = true;
      await fullSync();
      state = readSyncState(db);
      cursor = state.cursor;
      etag = null;
      visited.clear();
      continue;
    }
    const { page } = answer;
    if (page.next === page.cursor) {
      // Up to date: keep the ETag so the next poll is a cheap 304.
      writeEtag(db, answer.etag, now());
      break;
    }
    if (mode === 'unchanged') {
      mode = 'incremental';
      progress.phase('applying');
    }
    if (page.more) ahead = load(page.next, null);
    const records = (await prepared) ?? [];
    const counts = db
      .transaction(() => {
        const written = applyPreparedRecords(db, records);
        const removed = applyKbChanges(db, { upserts: [], deletes: page.deletes }).deleted;
        writeCursor(db, { sourceUrl, cursor: page.next, version: page.version, etag: null }, now());
        return { upserted: written, deleted: removed };
      })
      .immediate();
    upserted += counts.upserted;
    deleted += counts.deleted;
    progress.received(page.upserts.length + page.deletes.length);
    progress.applied(page.upserts.length + page.deletes.length);
    await yieldToMainThread(heartbeat, tuning.txnGapMs);
    cursor = page.next;
    etag = null;
    if (!page.more) break;
  }

  let optimized = false;
  if (upserted + deleted >= tuning.optimizeThreshold) {
    progress.phase('optimizing');
    const started = Date.now();
    const merged = await mergeKbIndex(db, { pagesPerStep: tuning.mergePagesPerStep, pause: () => yieldToMainThread(heartbeat, tuning.txnGapMs) });
    optimized = true;
    log.info(
      `FTS merge (= optimize) of ${merged.tables.join(', ')} after ${upserted + deleted} changes: ` +
        `${Date.now() - started} ms in ${merged.steps} steps, longest ${merged.longestStepMs} ms`,
    );
  }
  const final = readSyncState(db);
  return { mode, upserted, deleted, cursor: final.cursor, version: final.version, requests, optimized };
}
