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
 *        │ page ──▶ check (signature, shrink) ──▶ [apply part of the page + in-page progress] … 
 *        │          [last part + cursor = next] ── more? ─────────────────────┘
 *        └ error ──▶ retries with backoff, then failed (cache as it was)
 *
 *  full sync = download + verify snapshot to a spool file ──▶ check (signature, shrink)
 *              ──▶ apply in chunks ──▶ sweep in chunks ──▶ cursor
 * ```
 * Every transaction is bounded by time (`pageTxnBudgetMs` for pages and the
 * sweep, `txnBudgetMs` for snapshot chunks), however big the page. Each one
 * records how far it got (the in-page progress with the page's digest, or the
 * snapshot's applied count) together with the records it wrote, so after any
 * failure the next run resumes exactly where this one stopped; the cursor
 * moves only with the last part. Meanwhile every cached record is a complete
 * old or new version.
 *
 * Guards (publication-guard.ts): with the centre's key set, nothing unsigned,
 * tampered with or replayed is applied; with or without it, a sync that
 * would remove more than half of the cache is refused unless the manifest
 * says the shrink was intended. A refusal keeps the cache as it was.
 */
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { KbSyncProgress } from '../../../contract/index.js';
import { createLogger } from '../../base/log.js';
import { applyKbChanges, applyPreparedRecords } from '../apply-kb-changes.js';
import type { PreparedRecord } from '../prepare-record.js';
import { withRetry } from '../../base/backoff.js';
import { fetchChangePage, type ChangePageAnswer } from './fetch-change-page.js';
import { errorKindOf, kbSyncRetryable, KbSyncError, messageOf } from './kb-sync-error.js';
import { yieldToMainThread } from './main-thread-heartbeat.js';
import { cachedRecordKeys, countCachedRecords } from './kb-cache-queries.js';
import { mergeKbIndex } from './merge-kb-index.js';
import { createPublicationGuard, PublicationChangedError, type PublicationGuard } from './publication-guard.js';
import type { ManifestPayload } from './signed-manifest.js';
import { cleanSpool } from './spool-cleanup.js';
import { recordKey } from './sync-protocol.js';
import { createTxnSizer } from './txn-sizer.js';
import { preparedBlocks, type PreparedBlocks } from './prepared-blocks.js';
import { createRecordPreparer, type RecordPreparer } from './record-preparer.js';
import { applySpooledSnapshot } from './snapshot-apply.js';
import { downloadSnapshot } from './snapshot-download.js';
import { createProgressReporter, type ProgressReporter } from './sync-progress.js';
import {
  clearSeen,
  readSyncState,
  writeAttempt,
  writeAcceptedManifest,
  writeCursor,
  writeEtag,
  writeFailedSnapshot,
  writeFailure,
  writePageProgress,
  writePendingSnapshot,
  writeSuccess,
  type FailedSnapshot,
  type SyncStateRow,
} from './sync-state-queries.js';
import { trustCentreCa } from './http-get.js';
import type { SyncTuning } from './sync-tuning.js';

const log = createLogger('kb-sync');

export interface RunKbSyncOptions {
  readonly db: Database;
  /** The centre's base URL (profile kbSourceUrl). */
  readonly sourceUrl: string;
  /** The centre's Ed25519 public key (profile kbPublicKey, `ed25519:…`); null or '' = signatures not required. */
  readonly publicKey?: string | null;
  /** The centre's CA (PEM, profile trustedCaPem) trusted for https:// besides the system roots; '' = none. */
  readonly trustedCaPem?: string;
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
  trustCentreCa(options.trustedCaPem);
  writeAttempt(db, now());
  const preparer = options.preparer ?? createRecordPreparer({ workersDir: options.workersDir, threads: options.tuning.prepareThreads });
  try {
    await cleanSpool(db, options.spoolDir, options.sourceUrl, now());
    let result: KbSyncRunResult;
    for (let attempt = 0; ; attempt += 1) {
      try {
        result = await run(options, progress, preparer, now);
        break;
      } catch (error) {
        // The centre published while we read it: once more from where we stand.
        if (!(error instanceof PublicationChangedError) || attempt >= 1) throw error;
        log.info(error.message);
      }
    }
    writeSuccess(db, now());
    progress.phase('done');
    return result;
  } catch (error) {
    const message = messageOf(error);
    writeFailure(db, { message, kind: errorKindOf(error) }, now());
    progress.failed(message);
    throw error;
  } finally {
    await cleanSpool(db, options.spoolDir, options.sourceUrl, now()).catch((error: unknown) => log.warn(`spool cleanup: ${messageOf(error)}`));
    if (!options.preparer) await preparer.close();
  }
}

/** More than half of the cache removed. */
function isShrink(removed: number, cached: number): boolean {
  return cached > 0 && removed * 2 > cached;
}

/** The manifest says a shrink published after the seat's version was intended (`kb:publish --allow-shrink`). */
function shrinkIntended(manifest: ManifestPayload | null, state: SyncStateRow): boolean {
  if (!manifest?.shrink) return false;
  const seatVersion = Number(state.version);
  const sameLineage = state.acceptedManifest?.lineage === undefined || state.acceptedManifest.lineage === manifest.lineage;
  return !sameLineage || !Number.isFinite(seatVersion) || manifest.shrink.version > seatVersion;
}

/** A change page fetched ahead, its upserts already being prepared (in blocks, see prepared-blocks.ts). */
interface LoadedPage {
  readonly answer: ChangePageAnswer;
  readonly prepared: PreparedBlocks | null;
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
  const initial = readSyncState(db);
  const guard: PublicationGuard = createPublicationGuard({
    sourceUrl,
    publicKey: options.publicKey ?? null,
    previous: initial.acceptedManifest,
    tuning,
    onRequest,
  });
  const manifest = () => withRetry(() => guard.manifest(), retry);

  /** Refuses a snapshot already refused, unless the publication changed since (manifest digest, ETag, Last-Modified). */
  const refusedBefore = (failed: FailedSnapshot, why: string): KbSyncError =>
    new KbSyncError(failed.reason, `${failed.message} (${why}; not downloaded again until the centre publishes anew)`);

  const fullSync = async (): Promise<void> => {
    mode = 'full';
    const before = readSyncState(db);
    const signed = await manifest();
    const failed = before.failedSnapshot?.sourceUrl === sourceUrl ? before.failedSnapshot : null;
    if (failed && signed && failed.manifestSha256 === signed.snapshot.sha256) throw refusedBefore(failed, 'the manifest still lists the same snapshot');
    const conditional = failed && !(signed && failed.manifestSha256 && failed.manifestSha256 !== signed.snapshot.sha256);
    for (let attempt = 0; ; attempt += 1) {
      let validators = { etag: null as string | null, lastModified: null as string | null };
      const remember = (reason: FailedSnapshot['reason'], message: string): void =>
        writeFailedSnapshot(db, { sourceUrl, ...validators, manifestSha256: signed?.snapshot.sha256 ?? null, message, reason }, now());
      let downloaded;
      try {
        downloaded = await withRetry(
          () =>
            downloadSnapshot({
              sourceUrl,
              spoolDir: options.spoolDir,
              tuning,
              progress,
              onRequest,
              ...(conditional ? { ifNoneMatch: failed.etag, ifModifiedSince: failed.lastModified } : {}),
              onValidators: (v) => (validators = v),
            }),
          retry,
        );
      } catch (error) {
        if (error instanceof KbSyncError && error.reason === 'malformed') remember('malformed', error.message);
        throw error;
      }
      if (downloaded === null) throw refusedBefore(failed as FailedSnapshot, 'the centre says the snapshot has not changed');
      const { pending } = downloaded;
      const spooled = join(options.spoolDir, pending.file);
      try {
        await guard.checkSnapshot(downloaded.decodedSha256);
        // Shrink protection: only for a cache that came from this centre (not the bundled sample, not another URL).
        if (before.cursor !== null && before.sourceUrl === sourceUrl && !shrinkIntended(signed, before)) {
          const cachedKeys = cachedRecordKeys(db);
          const removed = cachedKeys.filter((k) => !downloaded.liveKeys.has(recordKey(k.kind, k.id))).length;
          if (isShrink(removed, cachedKeys.length)) {
            throw new KbSyncError(
              'refused',
              `the centre's snapshot (version ${pending.version}) would remove ${removed} of the ${cachedKeys.length} records in this seat's cache ` +
                'and its publication does not say that was intended (kb:publish --allow-shrink); the cache is kept',
            );
          }
        }
      } catch (error) {
        await unlink(spooled).catch(() => undefined);
        if (error instanceof KbSyncError && (error.reason === 'refused' || error.reason === 'untrusted')) remember(error.reason, error.message);
        throw error;
      }
      db.transaction(() => {
        clearSeen(db);
        writePendingSnapshot(db, pending, now());
      }).immediate();
      const applied = await applySpooledSnapshot(pending, applyOptions);
      if (applied) {
        upserted += applied.upserted;
        deleted += applied.deleted;
        writeFailedSnapshot(db, null, now());
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
      const prepared =
        answer.kind === 'page' ? preparedBlocks(preparer, answer.page.upserts.map((r) => JSON.stringify(r)), tuning.maxChunkSize) : null;
      return { answer, prepared };
    });
    loaded.catch(() => undefined); // awaited below; not unhandled meanwhile
    return loaded;
  };
  let cursor = state.cursor;
  let etag = state.etag;
  let resynced = false;
  /** Shrink protection for change pages: what this run removed, against the cache it started with. */
  const cachedAtStart = countCachedRecords(db);
  let removedThisRun = 0;
  let shrinkChecked = false;
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
    await guard.checkPage(from, answer.sha256);
    if (page.deletes.length > 0 && !shrinkChecked) {
      // Once per run, before the first page that deletes: would the publication take more than half away?
      shrinkChecked = true;
      const signed = await manifest();
      const current = readSyncState(db);
      if (shrinkIntended(signed, current)) removedThisRun = Number.NEGATIVE_INFINITY;
      else if (signed && isShrink(cachedAtStart - signed.records, cachedAtStart)) {
        throw new KbSyncError(
          'refused',
          `the centre's publication (version ${signed.version}) holds ${signed.records} records, this seat's cache ${cachedAtStart}: ` +
            'it would remove more than half and does not say that was intended (kb:publish --allow-shrink); the cache is kept',
        );
      }
    }
    if (isShrink(removedThisRun + page.deletes.length, cachedAtStart)) {
      throw new KbSyncError(
        'refused',
        `the centre's change pages would remove more than half of the ${cachedAtStart} records in this seat's cache ` +
          'and the publication does not say that was intended (kb:publish --allow-shrink); stopped before applying them',
      );
    }
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
    const upsertCount = prepared?.count ?? 0;
    // The page in parts, each bounded by time: upserts first, then deletes, in page order.
    const total = upsertCount + page.deletes.length;
    const resume = readSyncState(db).pageProgress;
    let done = resume && resume.sourceUrl === sourceUrl && resume.cursor === from && resume.sha256 === answer.sha256 ? Math.min(resume.applied, total) : 0;
    if (done > 0) log.info(`resuming change page ${from} at change ${done}/${total}`);
    progress.received(total);
    if (done > 0) progress.applied(done);
    const sizer = createTxnSizer({ initial: tuning.chunkSize, min: tuning.minChunkSize, max: tuning.maxChunkSize, budgetMs: tuning.pageTxnBudgetMs });
    do {
      const end = Math.min(total, done + sizer.next());
      const start = done;
      const last = end === total;
      let upserts: PreparedRecord[] = [];
      try {
        upserts = start < upsertCount && prepared ? await prepared.range(start, Math.min(end, upsertCount)) : [];
      } catch (error) {
        await prepared?.settle();
        throw error;
      }
      const started = performance.now();
      const counts = db
        .transaction(() => {
          const written = applyPreparedRecords(db, upserts);
          const dels = page.deletes.slice(Math.max(0, start - upsertCount), Math.max(0, end - upsertCount));
          const removed = dels.length > 0 ? applyKbChanges(db, { upserts: [], deletes: dels }).deleted : 0;
          if (last) {
            writeCursor(db, { sourceUrl, cursor: page.next, version: page.version, etag: null }, now());
            writePageProgress(db, null, now());
          } else {
            writeEtag(db, null, now());
            writePageProgress(db, { sourceUrl, cursor: from, sha256: answer.sha256, applied: end }, now());
          }
          return { upserted: written, deleted: removed };
        })
        .immediate();
      sizer.measured(performance.now() - started, end - start);
      upserted += counts.upserted;
      deleted += counts.deleted;
      removedThisRun += counts.deleted;
      progress.applied(end - start);
      done = end;
      await yieldToMainThread(heartbeat, tuning.txnGapMs);
    } while (done < total);
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
  const accepted = guard.accepted();
  if (accepted) writeAcceptedManifest(db, accepted, now());
  const final = readSyncState(db);
  return { mode, upserted, deleted, cursor: final.cursor, version: final.version, requests, optimized };
}
