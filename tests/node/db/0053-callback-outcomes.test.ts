import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';

describe('migration 0053 callback outcomes', () => {
  it('records done / not reached once per callback and indexes the open questions', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 53));
    const put = db.prepare("INSERT INTO callback_outcomes (callback_id, outcome, at) VALUES ('c-1', ?, 1)");
    expect(() => put.run('maybe')).toThrow(/CHECK/);
    put.run('done');
    expect(() => put.run('not-reached')).toThrow(/UNIQUE|PRIMARY/);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan("SELECT * FROM wrap_ups WHERE outcome = 'callback' AND updated_at >= 5")).toMatch(/USING INDEX wrap_ups_callbacks/);
    expect(plan("SELECT * FROM work_orders WHERE status = 'open' AND deadline_at < 5 ORDER BY deadline_at")).toMatch(/USING INDEX work_orders_open_deadline/);
  });
});
