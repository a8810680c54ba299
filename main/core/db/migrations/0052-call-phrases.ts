/**
 * Scripts that follow the call: which standard phrases were used on a call
 * (copied, or ticked on the mandatory checklist), stored with the call, and
 * the phrases each agent pinned as favourites.
 */
import type { Migration } from '../migration.js';

export const m0052CallPhrases: Migration = {
  version: 52,
  name: '0052-call-phrases',
  up(db) {
    db.exec(`
      CREATE TABLE call_phrases (
        call_id   TEXT    NOT NULL,
        phrase_id TEXT    NOT NULL,
        use       TEXT    NOT NULL CHECK (use IN ('copied', 'ticked')),
        at        INTEGER NOT NULL,
        agent_no  TEXT,
        PRIMARY KEY (call_id, phrase_id, use)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE phrase_pins (
        agent_no  TEXT    NOT NULL,
        phrase_id TEXT    NOT NULL,
        pinned_at INTEGER NOT NULL,
        PRIMARY KEY (agent_no, phrase_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
