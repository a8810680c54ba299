/**
 * Issue 11.1: a call-log write that meets a held write lock waits in an
 * in-order retry queue instead of being dropped — while another connection
 * (as the KB sync worker does) holds a long write transaction, calls ring,
 * are answered and end; afterwards every call row is present and complete.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCallLogService } from '../../../main/core/calls/call-log-service.js';
import { listCallEvents } from '../../../main/core/calls/call-queries.js';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { tempDir } from '../support/temp-dir.js';

const call = (id: string, at: number) => ({
  id,
  sipCallId: `${id}@h`,
  centreCallId: null,
  direction: 'inbound' as const,
  localNumber: '1001',
  remoteNumber: '13800138000',
  remoteName: null,
  remoteUri: 'sip:13800138000@sip.test',
  context: [],
  startedAt: at,
});

describe('call log under a held write lock', () => {
  it('keeps every write, in order, and reports the backlog while it waits', async () => {
    const file = join(tempDir(), 'seat.sqlite');
    const db = openDatabase(file);
    const backlog: number[] = [];
    const log = createCallLogService({ db, onBacklog: (n) => backlog.push(n), queue: { busyTimeoutMs: 20, retry: { baseMs: 20, capMs: 100 } } });

    // A second connection holds the write lock, as a long KB sync transaction would.
    const other = new BetterSqlite3(file);
    other.pragma('busy_timeout = 5000');
    other.exec('BEGIN IMMEDIATE');

    const started = Date.now();
    for (let i = 0; i < 20; i += 1) {
      const at = 1_000 * i;
      log.callStarted(call(`c-${i}`, at));
      log.callAnswered(`c-${i}`, at + 100, false);
      log.callEvent(`c-${i}`, 'hold', at + 200);
      log.callEnded(`c-${i}`, { at: at + 300, reason: 'completed', endedBy: 'remote', statusCode: null });
    }
    // No write blocked the caller for the connection's 5 s busy timeout.
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(log.backlog).toBe(80);
    expect(backlog.at(-1)).toBe(80);
    expect(db.prepare('SELECT COUNT(*) FROM calls').pluck().get()).toBe(0);

    await new Promise((r) => setTimeout(r, 300));
    other.exec('COMMIT');
    other.close();
    await expect.poll(() => log.backlog, { timeout: 5_000 }).toBe(0);
    expect(backlog.at(-1)).toBe(0);

    const rows = db.prepare('SELECT id, answered_at, ended_at, end_reason FROM calls ORDER BY started_at').all() as {
      id: string;
      answered_at: number;
      ended_at: number;
      end_reason: string;
    }[];
    expect(rows).toHaveLength(20);
    for (const [i, row] of rows.entries()) {
      expect(row).toEqual({ id: `c-${i}`, answered_at: 1_000 * i + 100, ended_at: 1_000 * i + 300, end_reason: 'completed' });
      expect(listCallEvents(db, row.id).map((e) => e.kind)).toEqual(['ring', 'answer', 'hold', 'end']);
    }
    log.close();
    db.close();
  });

  it('writes what still waits when the seat closes', () => {
    const file = join(tempDir(), 'seat.sqlite');
    const db = openDatabase(file);
    const log = createCallLogService({ db, queue: { busyTimeoutMs: 10 } });
    const other = new BetterSqlite3(file);
    other.exec('BEGIN IMMEDIATE');
    log.callStarted(call('c-1', 1));
    expect(log.backlog).toBe(1);
    other.exec('COMMIT');
    other.close();
    log.close();
    expect(db.prepare('SELECT COUNT(*) FROM calls').pluck().get()).toBe(1);
  });
});
