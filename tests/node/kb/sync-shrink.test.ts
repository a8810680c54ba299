/**
 * A seat refuses a sync that would remove more than half of its cache unless
 * the publication says the shrink was intended (issue 11, item 8), keeps its
 * cache and says why (the status bar shows the sync state's last error).
 * The incident: an empty publication served at the seat's URL made its full
 * sync remove all 256 records, and the status bar said "版本 1 · 刚刚同步".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KbStatus } from '../../../main/contract/index.js';
import { createKbSyncService } from '../../../main/core/kb/sync/kb-sync-service.js';
import { KbSyncError } from '../../../main/core/kb/sync/kb-sync-error.js';
import { loadSampleKbIfEmpty } from '../../../main/core/kb/load-sample-kb.js';
import { repoRoot } from '../../e2e/support/web-host-process.js';
import { articles } from './sync-support/kb-records.js';
import { fastTuning, feedServer, makePublisher, openSeat, workersDir, type Seat } from './sync-support/sync-harness.js';

async function refusal(seat: Seat, url: string): Promise<KbSyncError> {
  const error = await seat.sync(url).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KbSyncError);
  return error as KbSyncError;
}

describe('shrink protection on the seat', () => {
  it('refuses a rebuilt publication that would remove most of the cache, keeps it, and says why in the status bar', async () => {
    const pub = makePublisher();
    const v1 = await pub.publish(articles(40));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    // The admin publishes the wrong source into a fresh folder at the same URL: 3 records.
    const wrong = makePublisher();
    await wrong.publish(articles(3));
    server.setRoot(wrong.outDir);

    const error = await refusal(seat, server.url);

    expect(error.reason).toBe('refused');
    expect(error.message).toMatch(/would remove 37 of the 40 records in this seat's cache/);
    expect(seat.count('kb_article')).toBe(40);
    expect(seat.find('00030')).toEqual(['art-00030']);
    expect(seat.state()).toMatchObject({ cursor: v1.cursor, version: '1', pending_snapshot_json: null });

    // Through the service, the status bar's KB part reports the refusal with its reason.
    const statuses: KbStatus[] = [];
    const service = createKbSyncService({
      db: seat.db,
      dbFile: join(seat.dir, 'seat.sqlite'),
      workersDir,
      spoolDir: seat.spoolDir,
      sourceUrl: () => server.url,
      onStatus: (status) => statuses.push(status),
      onProgress: () => undefined,
      firstSyncDelayMs: 60_000,
      tuning: fastTuning,
    });
    service.start();
    const outcome = await service.syncKbNow();
    await service.close();
    expect(outcome).toMatchObject({ ok: false, state: { lastErrorKind: 'refused', version: '1' } });
    expect(statuses.at(-1)).toMatchObject({ state: 'ready', version: '1', articleCount: 40, lastErrorKind: 'refused', lastError: expect.stringMatching(/would remove 37 of the 40/) });
  });

  it('refuses change pages that delete most of the cache unless the publication says the shrink was intended', async () => {
    const pub = makePublisher();
    const all = articles(40);
    await pub.publish(all);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    // A publication made with --allow-shrink, then a seat that has not seen it yet: accepted.
    const v2 = await pub.publish(all.slice(0, 10), { allowShrink: true, pageSize: 5 });

    await expect(seat.sync(server.url)).resolves.toMatchObject({ mode: 'incremental', deleted: 30, version: '2', cursor: v2.cursor });
    expect(seat.count('kb_article')).toBe(10);
  });

  it('refuses the same deletes when they were not flagged (a publication written by hand or by an older publisher)', async () => {
    const pub = makePublisher();
    const all = articles(40);
    const v1 = await pub.publish(all);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url);
    await pub.publish(all.slice(0, 10), { allowShrink: true, pageSize: 5 });
    // The same pages, but a manifest that does not flag the shrink: refused before any page is applied.
    const manifestPath = join(pub.outDir, 'manifest.json');
    const envelope = JSON.parse(readFileSync(manifestPath, 'utf8')) as { payload: string };
    writeFileSync(manifestPath, JSON.stringify({ ...envelope, payload: JSON.stringify({ ...JSON.parse(envelope.payload), shrink: null }) }));

    const error = await refusal(seat, server.url);

    expect(error.reason).toBe('refused');
    expect(error.message).toMatch(/holds 10 records, this seat's cache 40: it would remove more than half/);
    expect(seat.count('kb_article')).toBe(40);
    expect(seat.state().cursor).toBe(v1.cursor);

    // A feed with no manifest at all: the seat cannot know the total in advance, so it stops
    // before the page that would take this run's removals past half of its cache.
    server.setFault(({ path, res }) => {
      if (path !== 'manifest.json') return false;
      res.writeHead(404).end();
      return true;
    });
    const stopped = await refusal(seat, server.url);
    expect(stopped.message).toMatch(/change pages would remove more than half of the 40 records/);
    expect(seat.count('kb_article')).toBe(20);
  });

  it('does not guard the first sync from a centre (it replaces the bundled sample) nor a new KB URL', async () => {
    const pub = makePublisher();
    await pub.publish(articles(3));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    expect(loadSampleKbIfEmpty(seat.db, join(repoRoot, 'resources')).loaded).toBeGreaterThanOrEqual(256);
    const sample = seat.count('kb_doc');

    await expect(seat.sync(server.url)).resolves.toMatchObject({ mode: 'full', deleted: sample });
    expect(seat.count('kb_doc')).toBe(3);

    // Another centre (the admin changed the KB URL on purpose): its KB replaces this one.
    const other = makePublisher();
    await other.publish(articles(1, 500));
    const otherServer = await feedServer(other.outDir);
    await expect(seat.sync(otherServer.url)).resolves.toMatchObject({ mode: 'full', deleted: 3 });
    expect(seat.count('kb_doc')).toBe(1);
  });
});
