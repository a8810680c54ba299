/**
 * A signed knowledge base (issue 11, item 6): `kb:publish` signs manifest.json
 * with the centre's Ed25519 key; a seat holding the public key applies only
 * what that manifest covers. Tampered pages and snapshots, a replayed older
 * publication, another key and an unsigned publication are refused, the
 * cache kept as it was and the reason recorded for the status bar. Real
 * publisher, real HTTP server on 127.0.0.1.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { KbStatus } from '../../../main/contract/index.js';
import { createKbSyncService } from '../../../main/core/kb/sync/kb-sync-service.js';
import { formatPublicKey, readManifest } from '../../../main/core/kb/sync/signed-manifest.js';
import { KbSyncError } from '../../../main/core/kb/sync/kb-sync-error.js';
import { tempDir } from '../support/temp-dir.js';
import { articles, contact } from './sync-support/kb-records.js';
import { fastTuning, feedServer, makePublisher, openSeat, workersDir, type Seat } from './sync-support/sync-harness.js';

const centre = generateKeyPairSync('ed25519');
const centreKey = formatPublicKey(centre.publicKey);
const sign = { signingKey: centre.privateKey };

const referral = (number: string) => contact('c-poison', '中毒急救咨询', number);

async function refusal(seat: Seat, url: string, publicKey: string | null = centreKey): Promise<KbSyncError> {
  const error = await seat.sync(url, {}, { publicKey }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KbSyncError);
  return error as KbSyncError;
}

function numberOf(seat: Seat): string {
  return seat.db.prepare("SELECT number FROM kb_contact WHERE id = 'c-poison'").pluck().get() as string;
}

describe('signed KB publications', () => {
  it('signs manifest.json over the snapshot and every page; a seat holding the key syncs it', async () => {
    const pub = makePublisher();
    const v1 = await pub.publish([...articles(5), referral('010-83163388')], sign);
    const v2 = await pub.publish([...articles(6), referral('010-83163388')], sign);
    expect(v2).toMatchObject({ signed: true });
    const checked = readManifest(readFileSync(join(pub.outDir, 'manifest.json')), centreKey);
    expect(checked).toMatchObject({ ok: true, signed: true, payload: { version: 2, cursor: v2.cursor, records: 7 } });
    expect(Object.keys(checked.ok ? checked.payload.pages : {}).sort()).toEqual([v1.cursor, v2.cursor].sort());
    const server = await feedServer(pub.outDir);
    const seat = openSeat();

    await expect(seat.sync(server.url, {}, { publicKey: centreKey })).resolves.toMatchObject({ mode: 'full', version: '2' });

    expect(numberOf(seat)).toBe('010-83163388');
    expect(seat.state().last_error).toBeNull();
  });

  it('refuses a tampered change page (a referral number changed on the mirror) and keeps the cache', async () => {
    const pub = makePublisher();
    const v1 = await pub.publish([...articles(5), referral('010-83163388')], sign);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url, {}, { publicKey: centreKey });
    await pub.publish([...articles(6), referral('010-83163388')], sign);
    const pagePath = join(pub.outDir, 'changes', `${v1.cursor}.json`);
    const page = JSON.parse(readFileSync(pagePath, 'utf8')) as { changes: Record<string, unknown>[] };
    page.changes.push({ ...referral('0371-66666666'), version: 2, updatedAt: '2026-12-01T00:00:00.000Z' });
    writeFileSync(pagePath, JSON.stringify(page));

    const error = await refusal(seat, server.url);

    expect(error.reason).toBe('untrusted');
    expect(error.message).toMatch(/does not match the digest in the centre’s signed manifest/);
    expect(numberOf(seat)).toBe('010-83163388');
    expect(seat.count('kb_article')).toBe(5);
    expect(seat.state()).toMatchObject({ cursor: v1.cursor, last_error: expect.stringMatching(/tampered/) });
    expect(seat.db.prepare('SELECT last_error_kind FROM kb_sync_state').pluck().get()).toBe('untrusted');
    // Without a key set, the same seat cannot tell (which is why the key matters).
    await expect(seat.sync(server.url, {}, { publicKey: null })).resolves.toMatchObject({ mode: 'incremental' });
    expect(numberOf(seat)).toBe('0371-66666666');
  });

  it('refuses a tampered snapshot before applying any of it', async () => {
    const pub = makePublisher();
    await pub.publish([...articles(5), referral('010-83163388')], sign);
    const snapshotPath = join(pub.outDir, 'snapshot.ndjson.gz');
    const text = gunzipSync(readFileSync(snapshotPath)).toString('utf8').replace('010-83163388', '0371-66666666');
    writeFileSync(snapshotPath, gzipSync(text));
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    const sampleCount = seat.count('kb_doc');

    const error = await refusal(seat, server.url);

    expect(error.reason).toBe('untrusted');
    expect(error.message).toMatch(/the snapshot does not match/);
    expect(seat.count('kb_doc')).toBe(sampleCount);
    expect(seat.state().cursor).toBeNull();
  });

  it('refuses an older publication replayed by a mirror (its own valid signature notwithstanding)', async () => {
    const pub = makePublisher();
    await pub.publish([...articles(5), referral('010-12345678')], sign);
    const oldCopy = join(tempDir(), 'v1');
    cpSync(pub.outDir, oldCopy, { recursive: true });
    const v2 = await pub.publish([...articles(5), referral('010-83163388')], sign);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    await seat.sync(server.url, {}, { publicKey: centreKey });
    expect(numberOf(seat)).toBe('010-83163388');

    server.setRoot(oldCopy);
    const error = await refusal(seat, server.url);

    expect(error.reason).toBe('untrusted');
    expect(error.message).toMatch(/an older publication \(version 1 .*\) than the one this seat already has \(version 2/);
    expect(numberOf(seat)).toBe('010-83163388');
    expect(seat.state()).toMatchObject({ cursor: v2.cursor, version: '2' });
  });

  it('refuses a publication signed with another key, and an unsigned one, once a key is set', async () => {
    const impostor = generateKeyPairSync('ed25519');
    const forged = makePublisher();
    await forged.publish([...articles(3), referral('0371-66666666')], { signingKey: impostor.privateKey });
    const unsigned = makePublisher();
    await unsigned.publish([...articles(3), referral('0371-66666666')]);
    const server = await feedServer(forged.outDir);
    const seat = openSeat();

    const wrongKey = await refusal(seat, server.url);
    expect(wrongKey.reason).toBe('untrusted');
    expect(wrongKey.message).toMatch(/signed with another key \(ed25519:/);

    server.setRoot(unsigned.outDir);
    const notSigned = await refusal(seat, server.url);
    expect(notSigned.reason).toBe('untrusted');
    expect(notSigned.message).toMatch(/not signed, but this seat requires the centre’s signature/);
    expect(seat.state().cursor).toBeNull();
    expect(seat.db.prepare("SELECT count(*) FROM kb_contact WHERE id = 'c-poison'").pluck().get()).toBe(0);

    // A seat without a key takes the unsigned one (signing is opt-in per seat).
    await expect(seat.sync(server.url, {}, { publicKey: null })).resolves.toMatchObject({ mode: 'full' });
  });

  it('remembers only signed manifests: an unsigned one taken before the key was set cannot block the centre', async () => {
    const forged = makePublisher();
    await forged.publish(articles(3), { now: () => new Date('2099-01-01T00:00:00Z') });
    const server = await feedServer(forged.outDir);
    const seat = openSeat();
    await seat.sync(server.url, {}, { publicKey: null });
    const real = makePublisher();
    await real.publish(articles(4), sign);
    server.setRoot(real.outDir);

    await expect(seat.sync(server.url, {}, { publicKey: centreKey })).resolves.toMatchObject({ mode: 'full', version: '1' });
    expect(seat.count('kb_article')).toBe(4);
  });

  it('a key entered in the settings is tried at once: an unsigned centre is refused and the status bar says why', async () => {
    const pub = makePublisher();
    await pub.publish([...articles(3), referral('010-83163388')]);
    const server = await feedServer(pub.outDir);
    const seat = openSeat();
    let key = '';
    const listeners = new Set<(url: string) => void>();
    const statuses: KbStatus[] = [];
    const service = createKbSyncService({
      db: seat.db,
      dbFile: join(seat.dir, 'seat.sqlite'),
      workersDir,
      spoolDir: seat.spoolDir,
      sourceUrl: () => server.url,
      publicKey: () => key,
      watchSourceUrl: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      onStatus: (status) => statuses.push(status),
      onProgress: () => undefined,
      firstSyncDelayMs: 60_000,
      tuning: fastTuning,
    });
    onTestFinished(() => service.close());
    service.start();
    await expect(service.syncKbNow()).resolves.toMatchObject({ ok: true, mode: 'full' });
    await expect(service.syncKbNow()).resolves.toMatchObject({ ok: true, mode: 'unchanged' }); // a 304 from now on

    key = centreKey; // the agent saves the settings with the centre's key
    for (const listener of listeners) listener(server.url);

    await expect.poll(() => statuses.at(-1), { timeout: 15_000 }).toMatchObject({ state: 'ready', lastErrorKind: 'untrusted' });
    expect(statuses.at(-1)).toMatchObject({ lastError: expect.stringMatching(/not signed, but this seat requires/), articleCount: 3 });
    expect(numberOf(seat)).toBe('010-83163388');
  });

  it('kb:publish refuses to publish unsigned over a signed publication unless told to', async () => {
    const pub = makePublisher();
    await pub.publish(articles(3), sign);
    await expect(pub.publish(articles(4))).rejects.toThrow(/is signed and this one would not be/);
    await expect(pub.publish(articles(4), { allowUnsigned: true })).resolves.toMatchObject({ version: 2, signed: false });
  });
});
