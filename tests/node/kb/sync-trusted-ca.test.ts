/**
 * KB sync over https:// from a centre whose certificate its own CA signed
 * (issue 12 item 5): refused without the CA (the status names the certificate
 * problem, the cache is kept), synced with it — in the seat's real sync worker
 * thread, the way the core runs it. Real publisher, real HTTPS server on 127.0.0.1.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import type { KbStatus } from '../../../main/contract/index.js';
import { createKbSyncService } from '../../../main/core/kb/sync/kb-sync-service.js';
import { makeTestCa } from '../../rig/test-ca.js';
import { articles } from './sync-support/kb-records.js';
import { fastTuning, feedServer, makePublisher, openSeat, workersDir } from './sync-support/sync-harness.js';

describe('KB sync with the centre CA', () => {
  it('over https: without the CA the sync fails naming the certificate problem; with it the snapshot arrives', async () => {
    const ca = makeTestCa();
    onTestFinished(() => ca.remove());
    const pub = makePublisher();
    await pub.publish(articles(7));
    const server = await feedServer(pub.outDir, { tls: { cert: ca.serverCertPem, key: ca.serverKeyPem } });
    expect(server.url).toMatch(/^https:/);

    const seat = openSeat();
    const before = seat.count('kb_article');
    const refused = await seat.sync(server.url).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(refused?.message).toMatch(/certificate problem: its certificate is signed by a CA this seat does not trust \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    expect(seat.count('kb_article')).toBe(before);

    // The service, its worker thread and the CA from the profile, as create-core wires them.
    let caPem = '';
    const statuses: KbStatus[] = [];
    const service = createKbSyncService({
      db: seat.db,
      dbFile: `${seat.dir}/seat.sqlite`,
      workersDir,
      spoolDir: seat.spoolDir,
      sourceUrl: () => server.url,
      trustedCaPem: () => caPem,
      onStatus: (s) => statuses.push(s),
      onProgress: () => undefined,
      firstSyncDelayMs: 60_000,
      tuning: fastTuning,
    });
    onTestFinished(() => service.close());
    service.start();
    await service.syncKbNow().catch(() => undefined);
    const failed = statuses.at(-1);
    expect(failed && 'lastError' in failed ? failed.lastError : '').toMatch(/certificate problem/);

    caPem = ca.caPem;
    await service.syncKbNow();
    expect(seat.count('kb_article')).toBe(7);
    const done = statuses.at(-1);
    expect(done).toMatchObject({ state: 'ready', articleCount: 7 });
    expect(done && 'lastError' in done ? done.lastError : undefined).toBeFalsy();
  });
});
