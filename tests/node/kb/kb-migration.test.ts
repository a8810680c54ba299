/**
 * Migration 0010 on a fresh database, and the query plans of the search and
 * view statements: each must go through an FTS index or a primary key, never
 * a scan of the articles.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';
import { m0010KbCache } from '../../../main/core/db/migrations/0010-kb-cache.js';
import { memoryDb } from './support/kb-test-db.js';

function plan(db: BetterSqlite3.Database, sql: string, ...params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
}

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

  it('answers searches through the FTS indexes and views through primary keys (EXPLAIN QUERY PLAN)', () => {
    const db = memoryDb();
    // Full-text: the plan is a virtual-table index lookup (":M" = MATCH), not a scan.
    expect(plan(db, 'SELECT rowid FROM kb_fts_title WHERE kb_fts_title MATCH ? LIMIT 10', '"疫苗"')).toMatch(/VIRTUAL TABLE INDEX \d+:M/);
    expect(plan(db, 'SELECT rowid FROM kb_fts_all WHERE kb_fts_all MATCH ? LIMIT 10', '"疫苗"')).toMatch(/VIRTUAL TABLE INDEX \d+:M/);
    expect(plan(db, 'SELECT rowid FROM kb_fts_char WHERE kb_fts_char MATCH ? LIMIT 10', '"疫"')).toMatch(/VIRTUAL TABLE INDEX \d+:M/);
    // The ranked title query: bm25 over the inner window, still via the index.
    expect(
      plan(
        db,
        'SELECT rowid FROM (SELECT rowid, bm25(kb_fts_title) AS s FROM kb_fts_title WHERE kb_fts_title MATCH ? LIMIT 200) ORDER BY s LIMIT 10',
        '"疫苗"',
      ),
    ).toMatch(/VIRTUAL TABLE INDEX \d+:M/);
    // Rows shown are fetched by primary key.
    expect(plan(db, 'SELECT kind, ref_id, title, text FROM kb_doc WHERE doc_id IN (?, ?, ?)', 1, 2, 3)).toMatch(/SEARCH kb_doc USING INTEGER PRIMARY KEY/);
    expect(plan(db, 'SELECT body_html FROM kb_article WHERE id = ?', 'a')).toMatch(/SEARCH kb_article USING INDEX sqlite_autoindex_kb_article_1/);
    expect(plan(db, 'SELECT doc_id FROM kb_doc WHERE kind = ? AND ref_id = ?', 'article', 'a')).toMatch(/SEARCH kb_doc USING COVERING INDEX sqlite_autoindex_kb_doc_1/);
    expect(plan(db, 'SELECT * FROM kb_phrase WHERE phase = ?', 'greeting')).toMatch(/SEARCH kb_phrase USING INDEX kb_phrase_phase/);
    expect(plan(db, 'SELECT article_id FROM kb_recent ORDER BY used_at DESC LIMIT 10')).toMatch(/SCAN kb_recent USING (COVERING )?INDEX kb_recent_used_at/);
  });
});
