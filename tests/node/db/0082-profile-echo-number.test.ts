import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';
import { m0082ProfileEchoNumber } from '../../../main/core/db/migrations/0082-profile-echo-number.js';

describe('migration 0082 profile echo number', () => {
  it('gives a profile saved before it no echo number (no test call), and stores one', () => {
    const before = migrations.filter((m) => m.version < m0082ProfileEchoNumber.version);
    const db = new BetterSqlite3(':memory:');
    migrate(db, before);
    const columns = (db.prepare('PRAGMA table_info(seat_profile)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('echo_number');
    const values = columns.map((c) => (c === 'id' ? 1 : c === 'sip_password_enc' ? null : c.endsWith('_json') ? '[]' : 0));
    db.prepare(`INSERT INTO seat_profile (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);

    migrate(db, [...before, m0082ProfileEchoNumber]);

    expect(db.prepare('SELECT echo_number FROM seat_profile').pluck().get()).toBe('');
    db.prepare('UPDATE seat_profile SET echo_number = ?').run('*43');
    expect(db.prepare('SELECT echo_number FROM seat_profile').pluck().get()).toBe('*43');
  });
});
