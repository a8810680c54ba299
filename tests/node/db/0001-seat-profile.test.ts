import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { m0001SeatProfile } from '../../../main/core/db/migrations/0001-seat-profile.js';

describe('migration 0001 seat profile', () => {
  it('creates a strict one-row profile table', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [m0001SeatProfile]);
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('seat_profile');
    expect(columns).toContain('sip_password_enc');
    expect(columns).toContain('sip_servers_json');
    const insert = (id: number) =>
      db
        .prepare(
          `INSERT INTO seat_profile VALUES (?, '1', 'a', '[]', 'sip:1@x', '', 300, '', '', 'in-call', '', 'never', 30, 486, 'rfc4733', '[]', 1000, '[]', '', '', '', 'zh-CN', NULL, 'now')`,
        )
        .run(id);
    insert(1);
    expect(() => insert(2)).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE seat_profile SET register_expires = 'soon'").run()).toThrow(/cannot store TEXT/);
  });
});
