/**
 * The centre's own CA on the seat profile (`trustedCaPem`: PEM certificates
 * trusted besides the system roots for wss://, KB, records and provisioning;
 * '' = system roots only).
 */
import type { Migration } from '../migration.js';

export const m0081ProfileTrustedCa: Migration = {
  version: 81,
  name: '0081-profile-trusted-ca',
  up(db) {
    db.exec(`ALTER TABLE seat_profile ADD COLUMN trusted_ca_pem TEXT NOT NULL DEFAULT ''`);
  },
};
