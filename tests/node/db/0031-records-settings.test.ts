import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

describe('migration 0031 records settings', () => {
  it('holds one settings row with a sealed token', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 31));
    db.prepare("INSERT INTO records_settings (id, settings_json, token_enc, updated_at) VALUES (1, '{}', x'00', 1)").run();
    expect(() => db.prepare("INSERT INTO records_settings (id, settings_json, updated_at) VALUES (2, '{}', 1)").run()).toThrow(/CHECK/);
    expect(db.prepare('SELECT typeof(token_enc) FROM records_settings').pluck().get()).toBe('blob');
  });
});
