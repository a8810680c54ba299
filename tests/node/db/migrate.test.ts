import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseFromFutureError, migrate, schemaVersion } from '../../../main/core/db/migrate.js';
import type { Migration } from '../../../main/core/db/migration.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

const table = (name: string, version: number): Migration => ({
  version,
  name: `${version}-${name}`,
  up: (db) => db.exec(`CREATE TABLE ${name} (id INTEGER PRIMARY KEY)`),
});

describe('migrate', () => {
  it('applies every migration of this build once and records the version', () => {
    const db = new BetterSqlite3(':memory:');
    const applied = migrate(db, migrations);
    expect(applied).toEqual(migrations.map((m) => m.version));
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    expect(migrate(db, migrations)).toEqual([]);
  });

  it('applies only the pending ones on an older database', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [table('a', 1)]);
    expect(migrate(db, [table('a', 1), table('b', 2)])).toEqual([2]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('a','b')").get()).toEqual({ n: 2 });
  });

  it('refuses a database written by a newer Hotseat, saying what to do', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('user_version = 999');
    expect(() => migrate(db, migrations)).toThrow(DatabaseFromFutureError);
    expect(() => migrate(db, migrations)).toThrow(/schema version 999.*Install the newer Hotseat/);
  });

  it('rolls everything back when one migration fails', () => {
    const db = new BetterSqlite3(':memory:');
    const broken: Migration = { version: 2, name: '2-broken', up: (d) => d.exec('CREATE TABLE b (x); SELECT no_such_function();') };
    expect(() => migrate(db, [table('a', 1), broken])).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('a','b')").get()).toEqual({ n: 0 });
  });

  it('rejects a migration list out of order', () => {
    const db = new BetterSqlite3(':memory:');
    expect(() => migrate(db, [table('b', 2), table('a', 1)])).toThrow(/out of order/);
  });
});
