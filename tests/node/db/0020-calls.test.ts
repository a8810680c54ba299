import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

describe('migration 0020 calls', () => {
  const open = () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 20));
    return db;
  };
  const insertCall = (db: BetterSqlite3.Database, id: string, direction = 'inbound') =>
    db
      .prepare(
        `INSERT INTO calls (id, sip_call_id, direction, local_number, remote_number, remote_uri, started_at)
         VALUES (?, 'abc@h', ?, '1001', '13800138000', 'sip:13800138000@x', 1000)`,
      )
      .run(id, direction);

  it('creates strict calls and call_events tables with the call timestamps', () => {
    const db = open();
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('calls');
    for (const c of ['sip_call_id', 'centre_call_id', 'direction', 'context_json', 'started_at', 'answered_at', 'ended_at', 'end_reason', 'ended_by']) {
      expect(columns).toContain(c);
    }
    insertCall(db, 'c-1');
    expect(() => insertCall(db, 'c-2', 'sideways')).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE calls SET ended_by = 'martians' WHERE id = 'c-1'").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE calls SET started_at = 'noon' WHERE id = 'c-1'").run()).toThrow(/cannot store TEXT/);
  });

  it('ties events to their call and deletes them with it', () => {
    const db = open();
    insertCall(db, 'c-1');
    db.prepare("INSERT INTO call_events (call_id, at, kind) VALUES ('c-1', 2000, 'hold')").run();
    expect(() => db.prepare("INSERT INTO call_events (call_id, at, kind) VALUES ('nope', 2000, 'hold')").run()).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM calls WHERE id = 'c-1'").run();
    expect(db.prepare('SELECT COUNT(*) FROM call_events').pluck().get()).toBe(0);
  });
});
