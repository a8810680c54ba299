/**
 * What KB sync remembers to guard the cache (main/core/kb/sync/):
 *
 * - `page_progress_json`: a change page being applied in several short
 *   transactions — its cursor, its SHA-256 and how many of its changes are
 *   in — so a crash resumes inside the page instead of holding the write
 *   lock for the whole page.
 * - `manifest_json`: the last manifest.json the seat accepted (lineage,
 *   version, publishedAt): an older one replayed later is refused.
 * - `failed_snapshot_json`: a snapshot that failed verification (or would
 *   have emptied the cache), with its ETag / Last-Modified / manifest digest,
 *   so it is not downloaded again until the publication changes.
 */
import type { Migration } from '../migration.js';

export const m0066KbSyncGuards: Migration = {
  version: 66,
  name: '0066-kb-sync-guards',
  up(db) {
    db.exec(`
      ALTER TABLE kb_sync_state ADD COLUMN page_progress_json TEXT;
      ALTER TABLE kb_sync_state ADD COLUMN manifest_json TEXT;
      ALTER TABLE kb_sync_state ADD COLUMN failed_snapshot_json TEXT;
    `);
  },
};
