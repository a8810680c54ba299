import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { m0001SeatProfile } from '../../../main/core/db/migrations/0001-seat-profile.js';
import { m0002ProfileShortcuts } from '../../../main/core/db/migrations/0002-profile-shortcuts.js';

describe('migration 0002 profile shortcuts', () => {
  it('gives a profile saved before it the default F5–F9 shortcuts, not global', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [m0001SeatProfile]);
    db.prepare(
      `INSERT INTO seat_profile VALUES (1, '1', 'a', '[]', 'sip:1@x', '', 300, '', '', 'in-call', '', 'never', 30, 486, 'rfc4733', '[]', 1000, '[]', '', '', '', 'zh-CN', NULL, 'now')`,
    ).run();
    migrate(db, [m0001SeatProfile, m0002ProfileShortcuts]);
    const row = db.prepare('SELECT shortcuts_json, global_shortcuts FROM seat_profile').get() as { shortcuts_json: string; global_shortcuts: number };
    expect(JSON.parse(row.shortcuts_json)).toEqual({ answer: 'F5', hangup: 'F6', hold: 'F7', mute: 'F8', transfer: 'F9' });
    expect(row.global_shortcuts).toBe(0);
  });
});
