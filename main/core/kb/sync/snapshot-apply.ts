/**
 * Applies a verified, spooled snapshot to the cache in short transactions,
 * each of which also records how far it got, so a crash (or a terminated
 * worker) resumes at the next chunk. The cache stays searchable throughout:
 * every record is either the old or the new version, never half written.
 *
 * ```
 *   pending(applied = k) ─ chunk ─▶ [write chunk, mark keys seen, applied = k + n] ─▶ …
 *   last chunk ─▶ sweep: [delete a batch of cached records not seen] ─▶ …   (each bounded by time)
 *              ─▶ [clear seen, cursor = snapshot cursor, pending = none]
 * ```
 * A crash during the sweep resumes it: the records are all applied and the
 * seen keys kept, so the next run reads past them and sweeps what is left.
 * Each transaction is sized to take about `txnBudgetMs` (measured as it
 * goes) and followed by a short pause, so a write the main thread makes
 * meanwhile waits about one transaction, not the whole sync.
 *
 * Pipelined: while chunk n is written here, chunk n+1 is being prepared
 * (rendered, tokenized) on a helper thread. A record whose stored version and
 * updatedAt already match is not prepared again, so re-applying an unchanged
 * snapshot (a resync) costs little more than reading it.
 *
 * A snapshot is the whole truth: a cached record whose version is newer than
 * the snapshot's, or equal with another updatedAt (a centre that republished
 * from scratch), is replaced rather than kept — the version rule of
 * `applyPreparedRecords` alone would keep it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { createLogger } from '../../base/log.js';
import { applyKbChanges, applyPreparedRecords } from '../apply-kb-changes.js';
import type { KbKind, KbRecordKey } from '../kb-record.js';
import type { PreparedRecord } from '../prepare-record.js';
import { decodeBody } from './decode-body.js';
import { storedStampReader, unseenCachedKeysAfter } from './kb-cache-queries.js';
import { KbSyncError } from './kb-sync-error.js';
import { ndjsonLines } from './ndjson-lines.js';
import { yieldToMainThread } from './main-thread-heartbeat.js';
import type { RecordPreparer } from './record-preparer.js';
import { clearSeen, markSeen, writeCursor, writePendingSnapshot, type PendingSnapshot } from './sync-state-queries.js';
import type { ProgressReporter } from './sync-progress.js';
import type { SyncTuning } from './sync-tuning.js';
import { createTxnSizer } from './txn-sizer.js';

const log = createLogger('kb-sync');

export interface SnapshotApplyOptions {
  readonly db: Database;
  readonly spoolDir: string;
  readonly tuning: SyncTuning;
  readonly progress: ProgressReporter;
  readonly preparer: RecordPreparer;
  /** The main thread's heartbeat (see main-thread-heartbeat.ts); null in-process. */
  readonly heartbeat: SharedArrayBuffer | null;
  readonly now: () => number;
}

export interface SnapshotApplyResult {
  readonly upserted: number;
  readonly deleted: number;
}

/** What the writer needs of a chunk; `prepared` resolves on a helper thread meanwhile. */
interface ChunkPlan {
  readonly size: number;
  readonly live: KbRecordKey[];
  readonly replaced: KbRecordKey[];
  readonly prepared: Promise<PreparedRecord[]>;
}

interface RecordStamp {
  readonly kind: KbKind;
  readonly id: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly deleted?: boolean;
}

/** Returns null when the spool file is gone or damaged (the pending snapshot is dropped; download again). */
export async function applySpooledSnapshot(pending: PendingSnapshot, options: SnapshotApplyOptions): Promise<SnapshotApplyResult | null> {
  const { db, tuning, progress, preparer, now } = options;
  const path = join(options.spoolDir, pending.file);
  if (!(await spoolIntact(path, pending.sha256))) {
    db.transaction(() => {
      writePendingSnapshot(db, null, now());
      clearSeen(db);
    }).immediate();
    await unlink(path).catch(() => undefined);
    return null;
  }

  const stampOf = storedStampReader(db);
  let applied = pending.applied;
  let upserted = 0;
  let deleted = 0;
  const write = db.transaction((plan: ChunkPlan, prepared: readonly PreparedRecord[]) => {
    if (plan.replaced.length > 0) applyKbChanges(db, { upserts: [], deletes: plan.replaced });
    upserted += applyPreparedRecords(db, prepared);
    markSeen(db, plan.live);
    applied += plan.size;
    writePendingSnapshot(db, { ...pending, applied }, now());
  });
  // Where the time goes (logged at the end): writing, or waiting for the helper thread.
  let writeMs = 0;
  let waitMs = 0;
  let transactions = 0;
  let yieldedMs = 0;
  // Chunks are sized from the measured write time so each transaction takes about txnBudgetMs.
  let chunkTarget = tuning.chunkSize;
  let msPerLine: number | null = null;
  const inFlight: ChunkPlan[] = [];
  // One chunk being written, the others being prepared.
  const depth = Math.max(1, preparer.threads + 1);
  const drain = async (keep: number): Promise<void> => {
    while (inFlight.length > keep) {
      const plan = inFlight.shift() as ChunkPlan;
      const waited = performance.now();
      const prepared = await plan.prepared;
      const writing = performance.now();
      write.immediate(plan, prepared);
      const took = performance.now() - writing;
      if (took > 2 * tuning.txnBudgetMs) log.debug(`snapshot transaction of ${plan.size} records took ${Math.round(took)} ms`);
      waitMs += writing - waited;
      writeMs += took;
      transactions += 1;
      const perLine = took / Math.max(1, plan.size);
      msPerLine = msPerLine === null ? perLine : 0.7 * msPerLine + 0.3 * perLine;
      chunkTarget = Math.round(Math.min(tuning.maxChunkSize, Math.max(tuning.minChunkSize, tuning.txnBudgetMs / Math.max(msPerLine, 0.001))));
      // Let a writer waiting for the lock (the main thread's call records) in.
      yieldedMs += await yieldToMainThread(options.heartbeat, tuning.txnGapMs);
      progress.applied(plan.size);
    }
  };
  const plan = (lines: readonly string[]): void => {
    const live: KbRecordKey[] = [];
    const replaced: KbRecordKey[] = [];
    const toPrepare: string[] = [];
    for (const line of lines) {
      // Verified while downloading; only the stamp is needed here.
      const record = JSON.parse(line) as RecordStamp;
      if (record.deleted === true) continue;
      const key = { kind: record.kind, id: record.id };
      live.push(key);
      const stored = stampOf(key);
      if (stored && stored.version === record.version && stored.updatedAt === record.updatedAt) continue;
      if (stored && stored.version >= record.version) replaced.push(key);
      toPrepare.push(line);
    }
    const prepared = preparer.prepare(toPrepare);
    prepared.catch(() => undefined); // awaited in drain(); do not report it as unhandled meanwhile
    inFlight.push({ size: lines.length, live, replaced, prepared });
  };

  progress.phase('applying', pending.count);
  if (pending.applied > 0) progress.applied(pending.applied);
  const spool = createReadStream(path) as AsyncIterable<Buffer>;
  let headerSeen = false;
  let records = 0;
  let chunk: string[] = [];
  try {
    for await (const lines of ndjsonLines(decodeBody(spool, { what: pending.file, contentEncoding: pending.contentEncoding, maxBytes: tuning.maxSnapshotBytes }), pending.file, tuning.maxLineChars)) {
      for (const line of lines) {
        if (line.text.trim() === '') continue;
        if (!headerSeen) {
          headerSeen = true;
          continue;
        }
        if (records === pending.count) break; // the end line
        records += 1;
        if (records <= pending.applied) continue;
        chunk.push(line.text);
        if (chunk.length >= chunkTarget) {
          plan(chunk);
          chunk = [];
          await drain(depth - 1);
        }
      }
    }
    if (chunk.length > 0) plan(chunk);
    await drain(0);
  } finally {
    // On failure, let the chunks in flight settle before the caller moves on.
    await Promise.allSettled(inFlight.map((p) => p.prepared));
  }
  if (records !== pending.count) {
    throw new KbSyncError('malformed', `the spooled snapshot ${pending.file} holds ${records} records, not ${pending.count}`);
  }

  // The sweep: records the snapshot lacks, removed in batches bounded by time (a 100k cache
  // emptied in one transaction held the write lock for seconds).
  const sweep = createTxnSizer({ initial: tuning.chunkSize, min: tuning.minChunkSize, max: tuning.maxChunkSize, budgetMs: tuning.pageTxnBudgetMs });
  let afterDocId = -1;
  for (;;) {
    const stale = unseenCachedKeysAfter(db, afterDocId, sweep.next());
    if (stale.length === 0) break;
    const started = performance.now();
    db.transaction(() => {
      deleted += applyKbChanges(db, { upserts: [], deletes: stale }).deleted;
    }).immediate();
    sweep.measured(performance.now() - started, stale.length);
    transactions += 1;
    afterDocId = stale[stale.length - 1]!.docId;
    yieldedMs += await yieldToMainThread(options.heartbeat, tuning.txnGapMs);
  }
  db.transaction(() => {
    clearSeen(db);
    writeCursor(db, { sourceUrl: pending.sourceUrl, cursor: pending.cursor, version: pending.version, etag: null }, now());
    writePendingSnapshot(db, null, now());
  }).immediate();
  await unlink(path).catch(() => undefined);
  log.info(
    `snapshot ${pending.cursor}: ${applied - pending.applied} records applied (${upserted} written, ${deleted} removed); ` +
      `${transactions} transactions (last ${chunkTarget} records), writing ${Math.round(writeMs)} ms, waiting for prepare threads ${Math.round(waitMs)} ms, ` +
      `lock left to the blocked main thread ${Math.round(yieldedMs)} ms`,
  );
  return { upserted, deleted };
}

async function spoolIntact(path: string, sha256: string): Promise<boolean> {
  try {
    await stat(path);
  } catch {
    return false;
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex') === sha256;
}
