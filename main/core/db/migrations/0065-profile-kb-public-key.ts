/**
 * The centre's KB signing key on the seat profile (`kbPublicKey`,
 * `ed25519:BASE64`, '' = none). Once set, the seat applies only publications
 * whose manifest.json that key signed (main/core/kb/sync/signed-manifest.ts).
 */
import type { Migration } from '../migration.js';

export const m0065ProfileKbPublicKey: Migration = {
  version: 65,
  name: '0065-profile-kb-public-key',
  up(db) {
    db.exec(`ALTER TABLE seat_profile ADD COLUMN kb_public_key TEXT NOT NULL DEFAULT ''`);
  },
};
