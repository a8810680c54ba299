import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

describe('migration 0030 call records', () => {
  const open = () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 30));
    db.prepare(
      `INSERT INTO calls (id, sip_call_id, direction, local_number, remote_number, remote_uri, started_at, number_norm)
       VALUES ('c-1', 'a@h', 'inbound', '1001', '13800138000', 'sip:x@y', 1000, '+8613800138000')`,
    ).run();
    return db;
  };

  it('adds the normalized number, region and rating to calls, indexed for the ring lookup', () => {
    const db = open();
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('calls');
    expect(columns).toEqual(expect.arrayContaining(['number_norm', 'region', 'rating']));
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM calls WHERE number_norm = ? AND started_at >= ? ORDER BY started_at DESC LIMIT 20")
      .all('+8613800138000', 0) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX calls_number_norm/);
  });

  it('keeps one wrap-up per call, work orders and outbox rows with checked states', () => {
    const db = open();
    db.prepare("INSERT INTO wrap_ups (call_id, updated_at) VALUES ('c-1', 1)").run();
    expect(() => db.prepare("INSERT INTO wrap_ups (call_id, updated_at) VALUES ('c-1', 2)").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO wrap_ups (call_id, updated_at) VALUES ('nope', 2)").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE wrap_ups SET status = 'maybe'").run()).toThrow(/CHECK/);
    db.prepare(
      `INSERT INTO work_orders (id, call_id, number_norm, department, summary, callback_number, category, sub_topic, area, priority, deadline_at, created_at)
       VALUES ('wo-1', 'c-1', '+8613800138000', 'd', 's', 'n', '投诉', '', '', 'normal', 5, 1)`,
    ).run();
    expect(() => db.prepare("UPDATE work_orders SET priority = 'whenever'").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO outbox (record_id, kind, call_id, body, created_at) VALUES ('call-c-1', 'call', 'c-1', '{}', 1)").run();
    expect(() => db.prepare("INSERT INTO outbox (record_id, kind, body, created_at) VALUES ('call-c-1', 'call', '{}', 1)").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE outbox SET state = 'lost'").run()).toThrow(/CHECK/);
    db.prepare("DELETE FROM calls WHERE id = 'c-1'").run();
    expect(db.prepare('SELECT COUNT(*) FROM wrap_ups').pluck().get()).toBe(0);
  });
});
