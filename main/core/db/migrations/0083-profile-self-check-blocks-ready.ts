/**
 * Whether a red line of the pre-Ready self-check keeps the agent from going
 * Ready (`selfCheckBlocksReady`, the centre's choice; off by default: the
 * agent may go Ready anyway).
 */
import type { Migration } from '../migration.js';

export const m0083ProfileSelfCheckBlocksReady: Migration = {
  version: 83,
  name: '0083-profile-self-check-blocks-ready',
  up(db) {
    db.exec(`ALTER TABLE seat_profile ADD COLUMN self_check_blocks_ready INTEGER NOT NULL DEFAULT 0 CHECK (self_check_blocks_ready IN (0, 1))`);
  },
};
