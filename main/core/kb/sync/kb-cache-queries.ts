/**
 * The few reads sync needs from the KB cache tables (migration 0010), beyond
 * what `applyKbChanges` does: the stored version of a record, the records a
 * snapshot did not contain, and the article count for the status bar.
 */
import type { Database, Statement } from 'better-sqlite3';
import { kindTable } from '../apply-kb-changes.js';
import type { KbRecordKey, KbRecordKind } from '../kb-record.js';

export interface StoredStamp {
  readonly version: number;
  readonly updatedAt: string;
}


/** Version and updatedAt of the cached record, or undefined. Statements are prepared once per connection. */
export function storedStampReader(db: Database): (key: KbRecordKey) => StoredStamp | undefined {
  const statements = new Map<KbRecordKind, Statement>();
  return (key) => {
    let statement = statements.get(key.kind);
    if (!statement) {
      statement = db.prepare(`SELECT version, updated_at AS updatedAt FROM ${kindTable(key.kind)} WHERE id = ?`);
      statements.set(key.kind, statement);
    }
    return statement.get(key.id) as StoredStamp | undefined;
  };
}

/** Cached records (any kind) that are not in kb_sync_seen: what a full snapshot removed. */
export function unseenCachedKeys(db: Database): KbRecordKey[] {
  return db
    .prepare(
      `SELECT d.kind AS kind, d.ref_id AS id FROM kb_doc d
        WHERE NOT EXISTS (SELECT 1 FROM kb_sync_seen s WHERE s.kind = d.kind AND s.id = d.ref_id)
       UNION ALL
       SELECT 'synonym' AS kind, y.id AS id FROM kb_synonym y
        WHERE NOT EXISTS (SELECT 1 FROM kb_sync_seen s WHERE s.kind = 'synonym' AND s.id = y.id)`,
    )
    .all() as KbRecordKey[];
}

/** Up to `limit` cached records not in kb_sync_seen, by doc id after `afterDocId` (the sweep's batches). */
export function unseenCachedKeysAfter(db: Database, afterDocId: number, limit: number): (KbRecordKey & { docId: number })[] {
  return db
    .prepare(
      `SELECT d.doc_id AS docId, d.kind AS kind, d.ref_id AS id FROM kb_doc d
        WHERE d.doc_id > ? AND NOT EXISTS (SELECT 1 FROM kb_sync_seen s WHERE s.kind = d.kind AND s.id = d.ref_id)
        ORDER BY d.doc_id LIMIT ?`,
    )
    .all(afterDocId, limit) as (KbRecordKey & { docId: number })[];
}

/** Searchable records in the cache (all kinds). */
export function countCachedRecords(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM kb_doc').get() as { n: number }).n;
}

/** Every cached record's key (shrink protection compares them with a snapshot's). */
export function cachedRecordKeys(db: Database): KbRecordKey[] {
  return db.prepare('SELECT kind, ref_id AS id FROM kb_doc').all() as KbRecordKey[];
}

export function countArticles(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM kb_article').get() as { n: number }).n;
}
