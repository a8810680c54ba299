/**
 * Agents and shifts. The seat profile used to hold the agent's name next to
 * the seat's number; the agent now signs in at the seat for a shift:
 *
 * - `agents`: the seat's roster (工号, name, the PIN hash the centre set);
 * - `shifts`: one row per sign-in, closed at sign-out (at most one open);
 * - `calls.agent_no` / `calls.shift_id`: who handled the call, filled by a
 *   trigger from the open shift when the call row is inserted, so every
 *   writer of `calls` gets it without knowing about shifts.
 *
 * The profile's name moves to the roster (agent number = the seat number it
 * was stored with); the profile keeps the seat number.
 */
import type { Migration } from '../migration.js';

export const m0050AgentsShifts: Migration = {
  version: 50,
  name: '0050-agents-shifts',
  up(db) {
    db.exec(`
      CREATE TABLE agents (
        agent_no   TEXT    PRIMARY KEY CHECK (length(agent_no) BETWEEN 1 AND 8 AND agent_no NOT GLOB '*[^0-9]*'),
        name       TEXT    NOT NULL,
        pin_hash   TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE shifts (
        id          TEXT    PRIMARY KEY,
        agent_no    TEXT    NOT NULL REFERENCES agents (agent_no),
        agent_name  TEXT    NOT NULL,
        seat_number TEXT    NOT NULL,
        started_at  INTEGER NOT NULL,
        ended_at    INTEGER,
        CHECK (ended_at IS NULL OR ended_at >= started_at)
      ) STRICT;
      CREATE INDEX shifts_started_at ON shifts (started_at DESC);
      CREATE UNIQUE INDEX shifts_one_open ON shifts ((ended_at IS NULL)) WHERE ended_at IS NULL;

      ALTER TABLE calls ADD COLUMN agent_no TEXT;
      ALTER TABLE calls ADD COLUMN shift_id TEXT;
      CREATE INDEX calls_shift ON calls (shift_id, started_at);
      CREATE TRIGGER calls_carry_agent AFTER INSERT ON calls WHEN NEW.shift_id IS NULL
      BEGIN
        UPDATE calls SET (shift_id, agent_no) = (SELECT id, agent_no FROM shifts WHERE ended_at IS NULL)
        WHERE id = NEW.id;
      END;

      INSERT INTO agents (agent_no, name, pin_hash, created_at, updated_at)
        SELECT agent_number, agent_name, NULL,
               CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
        FROM seat_profile
        WHERE length(agent_number) BETWEEN 1 AND 8 AND agent_number NOT GLOB '*[^0-9]*' AND trim(agent_name) <> '';
      ALTER TABLE seat_profile DROP COLUMN agent_name;
    `);
  },
};
