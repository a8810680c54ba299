/**
 * The call log: one row per call, written by the core as the call happens
 * (ring/dial, answer, end), plus one row per in-call event (hold, resume,
 * mute, transfer…) in `call_events`. Times are epoch milliseconds.
 *
 * A row whose `ended_at` is NULL when the seat starts belongs to a call the
 * seat did not see end (crash, power loss); the call log closes it as
 * `interrupted` on start.
 */
import type { Migration } from '../migration.js';

export const m0020Calls: Migration = {
  version: 20,
  name: '0020-calls',
  up(db) {
    db.exec(`
      CREATE TABLE calls (
        id             TEXT    PRIMARY KEY,
        sip_call_id    TEXT    NOT NULL,
        centre_call_id TEXT,
        direction      TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        local_number   TEXT    NOT NULL,
        remote_number  TEXT    NOT NULL,
        remote_name    TEXT,
        remote_uri     TEXT    NOT NULL,
        context_json   TEXT    NOT NULL DEFAULT '[]',
        started_at     INTEGER NOT NULL,
        answered_at    INTEGER,
        ended_at       INTEGER,
        end_reason     TEXT,
        ended_by       TEXT    CHECK (ended_by IN ('local', 'remote', 'system')),
        status_code    INTEGER,
        auto_answered  INTEGER NOT NULL DEFAULT 0 CHECK (auto_answered IN (0, 1))
      ) STRICT;
      CREATE INDEX calls_started_at ON calls (started_at DESC);
      CREATE INDEX calls_remote_number ON calls (remote_number, started_at DESC);
      CREATE INDEX calls_centre_call_id ON calls (centre_call_id) WHERE centre_call_id IS NOT NULL;
      CREATE INDEX calls_open ON calls (started_at) WHERE ended_at IS NULL;

      CREATE TABLE call_events (
        id      INTEGER PRIMARY KEY,
        call_id TEXT    NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
        at      INTEGER NOT NULL,
        kind    TEXT    NOT NULL,
        detail  TEXT
      ) STRICT;
      CREATE INDEX call_events_call ON call_events (call_id, at);
    `);
  },
};
