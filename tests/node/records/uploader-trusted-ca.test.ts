/**
 * Records uploads to a centre whose HTTPS certificate its own CA signed
 * (issue 12 item 5): without the CA nothing is delivered and the status says
 * which certificate problem; with the CA the record arrives, once. Real HTTPS
 * receiver on 127.0.0.1, CA made by openssl (tests/rig/test-ca.ts).
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { outboxCounts } from '../../../main/core/records/outbox-queries.js';
import { createUploader } from '../../../main/core/records/uploader.js';
import { makeTestCa } from '../../rig/test-ca.js';
import { recordsFixture } from './records-fixture.js';

describe('records uploads with the centre CA', () => {
  it('refused without the CA (certificate problem shown), delivered once with it', async () => {
    const ca = makeTestCa();
    onTestFinished(() => ca.remove());
    const arrivals: { key: string | undefined; body: string }[] = [];
    const server = createServer({ cert: ca.serverCertPem, key: ca.serverKeyPem }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        arrivals.push({ key: req.headers['idempotency-key'] as string | undefined, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/records`;

    const f = recordsFixture();
    f.records.enqueue({ kind: 'shift-end', id: 'rec-ca-1', callId: null, data: { note: '交接班' } });
    let caPem = '';
    const uploader = createUploader({ db: f.db, url: () => url, token: () => null, trustedCaPem: () => caPem, backoff: { baseMs: 20, capMs: 50 }, timeoutMs: 2_000 });
    onTestFinished(() => uploader.close());

    uploader.kick();
    await uploader.idle();
    expect(arrivals).toEqual([]);
    expect(uploader.lastError).toMatch(/certificate problem: its certificate is signed by a CA this seat does not trust \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    expect(outboxCounts(f.db)).toMatchObject({ waiting: 1 });

    caPem = ca.caPem;
    uploader.kick();
    for (let i = 0; i < 100 && arrivals.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await uploader.idle();
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0]!.key).toBe('rec-ca-1');
    expect(JSON.parse(arrivals[0]!.body)).toMatchObject({ id: 'rec-ca-1', kind: 'shift-end' });
    expect(uploader.lastError).toBeNull();
    expect(outboxCounts(f.db)).toMatchObject({ waiting: 0 });
  });
});
