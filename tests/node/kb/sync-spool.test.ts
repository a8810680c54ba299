/**
 * The KB spool folder is cleaned (issue 11, item 7): partial downloads and
 * orphaned snapshots left by a kill or a KB URL change are removed when the
 * service starts and around every sync; a snapshot that failed verification
 * is not downloaded again until the publication changes (ETag,
 * Last-Modified, or the manifest's digest).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createKbSyncService } from '../../../main/core/kb/sync/kb-sync-service.js';
import { KbSyncError } from '../../../main/core/kb/sync/kb-sync-error.js';
import { writePendingSnapshot } from '../../../main/core/kb/sync/sync-state-queries.js';
import { tempDir } from '../support/temp-dir.js';
import { articles } from './sync-support/kb-records.js';
import { startPythonStaticServer } from './sync-support/static-file-server.js';
import { fastTuning, feedServer, makePublisher, openSeat, workersDir, type Seat } from './sync-support/sync-harness.js';

async function failure(promise: Promise<unknown>): Promise<KbSyncError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KbSyncError);
  return error as KbSyncError;
}

/** A copy of the publication as a broken mirror serves it: line 3 of the snapshot damaged (still valid gzip). */
function corruptCopy(outDir: string, served = join(tempDir(), 'mirror')): string {
  cpSync(outDir, served, { recursive: true });
  const path = join(served, 'snapshot.ndjson.gz');
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n');
  lines[2] = '{"kind":"article",';
  writeFileSync(path, gzipSync(lines.join('\n')));
  return served;
}

function litter(seat: Seat): void {
  mkdirSync(seat.spoolDir, { recursive: true });
  writeFileSync(join(seat.spoolDir, 'snapshot-1700000000000-deadbeef.part'), 'half a download');
  writeFileSync(join(seat.spoolDir, 'snapshot-1700000000001-cafebabe.snapshot'), 'an orphan');
  writeFileSync(join(seat.spoolDir, 'notes.txt'), 'not ours: left alone');
}

describe('KB spool cleanup', () => {
  it('removes partial downloads and orphaned snapshots when the service starts', async () => {
    const seat = openSeat();
    litter(seat);
    const service = createKbSyncService({
      db: seat.db,
      dbFile: join(seat.dir, 'seat.sqlite'),
      workersDir,
      spoolDir: seat.spoolDir,
      sourceUrl: () => 'http://127.0.0.1:9/kb/',
      onStatus: () => undefined,
      onProgress: () => undefined,
      firstSyncDelayMs: 60_000,
      tuning: fastTuning,
    });
    onTestFinished(() => service.close());

    service.start();

    await expect.poll(() => readdirSync(seat.spoolDir).sort(), { timeout: 5_000 }).toEqual(['notes.txt']);
  });

  it('after a KB URL change, drops the other centre’s half-applied snapshot and its file, and cleans up after the sync', async () => {
    const pub = makePublisher();
    await pub.publish(articles(4));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    litter(seat);
    writeFileSync(join(seat.spoolDir, 'snapshot-1700000000002-0badf00d.snapshot'), 'the old centre’s snapshot');
    writePendingSnapshot(
      seat.db,
      { sourceUrl: 'http://old-centre.invalid/kb/', cursor: 'old-9', version: '9', count: 100, file: 'snapshot-1700000000002-0badf00d.snapshot', sha256: '0'.repeat(64), contentEncoding: '', applied: 40 },
      Date.now(),
    );
    seat.db.prepare("INSERT INTO kb_sync_seen (kind, id) VALUES ('article', 'old-1')").run();

    await expect(seat.sync(server.url)).resolves.toMatchObject({ mode: 'full', upserted: 4 });

    expect(readdirSync(seat.spoolDir).sort()).toEqual(['notes.txt']);
    expect(seat.state().pending_snapshot_json).toBeNull();
    expect(seat.count('kb_sync_seen')).toBe(0);
  });

  it('leaves no spool file behind when a snapshot fails verification', async () => {
    const pub = makePublisher();
    await pub.publish(articles(30));
    const server = await feedServer(corruptCopy(pub.outDir));
    const seat = openSeat();

    await failure(seat.sync(server.url));

    expect(readdirSync(seat.spoolDir)).toEqual([]);
  });

  it('does not download a snapshot that failed verification again while the centre answers 304 (ETag)', async () => {
    const pub = makePublisher();
    const records = articles(30);
    await pub.publish(records);
    const served = corruptCopy(pub.outDir);
    const server = await feedServer(served);
    const seat = openSeat();
    // No manifest (a hand-made feed): only the server's validators can tell.
    server.setFault(({ path, res }) => {
      if (path !== 'manifest.json') return false;
      res.writeHead(404).end();
      return true;
    });

    const first = await failure(seat.sync(server.url));
    const again = await failure(seat.sync(server.url));

    expect(first.reason).toBe('malformed');
    expect(again.reason).toBe('malformed');
    expect(again.message).toMatch(/the centre says the snapshot has not changed; not downloaded again until the centre publishes anew/);
    const snapshotAnswers = server.requests.filter((r) => r.path === 'snapshot.ndjson.gz').map((r) => [r.status, r.ifNoneMatch !== null]);
    expect(snapshotAnswers).toEqual([
      [200, false],
      [304, true],
    ]);

    // The centre publishes anew: downloaded again, applied, and the marker is gone.
    server.setFault(null);
    await pub.publish([...records, ...articles(1, 100)]);
    cpSync(pub.outDir, served, { recursive: true });
    await expect(seat.sync(server.url)).resolves.toMatchObject({ mode: 'full', upserted: 31 });
    expect(seat.db.prepare('SELECT failed_snapshot_json FROM kb_sync_state').pluck().get()).toBeNull();
  });

  it('with a manifest, does not even ask for the snapshot again until the manifest lists another one', async () => {
    const pub = makePublisher();
    const records = articles(30);
    await pub.publish(records);
    const served = corruptCopy(pub.outDir);
    const server = await feedServer(served, { etags: false });
    const seat = openSeat();

    await failure(seat.sync(server.url));
    const again = await failure(seat.sync(server.url));

    expect(again.message).toMatch(/the manifest still lists the same snapshot/);
    expect(server.paths().filter((p) => p === 'snapshot.ndjson.gz')).toHaveLength(1);
    await pub.publish([...records, ...articles(1, 100)]);
    cpSync(pub.outDir, served, { recursive: true });
    await expect(seat.sync(server.url)).resolves.toMatchObject({ mode: 'full' });
    expect(server.paths().filter((p) => p === 'snapshot.ndjson.gz')).toHaveLength(2);
  });

  it('with a plain static server (no ETag), Last-Modified does the same', async () => {
    const pub = makePublisher();
    await pub.publish(articles(30));
    const served = corruptCopy(pub.outDir);
    unlinkSync(join(served, 'manifest.json')); // a feed without a manifest: only the server's validators can tell
    const server = await startPythonStaticServer(served);
    onTestFinished(() => server.stop());
    const seat = openSeat();

    await failure(seat.sync(server.url));
    const again = await failure(seat.sync(server.url));

    expect(again.message).toMatch(/has not changed/);
    expect(server.requests().filter((r) => r.startsWith('GET /snapshot'))).toEqual(['GET /snapshot.ndjson.gz 200', 'GET /snapshot.ndjson.gz 304']);
  });
});
