/**
 * The echo number the self-check may call (`echoNumber`, e.g. `*43` on
 * Asterisk; '' = no echo test) on the seat profile.
 */
import type { Migration } from '../migration.js';

export const m0082ProfileEchoNumber: Migration = {
  version: 82,
  name: '0082-profile-echo-number',
  up(db) {
    db.exec(`ALTER TABLE seat_profile ADD COLUMN echo_number TEXT NOT NULL DEFAULT ''`);
  },
};
