/**
 * The handover note (交接班): one per shift, saved as the agent types it,
 * with the open items the seat knew when it was last saved (JSON). The next
 * agent to sign in sees the newest unacknowledged note of another shift
 * until acknowledging it; who acknowledged and when is kept here and sent to
 * the centre.
 */
import type { Migration } from '../migration.js';

export const m0051HandoverNotes: Migration = {
  version: 51,
  name: '0051-handover-notes',
  up(db) {
    db.exec(`
      CREATE TABLE handover_notes (
        id                    TEXT    PRIMARY KEY,
        shift_id              TEXT    NOT NULL UNIQUE REFERENCES shifts (id),
        agent_no              TEXT    NOT NULL,
        agent_name            TEXT    NOT NULL,
        text                  TEXT    NOT NULL,
        open_items_json       TEXT    NOT NULL DEFAULT '[]',
        written_at            INTEGER NOT NULL,
        updated_at            INTEGER NOT NULL,
        acknowledged_at       INTEGER,
        acknowledged_by       TEXT,
        acknowledged_shift_id TEXT,
        CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
      ) STRICT;
      CREATE INDEX handover_notes_pending ON handover_notes (updated_at DESC) WHERE acknowledged_at IS NULL;
    `);
  },
};
