/**
 * Knowledge-base sync state, in the same database as the KB tables so the
 * cursor is written in the same transaction as the records it covers.
 *
 * - `kb_sync_state`: one row (id = 1): where the cache stands against the
 *   centre (source URL, cursor, publication version, ETag of the up-to-date
 *   change page), the last success / attempt / error, and a snapshot being
 *   applied in chunks (`pending_snapshot_json`) so a crash resumes it.
 * - `kb_sync_seen`: keys written by the snapshot being applied; when the last
 *   chunk is in, every cached record NOT seen is deleted (the snapshot is the
 *   whole truth), in the same transaction that stores the new cursor.
 */
import type { Migration } from '../migration.js';

export const m0011KbSyncState: Migration = {
  version: 11,
  name: '0011-kb-sync-state',
  up(db) {
    db.exec(`
      CREATE TABLE kb_sync_state (
        id                    INTEGER PRIMARY KEY CHECK (id = 1),
        source_url            TEXT,
        cursor                TEXT,
        version               TEXT,
        etag                  TEXT,
        last_synced_at        INTEGER,
        last_attempt_at       INTEGER,
        last_error            TEXT,
        last_error_kind       TEXT,
        pending_snapshot_json TEXT,
        updated_at            INTEGER NOT NULL
      ) STRICT;
      INSERT INTO kb_sync_state (id, updated_at) VALUES (1, 0);

      CREATE TABLE kb_sync_seen (
        kind TEXT NOT NULL,
        id   TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
