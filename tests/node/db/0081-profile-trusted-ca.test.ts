import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { migrations } from '../../../main/core/db/migrations/index.js';
import { m0081ProfileTrustedCa } from '../../../main/core/db/migrations/0081-profile-trusted-ca.js';

describe('migration 0081 profile trusted CA', () => {
  it('gives a profile saved before it no CA (system roots only), and stores one', () => {
    const before = migrations.filter((m) => m.version < m0081ProfileTrustedCa.version);
    const db = new BetterSqlite3(':memory:');
    migrate(db, before);
    const columns = (db.prepare('PRAGMA table_info(seat_profile)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('trusted_ca_pem');
    const values = columns.map((c) => (c === 'id' ? 1 : c === 'sip_password_enc' ? null : c.endsWith('_json') ? '[]' : 0));
    db.prepare(`INSERT INTO seat_profile (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);

    migrate(db, [...before, m0081ProfileTrustedCa]);

    expect(db.prepare('SELECT trusted_ca_pem FROM seat_profile').pluck().get()).toBe('');
    db.prepare('UPDATE seat_profile SET trusted_ca_pem = ?').run('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(db.prepare('SELECT trusted_ca_pem FROM seat_profile').pluck().get()).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });
});
