import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

describe('migration 0061 kb pinyin index', () => {
  const upTo = (db: BetterSqlite3.Database, version: number) => migrate(db, migrations.filter((m) => m.version <= version));

  it('creates the full-pinyin FTS table; an empty cache needs no backfill', () => {
    const db = new BetterSqlite3(':memory:');
    upTo(db, 61);
    db.prepare("INSERT INTO kb_fts_pinyin (rowid, py, facet) VALUES (1, 'kuang quan bing', 'karticle')").run();
    expect(db.prepare('SELECT rowid FROM kb_fts_pinyin WHERE kb_fts_pinyin MATCH ?').pluck().all('py : ("kuang quan")')).toEqual([1]);
    expect(db.prepare("SELECT value FROM kb_counter WHERE name = 'pinyin_backfill'").pluck().get()).toBe(0);
    db.close();
  });

  it('asks the KB service to fill it when the cache already had records', () => {
    const db = new BetterSqlite3(':memory:');
    upTo(db, 60);
    db.prepare("INSERT INTO kb_doc (doc_id, kind, ref_id, category, title, text) VALUES (4294967297, 'article', 'a', '', '狂犬病', '')").run();
    upTo(db, 61);
    expect(db.prepare("SELECT value FROM kb_counter WHERE name = 'pinyin_backfill'").pluck().get()).toBe(1);
    db.close();
  });
});
