import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';
import { m0065ProfileKbPublicKey } from '../../../main/core/db/migrations/0065-profile-kb-public-key.js';

describe('migration 0065 profile KB public key', () => {
  it('gives a profile saved before it no key (signatures not required), and stores one', () => {
    const before = migrations.filter((m) => m.version < m0065ProfileKbPublicKey.version);
    const db = new BetterSqlite3(':memory:');
    migrate(db, before);
    const columns = (db.prepare('PRAGMA table_info(seat_profile)').all() as { name: string }[]).map((c) => c.name);
    const values = columns.map((c) => (c === 'id' ? 1 : c === 'sip_password_enc' ? null : c.endsWith('_json') ? '[]' : 0));
    db.prepare(`INSERT INTO seat_profile (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);

    migrate(db, [...before, m0065ProfileKbPublicKey]);

    expect(db.prepare('SELECT kb_public_key FROM seat_profile').pluck().get()).toBe('');
    db.prepare('UPDATE seat_profile SET kb_public_key = ?').run(`ed25519:${'A'.repeat(43)}=`);
    expect(db.prepare('SELECT kb_public_key FROM seat_profile').pluck().get()).toMatch(/^ed25519:/);
  });
});
