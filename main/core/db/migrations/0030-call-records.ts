/**
 * What every call leaves behind (issue 8): the caller's number normalized
 * beside the raw one, its region (号码归属地) and the survey rating on the call row
 * (the agent on the call: `calls.agent_no`, migration 0050, and the
 * wrap-up's own agent columns); the wrap-up (one row per call, saved as the
 * agent types — the row IS the draft); work orders; and the outbox, written
 * in the same transaction as each record and emptied as the centre accepts
 * them.
 *
 * `calls.number_norm` is filled by the records service for rows written
 * before this migration (it needs libphonenumber, which SQL has not).
 */
import type { Migration } from '../migration.js';

export const m0030CallRecords: Migration = {
  version: 30,
  name: '0030-call-records',
  up(db) {
    db.exec(`
      ALTER TABLE calls ADD COLUMN number_norm TEXT;
      ALTER TABLE calls ADD COLUMN region TEXT;
      ALTER TABLE calls ADD COLUMN rating INTEGER;
      CREATE INDEX calls_number_norm ON calls (number_norm, started_at DESC);

      CREATE TABLE wrap_ups (
        call_id        TEXT    PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
        category       TEXT    NOT NULL DEFAULT '',
        sub_topic      TEXT    NOT NULL DEFAULT '',
        area           TEXT    NOT NULL DEFAULT '',
        notes          TEXT    NOT NULL DEFAULT '',
        articles_json  TEXT    NOT NULL DEFAULT '[]',
        outcome        TEXT    NOT NULL DEFAULT '',
        outcome_detail TEXT    NOT NULL DEFAULT '',
        work_order_json TEXT,
        status         TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'complete')),
        revision       INTEGER NOT NULL DEFAULT 0,
        agent_no       TEXT,
        agent_name     TEXT,
        updated_at     INTEGER NOT NULL,
        completed_at   INTEGER
      ) STRICT;
      CREATE INDEX wrap_ups_drafts ON wrap_ups (updated_at) WHERE status = 'draft';
      CREATE INDEX wrap_ups_escalation ON wrap_ups (category, sub_topic, area, updated_at);

      CREATE TABLE work_orders (
        id              TEXT    PRIMARY KEY,
        call_id         TEXT    NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
        number_norm     TEXT    NOT NULL,
        department      TEXT    NOT NULL,
        summary         TEXT    NOT NULL,
        callback_number TEXT    NOT NULL,
        category        TEXT    NOT NULL,
        sub_topic       TEXT    NOT NULL,
        area            TEXT    NOT NULL,
        priority        TEXT    NOT NULL CHECK (priority IN ('normal', 'urgent')),
        escalate        INTEGER NOT NULL DEFAULT 0 CHECK (escalate IN (0, 1)),
        deadline_at     INTEGER NOT NULL,
        status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        agent_no        TEXT,
        agent_name      TEXT,
        created_at      INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX work_orders_open_number ON work_orders (number_norm, deadline_at) WHERE status = 'open';
      CREATE INDEX work_orders_call ON work_orders (call_id);

      CREATE TABLE outbox (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        record_id       TEXT    NOT NULL UNIQUE,
        kind            TEXT    NOT NULL,
        call_id         TEXT,
        body            TEXT    NOT NULL,
        created_at      INTEGER NOT NULL,
        state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT
      ) STRICT;
      CREATE INDEX outbox_state ON outbox (state, seq);
    `);
  },
};
