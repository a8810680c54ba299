import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

describe('migration 0051 handover notes', () => {
  it('keeps one note per shift and an acknowledgement always names who', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 51));
    db.prepare("INSERT INTO agents VALUES ('1059', '张三', NULL, 0, 0)").run();
    db.prepare("INSERT INTO shifts VALUES ('s-1', '1059', '张三', '7', 500, 900)").run();
    const note = db.prepare("INSERT INTO handover_notes (id, shift_id, agent_no, agent_name, text, written_at, updated_at) VALUES (?, 's-1', '1059', '张三', '记得回访', 600, 600)");
    note.run('n-1');
    expect(() => note.run('n-2')).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE handover_notes SET acknowledged_at = 1000 WHERE id = 'n-1'").run()).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO handover_notes (id, shift_id, agent_no, agent_name, text, written_at, updated_at) VALUES ('n-3', 'nope', '1', 'x', '', 1, 1)").run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
