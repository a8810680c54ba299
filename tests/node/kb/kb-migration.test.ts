/**
 * Migration 0010 on a fresh database. The query plans of the statements the
 * search and the views prepare are asserted in tests/node/db/query-plans.test.ts.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';
import { m0010KbCache } from '../../../main/core/db/migrations/0010-kb-cache.js';
import { memoryDb } from './support/kb-test-db.js';

describe('migration 0010-kb-cache', () => {
  it('applies on a fresh database after 0001 and creates the cache, the indexes and the recent list', () => {
    const db = new BetterSqlite3(':memory:');
    try {
      const upTo10 = migrations.filter((m) => m.version <= 10);
      expect(upTo10.at(-1)).toBe(m0010KbCache);
      expect(migrate(db, upTo10)).toEqual(upTo10.map((m) => m.version));
      expect(schemaVersion(db)).toBe(10);
      const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]).sort();
      for (const name of ['kb_article', 'kb_phrase', 'kb_contact', 'kb_doc', 'kb_category', 'kb_recent', 'kb_fts_title', 'kb_fts_all', 'kb_fts_char']) {
        expect(tables).toContain(name);
      }
      // The search tables are FTS5 with our tokenizer, contentless (no copy of the text).
      const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'kb_fts_all'").pluck().get() as string;
      expect(sql).toMatch(/fts5/i);
      expect(sql).toMatch(/content\s*=\s*''/);
      expect(sql).toMatch(/tokenize\s*=\s*'ascii'/);
    } finally {
      db.close();
    }
  });

  it('enforces its constraints (kind, version, one doc per kind and id)', () => {
    const db = memoryDb();
    expect(() => db.prepare("INSERT INTO kb_doc (kind, ref_id, category, title, text) VALUES ('faq', 'a', '', '', '')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO kb_doc (kind, ref_id, category, title, text) VALUES ('article', 'a', '', '', '')").run();
    expect(() => db.prepare("INSERT INTO kb_doc (kind, ref_id, category, title, text) VALUES ('article', 'a', '', '', '')").run()).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO kb_article (id, version, updated_at, title, summary, body_format, body_html, category, tags_json, keywords_json) VALUES ('a', 0, '', '', '', 'markdown', '', '', '[]', '[]')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
