/**
 * The records settings (categories with their work-order deadlines, required
 * wrap-up fields, repeat-caller and escalation thresholds, departments, the
 * remote lookup URL) in one validated JSON row, and the records endpoint's
 * bearer token sealed by the seat's SecretBox like the SIP password.
 */
import type { Migration } from '../migration.js';

export const m0031RecordsSettings: Migration = {
  version: 31,
  name: '0031-records-settings',
  up(db) {
    db.exec(`
      CREATE TABLE records_settings (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        settings_json TEXT    NOT NULL,
        token_enc     BLOB,
        updated_at    INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
