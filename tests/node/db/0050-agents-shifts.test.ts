import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

describe('migration 0050 agents and shifts', () => {
  const upTo = (db: BetterSqlite3.Database, version: number) => migrate(db, migrations.filter((m) => m.version <= version));
  const insertCall = (db: BetterSqlite3.Database, id: string) =>
    db
      .prepare(
        `INSERT INTO calls (id, sip_call_id, direction, local_number, remote_number, remote_uri, started_at)
         VALUES (?, 'abc@h', 'inbound', '1001', '13800138000', 'sip:13800138000@x', 1000)`,
      )
      .run(id);

  it("moves the profile's agent name to the roster and keeps the seat number with the seat", () => {
    const db = new BetterSqlite3(':memory:');
    upTo(db, 49);
    const cols = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('seat_profile') as string[]).filter((c) => c !== 'shortcuts_json' && c !== 'global_shortcuts');
    const values = cols.map((c) => (c === 'id' ? 1 : c === 'sip_password_enc' ? null : c === 'agent_number' ? '1059' : c === 'agent_name' ? '张三' : /_ms$|expires|seconds|code/.test(c) ? 1 : '[]'));
    db.prepare(`INSERT INTO seat_profile (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...values);
    upTo(db, 50);
    expect(db.prepare('SELECT agent_no, name, pin_hash FROM agents').all()).toEqual([{ agent_no: '1059', name: '张三', pin_hash: null }]);
    const after = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('seat_profile');
    expect(after).toContain('agent_number');
    expect(after).not.toContain('agent_name');
  });

  it('tags a call with the open shift, allows one open shift only, and rejects a bad agent number', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    upTo(db, 50);
    insertCall(db, 'c-before');
    db.prepare("INSERT INTO agents VALUES ('1059', '张三', NULL, 0, 0)").run();
    db.prepare("INSERT INTO shifts VALUES ('s-1', '1059', '张三', '7', 500, NULL)").run();
    insertCall(db, 'c-during');
    expect(() => db.prepare("INSERT INTO shifts VALUES ('s-2', '1059', '张三', '7', 600, NULL)").run()).toThrow(/UNIQUE/);
    db.prepare("UPDATE shifts SET ended_at = 900 WHERE id = 's-1'").run();
    insertCall(db, 'c-after');
    expect(db.prepare('SELECT id, shift_id, agent_no FROM calls ORDER BY rowid').all()).toEqual([
      { id: 'c-before', shift_id: null, agent_no: null },
      { id: 'c-during', shift_id: 's-1', agent_no: '1059' },
      { id: 'c-after', shift_id: null, agent_no: null },
    ]);
    expect(() => db.prepare("INSERT INTO agents VALUES ('10a9', 'x', NULL, 0, 0)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO shifts VALUES ('s-3', '9999', 'x', '7', 1, NULL)").run()).toThrow(/FOREIGN KEY/);
  });
});
