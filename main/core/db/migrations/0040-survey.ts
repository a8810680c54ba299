/**
 * The satisfaction survey (issue 9): one row per surveyed call, linked to
 * the call log, written when the survey is offered (so a crash leaves
 * "offered", never an invented result) and updated with the result; and the
 * survey settings as one validated JSON row (the mode and the IVR URI stay on
 * the seat profile).
 *
 * rating: 1–5 (the digit's place on the scale), −1 no response, −2 invalid,
 * NULL while offered. `dissatisfied` flags a rating to follow up.
 */
import type { Migration } from '../migration.js';

export const m0040Survey: Migration = {
  version: 40,
  name: '0040-survey',
  up(db) {
    db.exec(`
      CREATE TABLE survey_results (
        call_id        TEXT    PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
        centre_call_id TEXT,
        mode           TEXT    NOT NULL CHECK (mode IN ('in-call', 'ivr-transfer', 'agent-recorded')),
        status         TEXT    NOT NULL CHECK (status IN ('offered', 'rated', 'no-response', 'invalid')),
        rating         INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5 OR rating IN (-1, -2)),
        label          TEXT,
        grade          TEXT    CHECK (grade IS NULL OR grade IN ('satisfied', 'neutral', 'dissatisfied')),
        dissatisfied   INTEGER NOT NULL DEFAULT 0 CHECK (dissatisfied IN (0, 1)),
        source         TEXT    CHECK (source IS NULL OR source IN ('sip-info', 'inband', 'agent', 'import', 'poll')),
        caller_words   TEXT    NOT NULL DEFAULT '',
        agent_no       TEXT,
        offered_at     INTEGER NOT NULL,
        answered_at    INTEGER,
        updated_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX survey_results_offered_at ON survey_results (offered_at);
      CREATE INDEX survey_results_centre_call_id ON survey_results (centre_call_id) WHERE centre_call_id IS NOT NULL;
      CREATE INDEX survey_results_dissatisfied ON survey_results (offered_at) WHERE dissatisfied = 1;

      CREATE TABLE survey_settings (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        settings_json TEXT    NOT NULL,
        poll_cursor   TEXT    NOT NULL DEFAULT '',
        updated_at    INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
