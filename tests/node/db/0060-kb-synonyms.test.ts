import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

describe('migration 0060 kb synonyms', () => {
  const open = () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 60));
    return db;
  };

  it('creates versioned synonym records and their flattened term pairs', () => {
    const db = open();
    db.prepare(`INSERT INTO kb_synonym (id, version, updated_at, from_json, to_json) VALUES ('狗咬', 1, '2026-01-01T00:00:00Z', '["狗咬"]', '["犬伤"]')`).run();
    db.prepare(`INSERT INTO kb_synonym_term (syn_id, term, target) VALUES ('狗咬', '狗咬', '犬伤')`).run();
    expect(db.prepare('SELECT term, target FROM kb_synonym_term WHERE instr(?, term) > 0').all('被狗咬了')).toEqual([{ term: '狗咬', target: '犬伤' }]);
    expect(() => db.prepare(`INSERT INTO kb_synonym_term (syn_id, term, target) VALUES ('狗咬', '', '犬伤')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO kb_synonym_term (syn_id, term, target) VALUES ('nobody', 'a', 'b')`).run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`UPDATE kb_synonym SET version = 0`).run()).toThrow(/CHECK/);
    db.close();
  });
});
