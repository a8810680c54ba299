import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.js';
import { m0080ProvisioningState } from '../../../main/core/db/migrations/0080-provisioning-state.js';

describe('migration 0080 provisioning state', () => {
  it('makes one row with nothing applied, and refuses a second row and unknown outcomes', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [m0080ProvisioningState]);
    expect(db.prepare('SELECT * FROM provisioning_state').all()).toEqual([
      { id: 1, seat_code: null, source: null, applied_revision: null, applied_at: null, checked_at: null, outcome: null, message: null },
    ]);
    expect(() => db.prepare('INSERT INTO provisioning_state (id) VALUES (2)').run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE provisioning_state SET outcome = 'maybe'").run()).toThrow(/CHECK/);
  });
});
