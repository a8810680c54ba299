/**
 * Keyboard shortcuts for call control, per seat: a JSON object of action →
 * accelerator, and whether the Electron host registers them system-wide.
 */
import type { Migration } from '../migration.js';

export const m0002ProfileShortcuts: Migration = {
  version: 2,
  name: '0002-profile-shortcuts',
  up(db) {
    db.exec(`
      ALTER TABLE seat_profile ADD COLUMN shortcuts_json TEXT NOT NULL
        DEFAULT '{"answer":"F5","hangup":"F6","hold":"F7","mute":"F8","transfer":"F9"}';
      ALTER TABLE seat_profile ADD COLUMN global_shortcuts INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
