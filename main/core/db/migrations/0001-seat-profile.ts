/**
 * The seat profile: one row (id = 1). Arrays are JSON text; the SIP password
 * is stored encrypted by the host's secret box, never in clear.
 */
import type { Migration } from '../migration.js';

export const m0001SeatProfile: Migration = {
  version: 1,
  name: '0001-seat-profile',
  up(db) {
    db.exec(`
      CREATE TABLE seat_profile (
        id                       INTEGER PRIMARY KEY CHECK (id = 1),
        agent_number             TEXT    NOT NULL,
        agent_name               TEXT    NOT NULL,
        sip_servers_json         TEXT    NOT NULL,
        sip_uri                  TEXT    NOT NULL,
        auth_user                TEXT    NOT NULL,
        register_expires         INTEGER NOT NULL,
        kb_source_url            TEXT    NOT NULL,
        records_upload_url       TEXT    NOT NULL,
        survey_mode              TEXT    NOT NULL,
        survey_ivr_uri           TEXT    NOT NULL,
        auto_answer              TEXT    NOT NULL,
        wrap_up_seconds          INTEGER NOT NULL,
        not_ready_reject_code    INTEGER NOT NULL,
        dtmf_mode                TEXT    NOT NULL,
        ice_servers_json         TEXT    NOT NULL,
        ice_gathering_timeout_ms INTEGER NOT NULL,
        context_headers_json     TEXT    NOT NULL,
        microphone_id            TEXT    NOT NULL,
        speaker_id               TEXT    NOT NULL,
        ring_device_id           TEXT    NOT NULL,
        language                 TEXT    NOT NULL,
        sip_password_enc         BLOB,
        updated_at               TEXT    NOT NULL
      ) STRICT;
    `);
  },
};
