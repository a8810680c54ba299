import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';
import { m0083ProfileSelfCheckBlocksReady } from '../../../main/core/db/migrations/0083-profile-self-check-blocks-ready.js';

describe('migration 0083 profile self-check blocks Ready', () => {
  it('leaves a profile saved before it free to go Ready, and takes only 0 or 1', () => {
    const before = migrations.filter((m) => m.version < m0083ProfileSelfCheckBlocksReady.version);
    const db = new BetterSqlite3(':memory:');
    migrate(db, before);
    const columns = (db.prepare('PRAGMA table_info(seat_profile)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('self_check_blocks_ready');
    const values = columns.map((c) => (c === 'id' ? 1 : c === 'sip_password_enc' ? null : c.endsWith('_json') ? '[]' : 0));
    db.prepare(`INSERT INTO seat_profile (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);

    migrate(db, [...before, m0083ProfileSelfCheckBlocksReady]);

    expect(db.prepare('SELECT self_check_blocks_ready FROM seat_profile').pluck().get()).toBe(0);
    db.prepare('UPDATE seat_profile SET self_check_blocks_ready = 1').run();
    expect(() => db.prepare('UPDATE seat_profile SET self_check_blocks_ready = 2').run()).toThrow(/CHECK/);
  });
});
