import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

describe('migration 0052 call phrases', () => {
  it('stores each use of a phrase on a call once per kind, and pins per agent', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 52));
    const use = db.prepare("INSERT INTO call_phrases (call_id, phrase_id, use, at) VALUES ('c-1', 'phr-001', ?, 1)");
    use.run('copied');
    use.run('ticked');
    expect(() => use.run('copied')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => use.run('read')).toThrow(/CHECK/);
    db.prepare("INSERT INTO phrase_pins VALUES ('1059', 'phr-001', 1), ('1060', 'phr-001', 1)").run();
    expect(db.prepare('SELECT count(*) FROM phrase_pins').pluck().get()).toBe(2);
  });
});
