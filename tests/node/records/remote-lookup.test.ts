/**
 * The optional remote lookup on ring: a real local HTTP server answers in
 * time (merged as plain text), too late (300 ms budget: shown as failed), or
 * with an error; the context is emitted at once in every case — the lookup
 * never delays the ring.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { recordsFixture } from './records-fixture.js';

async function lookupServer(): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const number = new URL(req.url ?? '/', 'http://x').searchParams.get('n');
    if (number === '+8613800138000') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ 客户等级: 'VIP\u200b', 备注: '<b>老客户</b>', nested: { x: 1 } }));
    } else if (number === '+8613900139000') {
      setTimeout(() => res.writeHead(200).end('{"late":"yes"}'), 1_000);
    } else {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/lookup?n={number}`, requests };
}

describe('remote lookup on ring', () => {
  it('merges an answer, reports a late or failed one quietly, and never delays the ring', async () => {
    const { url, requests } = await lookupServer();
    const f = recordsFixture();
    f.records.saveSettings({ ...f.records.settingsView(), lookupUrlTemplate: url });

    const started = performance.now();
    f.call('c-1', '13800138000');
    f.call('c-2', '13900139000');
    f.call('c-3', '13700137000');
    expect(performance.now() - started).toBeLessThan(200);
    // Emitted at once, lookup pending.
    expect(f.contexts.filter((c) => c.remote.state === 'pending').map((c) => c.callId)).toEqual(['c-1', 'c-2', 'c-3']);

    await expect.poll(() => f.records.callerContext('c-1')?.remote.state).toBe('answered');
    expect(f.records.callerContext('c-1')!.remote.fields).toEqual([
      { name: '客户等级', value: 'VIP' },
      { name: '备注', value: '<b>老客户</b>' },
    ]);
    await expect.poll(() => f.records.callerContext('c-3')?.remote.state).toBe('failed');
    expect(f.records.callerContext('c-3')!.remote.error).toBe('HTTP 500');
    await expect.poll(() => f.records.callerContext('c-2')?.remote.state, { timeout: 2_000 }).toBe('failed');
    expect(f.records.callerContext('c-2')!.remote.error).toBe('no answer in 300 ms');
    expect(requests[0]).toBe('/lookup?n=%2B8613800138000');
  });
});
