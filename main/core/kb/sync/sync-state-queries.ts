/**
 * SQL for the sync state (migration 0011): plain functions, database first.
 * Callers that change records and the cursor together wrap these and
 * `applyKbChanges` in ONE transaction.
 */
import type { Database } from 'better-sqlite3';
import { kbSyncErrorKinds, type KbSyncErrorKind } from '../../../contract/index.js';
import type { KbRecordKey } from '../kb-record.js';

/** A verified snapshot on disk, being applied chunk by chunk. */
export interface PendingSnapshot {
  readonly sourceUrl: string;
  readonly cursor: string;
  readonly version: string;
  readonly count: number;
  /** Spool file name (inside the spool folder). */
  readonly file: string;
  readonly sha256: string;
  readonly contentEncoding: string;
  /** Record lines already applied (and their keys in kb_sync_seen). */
  readonly applied: number;
}

/** A change page applied in several transactions (migration 0066): how far it got. */
export interface PageProgress {
  readonly sourceUrl: string;
  /** The cursor the page starts from (= the stored cursor until the page is done). */
  readonly cursor: string;
  /** SHA-256 of the page's bytes: only the same page may be resumed mid-way. */
  readonly sha256: string;
  /** Changes of the page already applied (upserts first, then deletes, in page order). */
  readonly applied: number;
}

/** The last manifest.json accepted (migration 0066): an older one is a replay. */
export interface AcceptedManifest {
  readonly sourceUrl: string;
  readonly lineage: string;
  readonly version: number;
  readonly publishedAt: string;
}

/** A snapshot refused after download (migration 0066): not downloaded again until the publication changes. */
export interface FailedSnapshot {
  readonly sourceUrl: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** The snapshot digest the manifest gave, if there was one. */
  readonly manifestSha256: string | null;
  readonly message: string;
  /** The error kind to report again ('malformed', 'untrusted', 'refused'). */
  readonly reason: 'malformed' | 'untrusted' | 'refused';
}

export interface SyncStateRow {
  readonly sourceUrl: string | null;
  readonly cursor: string | null;
  readonly version: string | null;
  readonly etag: string | null;
  readonly lastSyncedAt: number | null;
  readonly lastAttemptAt: number | null;
  readonly lastError: string | null;
  readonly lastErrorKind: KbSyncErrorKind | null;
  readonly pendingSnapshot: PendingSnapshot | null;
  readonly pageProgress: PageProgress | null;
  readonly acceptedManifest: AcceptedManifest | null;
  readonly failedSnapshot: FailedSnapshot | null;
}

interface RawRow {
  source_url: string | null;
  cursor: string | null;
  version: string | null;
  etag: string | null;
  last_synced_at: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
  last_error_kind: string | null;
  pending_snapshot_json: string | null;
  page_progress_json?: string | null;
  manifest_json?: string | null;
  failed_snapshot_json?: string | null;
}

export function readSyncState(db: Database): SyncStateRow {
  const row = db.prepare('SELECT * FROM kb_sync_state WHERE id = 1').get() as RawRow | undefined;
  if (!row) throw new Error('kb_sync_state has no row (migration 0011 not applied?)');
  const kind = row.last_error_kind;
  return {
    sourceUrl: row.source_url,
    cursor: row.cursor,
    version: row.version,
    etag: row.etag,
    lastSyncedAt: row.last_synced_at,
    lastAttemptAt: row.last_attempt_at,
    lastError: row.last_error,
    lastErrorKind: kind && (kbSyncErrorKinds as readonly string[]).includes(kind) ? (kind as KbSyncErrorKind) : null,
    pendingSnapshot: row.pending_snapshot_json ? (JSON.parse(row.pending_snapshot_json) as PendingSnapshot) : null,
    pageProgress: row.page_progress_json ? (JSON.parse(row.page_progress_json) as PageProgress) : null,
    acceptedManifest: row.manifest_json ? (JSON.parse(row.manifest_json) as AcceptedManifest) : null,
    failedSnapshot: row.failed_snapshot_json ? (JSON.parse(row.failed_snapshot_json) as FailedSnapshot) : null,
  };
}

/** Where the cache now stands; called in the transaction that applied the records. */
export function writeCursor(
  db: Database,
  position: { sourceUrl: string; cursor: string | null; version: string | null; etag: string | null },
  now: number,
): void {
  db.prepare('UPDATE kb_sync_state SET source_url = ?, cursor = ?, version = ?, etag = ?, updated_at = ? WHERE id = 1').run(
    position.sourceUrl,
    position.cursor,
    position.version,
    position.etag,
    now,
  );
}

export function writeEtag(db: Database, etag: string | null, now: number): void {
  db.prepare('UPDATE kb_sync_state SET etag = ?, updated_at = ? WHERE id = 1').run(etag, now);
}

export function writeAttempt(db: Database, now: number): void {
  db.prepare('UPDATE kb_sync_state SET last_attempt_at = ?, updated_at = ? WHERE id = 1').run(now, now);
}

export function writeSuccess(db: Database, now: number): void {
  db.prepare('UPDATE kb_sync_state SET last_synced_at = ?, last_error = NULL, last_error_kind = NULL, updated_at = ? WHERE id = 1').run(now, now);
}

export function writeFailure(db: Database, failure: { message: string; kind: KbSyncErrorKind }, now: number): void {
  db.prepare('UPDATE kb_sync_state SET last_error = ?, last_error_kind = ?, updated_at = ? WHERE id = 1').run(
    failure.message.slice(0, 2000),
    failure.kind,
    now,
  );
}

export function writePendingSnapshot(db: Database, pending: PendingSnapshot | null, now: number): void {
  db.prepare('UPDATE kb_sync_state SET pending_snapshot_json = ?, updated_at = ? WHERE id = 1').run(
    pending ? JSON.stringify(pending) : null,
    now,
  );
}

/** In the transaction that applied that part of the page (null once the page is done). */
export function writePageProgress(db: Database, progress: PageProgress | null, now: number): void {
  db.prepare('UPDATE kb_sync_state SET page_progress_json = ?, updated_at = ? WHERE id = 1').run(progress ? JSON.stringify(progress) : null, now);
}

export function writeAcceptedManifest(db: Database, manifest: AcceptedManifest | null, now: number): void {
  db.prepare('UPDATE kb_sync_state SET manifest_json = ?, updated_at = ? WHERE id = 1').run(manifest ? JSON.stringify(manifest) : null, now);
}

export function writeFailedSnapshot(db: Database, failed: FailedSnapshot | null, now: number): void {
  db.prepare('UPDATE kb_sync_state SET failed_snapshot_json = ?, updated_at = ? WHERE id = 1').run(failed ? JSON.stringify(failed) : null, now);
}

export function markSeen(db: Database, keys: readonly KbRecordKey[]): void {
  const insert = db.prepare('INSERT OR IGNORE INTO kb_sync_seen (kind, id) VALUES (?, ?)');
  for (const key of keys) insert.run(key.kind, key.id);
}

export function clearSeen(db: Database): void {
  db.prepare('DELETE FROM kb_sync_seen').run();
}

export function seenCount(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM kb_sync_seen').get() as { n: number }).n;
}
