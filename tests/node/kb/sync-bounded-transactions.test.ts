/**
 * Every KB-sync transaction is bounded by time (issue 11, item 1): a huge
 * change page, and the sweep of stale records after a snapshot, are applied
 * in short transactions while the main connection keeps writing call rows.
 * Runs the real service with the BUILT worker (its own connection) against a
 * real HTTP server; the main thread writes as the call log does, blocking on
 * the write lock, and measures how long each write waited.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createKbSyncService } from '../../../main/core/kb/sync/kb-sync-service.js';
import { runKbSync } from '../../../main/core/kb/sync/run-kb-sync.js';
import { article, articles } from './sync-support/kb-records.js';
import { fastTuning, feedServer, makePublisher, openSeat, workersDir, type Seat } from './sync-support/sync-harness.js';

/** The budget given to the sync here, and the longest a call write may wait (a transaction plus scheduling on a shared 2-core box). */
const budgetMs = 100;
const maxWaitMs = 1_000;

interface Writes {
  readonly waits: number[];
  readonly failures: string[];
  readonly rows: number;
}

/** Writes a call row (start, then end) every few ms until `done` resolves; each write timed as the main thread sees it. */
async function writeCallsWhile(db: Database, done: Promise<unknown>): Promise<Writes> {
  const insert = db.prepare(
    `INSERT INTO calls (id, sip_call_id, direction, local_number, remote_number, remote_uri, started_at)
     VALUES (?, ?, 'inbound', '1001', '13800138000', 'sip:13800138000@sip.test', ?)`,
  );
  const end = db.prepare(`UPDATE calls SET ended_at = ?, end_reason = 'hangup', ended_by = 'remote' WHERE id = ?`);
  const waits: number[] = [];
  const failures: string[] = [];
  let finished = false;
  void done.finally(() => (finished = true));
  let n = 0;
  while (!finished) {
    n += 1;
    const id = `call-${n}`;
    for (const write of [() => insert.run(id, `sip-${n}`, Date.now()), () => end.run(Date.now(), id)]) {
      const started = performance.now();
      try {
        write();
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
      waits.push(performance.now() - started);
    }
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  const rows = (db.prepare('SELECT count(*) AS n FROM calls WHERE ended_at IS NOT NULL').get() as { n: number }).n;
  return { waits, failures, rows };
}

function startService(seat: Seat, url: string) {
  return createKbSyncService({
    db: seat.db,
    dbFile: join(seat.dir, 'seat.sqlite'),
    workersDir,
    spoolDir: seat.spoolDir,
    sourceUrl: () => url,
    onStatus: () => undefined,
    onProgress: () => undefined,
    firstSyncDelayMs: 60_000,
    tuning: { ...fastTuning, pageTxnBudgetMs: budgetMs, txnBudgetMs: budgetMs, timeoutMs: 10_000, idleTimeoutMs: 10_000 },
  });
}

describe('KB sync transactions are bounded by time', () => {
  it('a change page of 20,000 changes applies while calls are written: no write waits more than a transaction', async () => {
    const pub = makePublisher();
    const base = articles(200);
    await pub.publish(base);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    // One page: 20,000 new articles and 100 deletes.
    const v2 = await pub.publish([...base.slice(100), ...articles(20_000, 1_000)], { pageSize: 100_000 });
    expect(v2.pages).toBe(1);

    const service = startService(seat, server.url);
    service.start();
    const sync = service.syncKbNow();
    const writes = await writeCallsWhile(seat.db, sync);
    const outcome = await sync;
    await service.close();

    expect(outcome).toMatchObject({ ok: true, mode: 'incremental', upserted: 20_000, deleted: 100, state: { version: '2' } });
    expect(writes.failures).toEqual([]);
    const longest = Math.max(...writes.waits);
    console.log(`bounded page: ${writes.waits.length} call writes, longest wait ${Math.round(longest)} ms, rows ${writes.rows}`);
    expect(writes.waits.length).toBeGreaterThan(20);
    expect(longest).toBeLessThan(maxWaitMs);
    expect(writes.rows).toBe(writes.waits.length / 2);
    expect(seat.count('kb_article')).toBe(20_100);
    expect(seat.state()).toMatchObject({ cursor: v2.cursor, page_progress_json: null });
  }, 180_000);

  it('a page interrupted between its transactions resumes where it stopped, with the same result', async () => {
    const pub = makePublisher();
    const base = articles(50);
    await pub.publish(base);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    const edited = base.slice(10).map((r) => (r.id === 'art-00020' ? article('art-00020', { title: '改过的标题鼠疫' }) : r));
    const v2 = await pub.publish([...edited, ...articles(3_000, 1_000)], { pageSize: 100_000 });

    // Kill the run after a few transactions of the page: the write of its progress is the last thing it did.
    let commits = 0;
    const stop = new Error('killed');
    seat.db.function('kill_after', (progress: string | null) => {
      if (progress !== null && ++commits === 3) throw stop;
      return null;
    });
    seat.db.exec(`CREATE TEMP TRIGGER kill_mid_page AFTER UPDATE OF page_progress_json ON kb_sync_state BEGIN SELECT kill_after(NEW.page_progress_json); END`);
    await expect(seat.sync(server.url, { pageTxnBudgetMs: 5, chunkSize: 100, minChunkSize: 100, maxChunkSize: 100 })).rejects.toThrow('killed');
    const halfway = seat.state();
    expect(halfway.cursor).not.toBe(v2.cursor);
    expect(JSON.parse(halfway.page_progress_json!)).toMatchObject({ applied: 200 });
    // Upserts come first, in page order: art-00020 (changed) and 199 of the new ones are in.
    expect(seat.count('kb_article')).toBe(249);
    seat.db.exec('DROP TRIGGER kill_mid_page');

    const before = server.requests.length;
    const resumed = await runKbSync({ db: seat.db, sourceUrl: server.url, spoolDir: seat.spoolDir, workersDir, tuning: { ...fastTuning, pageTxnBudgetMs: 5 } });

    expect(resumed).toMatchObject({ mode: 'incremental', cursor: v2.cursor, upserted: 2_801, deleted: 10 });
    expect(server.paths().slice(before)[0]).toBe(`changes/${halfway.cursor ?? ''}.json`);
    expect(seat.count('kb_article')).toBe(3_040);
    expect(seat.find('鼠疫')).toEqual(['art-00020']);
    expect(seat.find('00005')).toEqual([]);
    expect(seat.state()).toMatchObject({ cursor: v2.cursor, page_progress_json: null });
  }, 120_000);

  it('the sweep after a snapshot removes 20,000 stale records in short transactions while calls are written', async () => {
    const pub = makePublisher();
    const many = articles(20_200);
    await pub.publish(many);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    // The seat is pointed at another centre holding 200 of those records: a full sync, then the sweep removes 20,000.
    const rebuilt = makePublisher();
    await rebuilt.publish(many.slice(0, 200));
    server.setRoot(rebuilt.outDir);
    seat.db.prepare('UPDATE kb_sync_state SET source_url = ?').run(`${server.url}?rebuilt`);

    const service = startService(seat, server.url);
    service.start();
    const sync = service.syncKbNow();
    const writes = await writeCallsWhile(seat.db, sync);
    const outcome = await sync;
    await service.close();

    expect(outcome).toMatchObject({ ok: true, mode: 'full', deleted: 20_000 });
    expect(writes.failures).toEqual([]);
    const longest = Math.max(...writes.waits);
    console.log(`bounded sweep: ${writes.waits.length} call writes, longest wait ${Math.round(longest)} ms`);
    expect(longest).toBeLessThan(maxWaitMs);
    expect(seat.count('kb_article')).toBe(200);
  }, 240_000);
});
