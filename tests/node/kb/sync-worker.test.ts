/**
 * The KbSyncService with the BUILT worker (out/workers/kb-sync.worker.cjs)
 * against a real HTTP server: progress events, the status bar's KB part,
 * triggers, and crash-resume — the worker terminated mid-sync, then a new
 * service on the same database finishes the job without duplicates.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KbStatus, KbSyncProgress } from '../../../main/contract/index.js';
import { createKbSyncService, type KbSyncService, type KbSyncServiceOptions } from '../../../main/core/kb/sync/kb-sync-service.js';
import { repoRoot } from '../../e2e/support/web-host-process.js';
import { tempDir } from '../support/temp-dir.js';
import { article, articles } from './sync-support/kb-records.js';
import { fastTuning, feedServer, makePublisher, openSeat, type Seat } from './sync-support/sync-harness.js';

const workersDir = join(repoRoot, 'out', 'workers');

interface Harness {
  readonly service: KbSyncService;
  readonly progress: KbSyncProgress[];
  readonly statuses: KbStatus[];
  setUrl(url: string): void;
}

function startService(seat: Seat, sourceUrl: string, overrides: Partial<KbSyncServiceOptions> = {}): Harness {
  const progress: KbSyncProgress[] = [];
  const statuses: KbStatus[] = [];
  let url = sourceUrl;
  const listeners = new Set<(url: string) => void>();
  const service = createKbSyncService({
    db: seat.db,
    dbFile: join(seat.dir, 'seat.sqlite'),
    workersDir,
    spoolDir: seat.spoolDir,
    sourceUrl: () => url,
    watchSourceUrl: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStatus: (status) => statuses.push(status),
    onProgress: (p) => progress.push(p),
    firstSyncDelayMs: 60_000,
    tuning: fastTuning,
    ...overrides,
  });
  service.start();
  return {
    service,
    progress,
    statuses,
    setUrl(next) {
      url = next;
      for (const listener of listeners) listener(next);
    },
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe('KB sync service (worker thread)', () => {
  it('the built worker exists', () => {
    expect(existsSync(join(workersDir, 'kb-sync.worker.cjs'))).toBe(true);
  });

  it('syncs in the worker, reports progress up to 100 % and a ready status with version and article count', async () => {
    const pub = makePublisher();
    await pub.publish(articles(1200));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    const h = startService(seat, server.url, { tuning: { ...fastTuning, chunkSize: 100, maxChunkSize: 100 } });

    const outcome = await h.service.syncKbNow();
    await h.service.close();

    expect(outcome).toMatchObject({ ok: true, mode: 'full', upserted: 1200, state: { version: '1', running: false, lastError: null } });
    const phases = [...new Set(h.progress.map((p) => p.phase))];
    expect(phases).toEqual(['checking', 'downloading', 'applying', 'done']);
    const percents = h.progress.filter((p) => p.percent !== undefined).map((p) => p.percent!);
    expect(percents.length).toBeGreaterThan(3);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(h.progress.at(-1)).toMatchObject({ phase: 'done', percent: 100, total: 1200 });
    expect(h.statuses.map((s) => s.state)).toEqual(['ready', 'syncing', 'ready']);
    expect(h.statuses.at(-1)).toMatchObject({ state: 'ready', version: '1', articleCount: 1200 });
    expect((h.statuses.at(-1) as { lastSyncedAt: number }).lastSyncedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(seat.find('01100')).toEqual(['art-01100']);
  });

  it('joins a run in progress instead of starting a second one', async () => {
    const pub = makePublisher();
    await pub.publish(articles(300));
    const server = await feedServer(pub.outDir, { delayMs: 50 });
    const seat = openSeat();
    const h = startService(seat, server.url);

    const [a, b] = await Promise.all([h.service.syncKbNow(), h.service.syncKbNow()]);
    await h.service.close();

    expect(a).toBe(b);
    expect(server.paths().filter((p) => p === 'snapshot.ndjson.gz')).toHaveLength(1);
  });

  it('runs the sync threads at a lower priority than the main thread (Linux nice 10)', async () => {
    const pub = makePublisher();
    await pub.publish(articles(20));
    const server = await feedServer(pub.outDir, { delayMs: 200 });
    const seat = openSeat();
    const h = startService(seat, server.url);
    const niceOf = (task: string): number => {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };

    const run = h.service.syncKbNow();
    await until(() => h.progress.some((p) => p.phase === 'checking' && p !== h.progress[0]), 'the worker to start');
    const niced = readdirSync('/proc/self/task').filter((task) => niceOf(task) === 10);
    await expect(run).resolves.toMatchObject({ ok: true });
    await h.service.close();

    expect(niced.length).toBeGreaterThanOrEqual(2); // the sync worker and its prepare helper
    expect(niceOf(String(process.pid))).toBe(0);
  });

  it('shows "offline" with the reason when the centre cannot be reached, and the cache still answers', async () => {
    const pub = makePublisher();
    await pub.publish(articles(20));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    const h = startService(seat, server.url);
    await h.service.syncKbNow();
    await server.stop();

    const outcome = await h.service.syncKbNow();
    await h.service.close();

    expect(outcome).toMatchObject({ ok: false, state: { lastErrorKind: 'offline', version: '1' } });
    expect(outcome.error).toContain('ECONNREFUSED');
    expect(h.statuses.at(-1)).toMatchObject({ state: 'offline', version: '1', articleCount: 20 });
    expect(h.progress.at(-1)).toMatchObject({ phase: 'failed' });
    expect(seat.find('00007')).toEqual(['art-00007']);
  });

  it('syncs when the host says the network is back, and when the KB URL changes', async () => {
    const pub = makePublisher();
    await pub.publish(articles(10));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    const h = startService(seat, '');
    expect(h.statuses.at(-1)).toMatchObject({ state: 'ready', version: null });

    h.setUrl(server.url);
    await until(() => h.statuses.at(-1)?.state === 'ready' && (h.statuses.at(-1) as { version: string | null }).version === '1', 'the sync after the URL change');
    expect(seat.count('kb_article')).toBe(10);

    await pub.publish([...articles(10), article('art-00042')]);
    h.service.systemEvent('offline');
    expect(h.statuses.at(-1)?.state).toBe('offline');
    h.service.systemEvent('online');
    await until(() => h.statuses.at(-1)?.state === 'ready' && (h.statuses.at(-1) as { version: string | null }).version === '2', 'the sync after online');
    await h.service.close();
    expect(seat.find('00042')).toEqual(['art-00042']);
  });

  it('a KB URL changed during a run is synced right after it, not an interval later', async () => {
    const first = makePublisher();
    await first.publish(articles(50));
    const second = makePublisher();
    await second.publish([article('art-00900', { title: '新中心的文章' })]);
    const slow = await feedServer(first.outDir, { delayMs: 300 });
    const other = await feedServer(second.outDir);
    const seat = openSeat();
    const h = startService(seat, slow.url);

    const run = h.service.syncKbNow();
    await until(() => h.progress.some((p) => p.phase === 'checking'), 'the first run to start');
    h.setUrl(other.url);
    await run;
    await until(() => seat.state().source_url === other.url && seat.state().cursor !== null, 'the sync of the new URL');
    await h.service.close();

    expect(other.paths()).toContain('snapshot.ndjson.gz');
    expect(seat.find('新中心')).toEqual(['art-00900']);
    expect(seat.count('kb_article')).toBe(1);
  });

  it('crash-resume during a snapshot: the terminated worker\'s chunks stay, the restart finishes from the spool', async () => {
    const pub = makePublisher();
    const v1 = await pub.publish(articles(3000));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    const tuning = { ...fastTuning, chunkSize: 100, maxChunkSize: 100 };
    const first = startService(seat, server.url, { tuning });
    const run = first.service.syncKbNow();
    await until(() => first.progress.some((p) => p.phase === 'applying' && p.applied >= 1000), 'a third of the snapshot applied');
    await first.service.close(); // terminates the worker mid-apply
    const outcome = await run;

    expect(outcome.ok).toBe(false);
    const pending = JSON.parse(seat.state().pending_snapshot_json ?? 'null') as { applied: number; count: number } | null;
    expect(pending).not.toBeNull();
    expect(pending!.applied).toBeGreaterThanOrEqual(1000);
    expect(pending!.applied).toBeLessThan(3000);
    expect(seat.state().cursor).toBeNull();
    // What was committed is whole and searchable while the sync is unfinished.
    expect(seat.count('kb_article')).toBe(pending!.applied);
    expect(seat.count('kb_doc')).toBe(pending!.applied);
    expect(seat.find('00005')).toEqual(['art-00005']);
    const snapshotRequests = server.paths().filter((p) => p === 'snapshot.ndjson.gz').length;

    const second = startService(seat, server.url, { tuning });
    const resumed = await second.service.syncKbNow();
    await second.service.close();

    expect(resumed).toMatchObject({ ok: true, mode: 'full', upserted: 3000 - pending!.applied });
    expect(server.paths().filter((p) => p === 'snapshot.ndjson.gz')).toHaveLength(snapshotRequests);
    expect(seat.state()).toMatchObject({ cursor: v1.cursor, pending_snapshot_json: null });
    expect(seat.count('kb_article')).toBe(3000);
    expect(seat.count('kb_doc')).toBe(3000);
    expect(seat.count('kb_sync_seen')).toBe(0);
    for (const n of [1, 999, 1000, 1001, 2500, 3000]) {
      const id = `art-${String(n).padStart(5, '0')}`;
      expect(seat.find(id.slice(4))).toEqual([id]);
    }
    expect(readdirSync(seat.spoolDir)).toEqual([]);
  });

  it('crash-resume during change pages: the restart continues from the stored page cursor', async () => {
    const pub = makePublisher();
    await pub.publish(articles(50));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    const first = startService(seat, server.url);
    await first.service.syncKbNow();
    const v2 = await pub.publish(articles(2050), { pageSize: 200 });
    expect(v2.pages).toBe(10);
    server.setFault(async ({ path }) => {
      if (path.startsWith('changes/')) await new Promise((done) => setTimeout(done, 100));
      return false;
    });
    const run = first.service.syncKbNow();
    await until(() => first.progress.some((p) => p.phase === 'applying' && p.applied >= 400), 'two pages applied');
    await first.service.close();
    await run;

    const stored = seat.state().cursor!;
    const applied = seat.count('kb_article') - 50;
    expect(stored).toMatch(/-2-p\d+$/);
    expect(applied % 200).toBe(0);
    expect(applied).toBeGreaterThanOrEqual(400);
    expect(applied).toBeLessThan(2000);
    const before = server.requests.length;

    const second = startService(seat, server.url);
    const resumed = await second.service.syncKbNow();
    await second.service.close();

    expect(resumed).toMatchObject({ ok: true, mode: 'incremental', upserted: 2000 - applied });
    expect(server.paths()[before]).toBe(`changes/${stored}.json`);
    expect(server.paths().slice(before)).not.toContain('snapshot.ndjson.gz');
    expect(seat.state().cursor).toBe(v2.cursor);
    expect(seat.count('kb_article')).toBe(2050);
    expect(seat.count('kb_doc')).toBe(2050);
    expect(seat.find('02050')).toEqual(['art-02050']);
  });

  it('says clearly when the worker is not built', async () => {
    const seat = openSeat();
    const h = startService(seat, 'http://127.0.0.1:9/kb/', { workersDir: tempDir() });

    const outcome = await h.service.syncKbNow();
    await h.service.close();

    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/KB sync worker is not built .*kb-sync\.worker\.cjs is missing/);
  });
});
