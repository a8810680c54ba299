/**
 * What became of a promised callback (the promise and its due time are in
 * the wrap-up): done or not reached, when, and by which agent. A callback is
 * open while it has no row here.
 *
 * Also indexes the records tables (0030) for the two questions the shift asks
 * of them: callbacks promised recently, open work orders by deadline.
 */
import type { Migration } from '../migration.js';

export const m0053CallbackOutcomes: Migration = {
  version: 53,
  name: '0053-callback-outcomes',
  up(db) {
    db.exec(`
      CREATE TABLE callback_outcomes (
        callback_id TEXT    PRIMARY KEY,
        outcome     TEXT    NOT NULL CHECK (outcome IN ('done', 'not-reached')),
        at          INTEGER NOT NULL,
        agent_no    TEXT,
        shift_id    TEXT
      ) STRICT;
      -- open items for the handover and the callback reminder (tables of migration 0030)
      CREATE INDEX wrap_ups_callbacks ON wrap_ups (updated_at) WHERE outcome = 'callback';
      CREATE INDEX work_orders_open_deadline ON work_orders (deadline_at) WHERE status = 'open';
    `);
  },
};
