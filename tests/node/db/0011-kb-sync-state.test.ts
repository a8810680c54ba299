/**
 * Migration 0011: the KB sync state lives next to the cache, one row only,
 * and the snapshot's seen-keys table is keyed by (kind, id).
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../main/core/db/migrate.js';
import { m0011KbSyncState } from '../../../main/core/db/migrations/0011-kb-sync-state.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

function upTo11(): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:');
  const list = migrations.filter((m) => m.version <= 11);
  expect(list.at(-1)).toBe(m0011KbSyncState);
  expect(migrate(db, list)).toEqual(list.map((m) => m.version));
  return db;
}

describe('migration 0011-kb-sync-state', () => {
  it('applies after 0010 and starts with one empty state row', () => {
    const db = upTo11();
    try {
      expect(schemaVersion(db)).toBe(11);
      expect(db.prepare('SELECT * FROM kb_sync_state').all()).toEqual([
        {
          id: 1,
          source_url: null,
          cursor: null,
          version: null,
          etag: null,
          last_synced_at: null,
          last_attempt_at: null,
          last_error: null,
          last_error_kind: null,
          pending_snapshot_json: null,
          updated_at: 0,
        },
      ]);
    } finally {
      db.close();
    }
  });

  it('keeps one state row, strictly typed', () => {
    const db = upTo11();
    try {
      expect(() => db.prepare('INSERT INTO kb_sync_state (id, updated_at) VALUES (2, 0)').run()).toThrow(/CHECK/);
      expect(() => db.prepare('INSERT INTO kb_sync_state (id, updated_at) VALUES (1, 0)').run()).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(() => db.prepare("UPDATE kb_sync_state SET last_synced_at = 'yesterday'").run()).toThrow(/cannot store TEXT/);
      db.prepare("UPDATE kb_sync_state SET cursor = 'c-42', updated_at = 5").run();
      expect(db.prepare('SELECT cursor FROM kb_sync_state WHERE id = 1').pluck().get()).toBe('c-42');
    } finally {
      db.close();
    }
  });

  it('records each seen (kind, id) once, without a rowid, looked up by its key', () => {
    const db = upTo11();
    try {
      const insert = db.prepare('INSERT INTO kb_sync_seen (kind, id) VALUES (?, ?)');
      insert.run('article', 'a1');
      insert.run('phrase', 'a1');
      expect(() => insert.run('article', 'a1')).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'kb_sync_seen'").pluck().get()).toMatch(/WITHOUT ROWID/i);
      const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT 1 FROM kb_sync_seen WHERE kind = ? AND id = ?').all('article', 'a1') as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toMatch(/SEARCH kb_sync_seen USING PRIMARY KEY \(kind=\? AND id=\?\)/);
    } finally {
      db.close();
    }
  });
});
