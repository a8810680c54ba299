import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

describe('migration 0040 survey', () => {
  it('keeps one result per call, checks ratings and modes, and one settings row', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 40));
    db.prepare(
      "INSERT INTO calls (id, sip_call_id, direction, local_number, remote_number, remote_uri, started_at) VALUES ('c1', 's1', 'inbound', '1001', '138', 'sip:138@x', 1)",
    ).run();
    const insert = db.prepare("INSERT INTO survey_results (call_id, mode, status, rating, offered_at, updated_at) VALUES (?, ?, ?, ?, 1, 1)");
    insert.run('c1', 'in-call', 'offered', null);
    expect(() => insert.run('c1', 'in-call', 'rated', 2)).toThrow(/UNIQUE/);
    expect(() => insert.run('nope', 'in-call', 'offered', null)).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM survey_results").run();
    expect(() => insert.run('c1', 'in-call', 'rated', 7)).toThrow(/CHECK/);
    expect(() => insert.run('c1', 'phone', 'rated', 1)).toThrow(/CHECK/);
    insert.run('c1', 'in-call', 'invalid', -2);
    db.prepare("INSERT INTO survey_settings (id, settings_json, updated_at) VALUES (1, '{}', 1)").run();
    expect(() => db.prepare("INSERT INTO survey_settings (id, settings_json, updated_at) VALUES (2, '{}', 1)").run()).toThrow(/CHECK/);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM survey_results WHERE offered_at >= 0 AND offered_at < 10").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/survey_results_offered_at/);
  });
});
