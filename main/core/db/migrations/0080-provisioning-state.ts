/**
 * Remote provisioning: which document revision this seat applied, from where,
 * the seat code typed once at the seat, and the outcome of the last check.
 * One row (id = 1).
 */
import type { Migration } from '../migration.js';

export const m0080ProvisioningState: Migration = {
  version: 80,
  name: '0080-provisioning-state',
  up(db) {
    db.exec(`
      CREATE TABLE provisioning_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seat_code TEXT,
        source TEXT,
        applied_revision INTEGER,
        applied_at TEXT,
        checked_at TEXT,
        outcome TEXT CHECK (outcome IN ('applied', 'unchanged', 'rejected', 'unreachable')),
        message TEXT
      ) STRICT;
      INSERT INTO provisioning_state (id) VALUES (1);
    `);
  },
};
