/**
 * The sync client against a real HTTP server on 127.0.0.1 serving what the
 * real publisher wrote, with the centre failing in the ways real ones do.
 * Runs the sync in-process (the worker wrapper is tested in sync-worker).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { applyKbChanges } from '../../../main/core/kb/apply-kb-changes.js';
import { kbRecordSchema, type KbRecordInput } from '../../../main/core/kb/kb-record.js';
import { KbSyncError } from '../../../main/core/kb/sync/kb-sync-error.js';
import { kbFtsTables } from '../../../main/core/kb/sync/merge-kb-index.js';
import { tempDir } from '../support/temp-dir.js';
import { article, articles, contact } from './sync-support/kb-records.js';
import { feedServer, makePublisher, openSeat } from './sync-support/sync-harness.js';

function snapshotText(records: readonly KbRecordInput[], options: { cursor?: string; count?: number; trailer?: boolean; lines?: Record<number, string> } = {}): string {
  const cursor = options.cursor ?? 'hand-1';
  const lines = [
    JSON.stringify({ type: 'snapshot', protocol: 1, cursor, version: 1, count: options.count ?? records.length }),
    ...records.map((r) => JSON.stringify(r)),
    ...(options.trailer === false ? [] : [JSON.stringify({ type: 'end', count: records.length })]),
  ];
  for (const [line, text] of Object.entries(options.lines ?? {})) lines[Number(line) - 1] = text;
  return lines.join('\n') + '\n';
}

async function failure(promise: Promise<unknown>): Promise<KbSyncError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KbSyncError);
  return error as KbSyncError;
}

describe('KB sync client', () => {
  it('a first sync loads the whole snapshot, replaces the sample KB and stores the cursor', async () => {
    const pub = makePublisher();
    const v1 = await pub.publish([...articles(30), contact('c-12333', '人社服务热线', '12333')]);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    seat.db.transaction(() => applyKbChanges(seat.db, { upserts: [kbRecordSchema.parse(article('sample-1', { title: '样例文章独有标题' }))], deletes: [] }))();
    expect(seat.find('独有标题')).toEqual(['sample-1']);

    const result = await seat.sync(server.url);

    expect(result).toMatchObject({ mode: 'full', upserted: 31, deleted: 1, cursor: v1.cursor, version: '1' });
    expect(server.paths()).toEqual(['manifest.json', 'snapshot.ndjson.gz', `changes/${v1.cursor}.json`]);
    expect(seat.find('12333')).toEqual(['c-12333']);
    expect(seat.find('00017')).toEqual(['art-00017']);
    expect(seat.find('独有标题')).toEqual([]);
    expect(seat.count('kb_article')).toBe(30);
    expect(seat.count('kb_doc')).toBe(31);
    expect(seat.state()).toMatchObject({ cursor: v1.cursor, version: '1', source_url: server.url, pending_snapshot_json: null, last_error: null });
    expect(seat.count('kb_sync_seen')).toBe(0);
    expect(readdirSync(seat.spoolDir)).toEqual([]);
  });

  it('an incremental sync fetches only the change page and applies upserts and deletes', async () => {
    const pub = makePublisher();
    const records = articles(20);
    const v1 = await pub.publish(records);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    const before = server.requests.length;

    const edited = records.filter((r) => r.id !== 'art-00003').map((r) => (r.id === 'art-00005' ? { ...r, title: '改过的标题鼠疫' } : r));
    const v2 = await pub.publish([...edited, article('art-00099')]);
    expect(v2).toMatchObject({ added: 1, changed: 1, deleted: 1 });

    const result = await seat.sync(server.url);

    expect(result).toMatchObject({ mode: 'incremental', upserted: 2, deleted: 1, cursor: v2.cursor, version: '2' });
    // The page deletes: the manifest is read once for shrink protection.
    expect(server.paths().slice(before)).toEqual([`changes/${v1.cursor}.json`, 'manifest.json']);
    expect(server.requests[before]!.query).toBe('?limit=1000');
    expect(seat.find('鼠疫')).toEqual(['art-00005']);
    expect(seat.find('00003')).toEqual([]);
    expect(seat.find('00099')).toEqual(['art-00099']);
    expect(seat.count('kb_article')).toBe(20);
    const version = seat.db.prepare("SELECT version FROM kb_article WHERE id = 'art-00005'").pluck().get();
    expect(version).toBe(2);
  });

  it('an up-to-date seat sends If-None-Match and a 304 costs no body', async () => {
    const pub = makePublisher();
    const v1 = await pub.publish(articles(5));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    expect(server.requests.at(-1)).toMatchObject({ path: `changes/${v1.cursor}.json`, status: 200, ifNoneMatch: null });
    const etag = seat.state().etag;
    expect(etag).toMatch(/^"/);

    const result = await seat.sync(server.url);

    expect(result).toMatchObject({ mode: 'unchanged', upserted: 0, deleted: 0, requests: 1 });
    expect(server.requests.at(-1)).toMatchObject({ path: `changes/${v1.cursor}.json`, status: 304, ifNoneMatch: etag });
    expect(seat.state().last_synced_at).toBeGreaterThan(0);
  });

  it('undoes Content-Encoding: gzip on change pages', async () => {
    const pub = makePublisher();
    const records = articles(10);
    await pub.publish(records);
    const server = await feedServer(pub.outDir, { gzipPages: true });
    const seat = openSeat();
    await seat.sync(server.url);
    await pub.publish([...records, article('art-00500', { title: '压缩传输的新文章' })]);

    await seat.sync(server.url);

    expect(server.requests.at(-1)?.acceptEncoding).toContain('gzip');
    expect(seat.find('压缩传输')).toEqual(['art-00500']);
  });

  it('prepares records in this thread when no helper thread is wanted', async () => {
    const pub = makePublisher();
    await pub.publish(articles(30));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();

    await seat.sync(server.url, { prepareThreads: 0 });

    expect(seat.count('kb_article')).toBe(30);
    expect(seat.find('00030')).toEqual(['art-00030']);
  });

  it('after a large sync, merges each KB search index fully in short steps (= FTS optimize)', async () => {
    const pub = makePublisher();
    await pub.publish(articles(400));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();

    const result = await seat.sync(server.url, { optimizeThreshold: 100, chunkSize: 20, maxChunkSize: 20, mergePagesPerStep: 5 });

    expect(result.optimized).toBe(true);
    const tables = kbFtsTables(seat.db);
    expect(tables.length).toBeGreaterThanOrEqual(2);
    const totalChanges = seat.db.prepare('SELECT total_changes()').pluck();
    for (const table of tables) {
      seat.db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run();
      // A fully merged index has one b-tree: another merge finds nothing to do.
      const before = totalChanges.get() as number;
      seat.db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', -5)`).run();
      expect((totalChanges.get() as number) - before, table).toBeLessThan(2);
    }
    expect(seat.find('00321')).toEqual(['art-00321']);
  });

  it('follows a version split over several pages in one run', async () => {
    const pub = makePublisher();
    await pub.publish(articles(5));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    const before = server.requests.length;
    const v2 = await pub.publish(articles(25), { pageSize: 7 });
    expect(v2.pages).toBe(3);

    const result = await seat.sync(server.url);

    expect(result).toMatchObject({ mode: 'incremental', upserted: 20, cursor: v2.cursor });
    expect(server.paths().slice(before)).toHaveLength(3);
    expect(seat.count('kb_article')).toBe(25);
  });

  it('retries a 500 with backoff and recovers in the same run', async () => {
    const pub = makePublisher();
    await pub.publish(articles(8));
    const server = await feedServer(pub.outDir);
    server.setFault(({ path, count, res }) => {
      if (path !== 'snapshot.ndjson.gz' || count > 2) return false;
      res.writeHead(500).end('busy');
      return true;
    });
    const seat = openSeat();

    const result = await seat.sync(server.url);

    expect(result.mode).toBe('full');
    expect(server.requests.filter((r) => r.path === 'snapshot.ndjson.gz').map((r) => r.status)).toEqual([500, 500, 200]);
    expect(seat.count('kb_article')).toBe(8);
  });

  it('gives up on a centre that keeps failing, records why, and leaves the cache searchable', async () => {
    const pub = makePublisher();
    const records = articles(6);
    await pub.publish(records);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    const cursor = seat.state().cursor;
    await pub.publish([...records, article('art-00777')]);
    server.setFault(({ res }) => {
      res.writeHead(503, { 'retry-after': '0' }).end();
      return true;
    });

    const error = await failure(seat.sync(server.url));

    expect(error).toMatchObject({ reason: 'http', retryable: true });
    expect(error.message).toContain('HTTP 503');
    expect(server.requests.slice(-3).map((r) => r.status)).toEqual([503, 503, 503]);
    expect(seat.state()).toMatchObject({ cursor, last_error: error.message });
    expect(seat.find('00004')).toEqual(['art-00004']);

    server.setFault(null);
    await seat.sync(server.url);
    expect(seat.find('00777')).toEqual(['art-00777']);
    expect(seat.state().last_error).toBeNull();
  });

  it('times out a centre that never answers, and a download that stalls, then retries', async () => {
    const pub = makePublisher();
    await pub.publish(articles(40));
    const server = await feedServer(pub.outDir);
    server.setFault(({ path, count, res, body }) => {
      if (path !== 'snapshot.ndjson.gz') return false;
      if (count === 1) return true; // accept the request, never answer
      if (count === 2) {
        res.writeHead(200, { 'content-length': String(body!.length) });
        res.write(body!.subarray(0, 100)); // then silence
        return true;
      }
      return false;
    });
    const seat = openSeat();
    const started = Date.now();

    const result = await seat.sync(server.url);

    expect(result.mode).toBe('full');
    expect(server.requests.filter((r) => r.path === 'snapshot.ndjson.gz')).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(seat.count('kb_article')).toBe(40);
  });

  it('reports offline when nothing listens', async () => {
    const seat = openSeat();
    const server = await feedServer(tempDir());
    const url = server.url;
    await server.stop();

    const error = await failure(seat.sync(url));

    expect(error.reason).toBe('offline');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(seat.state().last_error).toBe(error.message);
  });

  describe('rejects a damaged file whole and keeps the cache as it was', () => {
    async function seatWithKb() {
      const pub = makePublisher();
      const records = articles(12);
      const v1 = await pub.publish(records);
      const server = await feedServer(pub.outDir);
      const seat = openSeat();
      await seat.sync(server.url);
      return { pub, records, v1, server, seat };
    }

    function expectUnchanged(seat: ReturnType<typeof openSeat>, cursor: string): void {
      expect(seat.state()).toMatchObject({ cursor, pending_snapshot_json: null });
      expect(seat.count('kb_article')).toBe(12);
      expect(seat.find('00011')).toEqual(['art-00011']);
      expect(readdirSync(seat.spoolDir)).toEqual([]);
    }

    it('a truncated gzip snapshot', async () => {
      const { server, v1 } = await seatWithKb();
      const fresh = openSeat();
      server.setFault(({ path, res, body }) => {
        if (path !== 'snapshot.ndjson.gz') return false;
        const cut = body!.subarray(0, Math.floor(body!.length / 2));
        res.writeHead(200, { 'content-length': String(cut.length) }).end(cut);
        return true;
      });

      const error = await failure(fresh.sync(server.url));

      expect(error.reason).toBe('malformed');
      expect(error.message).toContain('gzip data is truncated');
      expect(fresh.count('kb_doc')).toBe(0);
      expect(fresh.state().cursor).toBeNull();
      expect(readdirSync(fresh.spoolDir)).toEqual([]);
      expect(v1.cursor).toBeTruthy();
    });

    it('a snapshot without its end line (resync of a seat that has a KB)', async () => {
      const { server, seat, v1 } = await seatWithKb();
      server.setFault(({ path, res }) => {
        if (path.startsWith('changes/')) {
          res.writeHead(410).end();
          return true;
        }
        if (path !== 'snapshot.ndjson.gz') return false;
        res.writeHead(200).end(gzipSync(snapshotText(articles(3, 500), { count: 3, trailer: false })));
        return true;
      });

      const error = await failure(seat.sync(server.url));

      expect(error.message).toMatch(/truncated — the header announced 3 records and an end line, but the file ends after 3 records/);
      expectUnchanged(seat, v1.cursor);
    });

    it('a bad JSON line in a snapshot, named by its line number', async () => {
      const { server, seat, v1 } = await seatWithKb();
      server.setFault(({ path, res }) => {
        if (path.startsWith('changes/')) {
          res.writeHead(404).end();
          return true;
        }
        if (path !== 'snapshot.ndjson.gz') return false;
        res.writeHead(200).end(snapshotText(articles(5, 500), { lines: { 4: '{"kind":"article","id":' } }));
        return true;
      });

      const error = await failure(seat.sync(server.url));

      expect(error.message).toMatch(/snapshot\.ndjson\.gz line 4: not valid JSON/);
      expectUnchanged(seat, v1.cursor);
    });

    it('a change page with one invalid record: none of its changes are applied', async () => {
      const { server, seat, v1, pub, records } = await seatWithKb();
      await pub.publish([...records.slice(1), article('art-00400')]);
      const pagePath = `changes/${v1.cursor}.json`;
      const page = JSON.parse(readFileSync(join(pub.outDir, pagePath), 'utf8')) as { changes: Record<string, unknown>[] };
      expect(page.changes).toHaveLength(2);
      page.changes[1] = { ...page.changes[1], title: '' };
      server.setFault(({ path, res }) => {
        if (path !== pagePath) return false;
        res.writeHead(200).end(JSON.stringify(page));
        return true;
      });

      const error = await failure(seat.sync(server.url));

      expect(error.message).toMatch(/changes\[1\]: title must not be empty/);
      expectUnchanged(seat, v1.cursor);
      expect(seat.find('00001')).toEqual(['art-00001']);
    });

    it('a change page that answers for another cursor', async () => {
      const { server, seat, v1 } = await seatWithKb();
      server.setFault(({ path, res }) => {
        if (!path.startsWith('changes/')) return false;
        res.writeHead(200).end(JSON.stringify({ type: 'changes', protocol: 1, cursor: 'other-9', next: 'other-10', version: 10, more: false, changes: [] }));
        return true;
      });

      const error = await failure(seat.sync(server.url));

      expect(error.message).toContain('the page is for cursor "other-9"');
      expectUnchanged(seat, v1.cursor);
    });
  });

  it('an unknown cursor (404 from a static server) triggers a full resync that replaces everything', async () => {
    const pub = makePublisher();
    await pub.publish([...articles(10), article('art-00050', { title: '旧中心独有文章' })]);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    // The centre rebuilt its folder from scratch: new lineage, versions back to 1, content changed.
    const rebuilt = makePublisher();
    const v1 = await rebuilt.publish(articles(10).map((r) => (r.id === 'art-00002' ? { ...r, title: '重建后的新标题' } : r)));
    server.setRoot(rebuilt.outDir);
    seat.db.prepare("UPDATE kb_article SET version = 7 WHERE id = 'art-00002'").run();
    const before = server.requests.length;

    const result = await seat.sync(server.url);

    expect(server.requests.slice(before).map((r) => [r.path.split('/')[0], r.status])).toEqual([
      ['changes', 404],
      ['manifest.json', 200],
      ['snapshot.ndjson.gz', 200],
      ['changes', 200],
    ]);
    expect(result).toMatchObject({ mode: 'full', cursor: v1.cursor });
    expect(seat.find('旧中心独有')).toEqual([]);
    expect(seat.find('重建后的新标题')).toEqual(['art-00002']);
    expect(seat.count('kb_article')).toBe(10);
  });

  it('410 Gone from a dynamic server triggers a full resync too', async () => {
    const pub = makePublisher();
    const v1 = await pub.publish(articles(4));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    let gone = true;
    server.setFault(({ path, res }) => {
      if (!gone || !path.startsWith('changes/')) return false;
      gone = false;
      res.writeHead(410).end();
      return true;
    });

    const result = await seat.sync(server.url);

    expect(result.mode).toBe('full');
    expect(server.paths().slice(-4)).toEqual([`changes/${v1.cursor}.json`, 'manifest.json', 'snapshot.ndjson.gz', `changes/${v1.cursor}.json`]);
  });

  it('a snapshot served as plain NDJSON (not gzipped) works too', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'snapshot.ndjson.gz'), snapshotText(articles(3), { cursor: 'plain-1' }));
    const server = await feedServer(dir);
    server.setFault(({ path, res }) => {
      if (path !== 'changes/plain-1.json') return false;
      res.writeHead(200).end(JSON.stringify({ type: 'changes', protocol: 1, cursor: 'plain-1', next: 'plain-1', version: 1, more: false, changes: [] }));
      return true;
    });
    const seat = openSeat();

    await seat.sync(server.url);

    expect(seat.count('kb_article')).toBe(3);
    expect(seat.state().cursor).toBe('plain-1');
  });
});
