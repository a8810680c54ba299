/**
 * Keeps the spool folder to what the sync state points at. Run when the sync
 * service starts and before and after every sync run:
 *
 * - `*.part`: a download cut short (a kill, a crash, a full disk) — removed;
 * - `*.snapshot` other than the pending snapshot's — orphans of a killed
 *   run or of a refused download — removed;
 * - a pending snapshot from another KB URL (the profile's URL changed) is
 *   dropped with its file and its seen keys: it will never be resumed.
 *
 * Only files named like the sync's own (`snapshot-…`) are touched.
 */
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { createLogger } from '../../base/log.js';
import { clearSeen, readSyncState, writePendingSnapshot } from './sync-state-queries.js';

const log = createLogger('kb-sync');

const spoolName = /^snapshot-[A-Za-z0-9-]+\.(part|snapshot)$/;

export interface SpoolCleanup {
  /** Files removed. */
  readonly removed: readonly string[];
  /** A pending snapshot of another URL was dropped. */
  readonly droppedPending: boolean;
}

/** `sourceUrl`: the profile's KB URL now ('' = none: any pending snapshot is dropped). */
export async function cleanSpool(db: Database, spoolDir: string, sourceUrl: string, now: number): Promise<SpoolCleanup> {
  let pending = readSyncState(db).pendingSnapshot;
  let droppedPending = false;
  if (pending && pending.sourceUrl !== sourceUrl) {
    db.transaction(() => {
      writePendingSnapshot(db, null, now);
      clearSeen(db);
    }).immediate();
    log.info(`dropped the half-applied snapshot of ${pending.sourceUrl}: the KB URL is now ${sourceUrl || '(none)'}`);
    pending = null;
    droppedPending = true;
  }
  let entries: string[];
  try {
    entries = await readdir(spoolDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed: [], droppedPending };
    throw error;
  }
  const removed: string[] = [];
  for (const name of entries) {
    if (!spoolName.test(name) || name === pending?.file) continue;
    try {
      await unlink(join(spoolDir, name));
      removed.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  if (removed.length > 0) log.info(`spool: removed ${removed.join(', ')}`);
  return { removed, droppedPending };
}
