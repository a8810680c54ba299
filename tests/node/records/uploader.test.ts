/**
 * The uploader against a real local HTTP server that fails in every way the
 * issue lists — 500s, timeouts, refused connections, a reset mid-body, a
 * slow server, 409 — then recovers: every record is delivered, in order per
 * call, and exactly once as the receiver sees it after dropping repeated keys.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { outboxCounts, pendingRecords } from '../../../main/core/records/outbox-queries.js';
import { recordsFixture } from './records-fixture.js';

type Mode = 'ok' | '500' | 'timeout' | 'reset' | 'slow' | '409' | '400' | '503-retry-after';

interface Receiver {
  url: string;
  mode: Mode;
  /** Record ids in arrival order, repeats included. */
  arrivals: string[];
  /** After de-duplication by key. */
  accepted: Map<string, { kind: string; callId: string | null; sequence: number }>;
  requests: number;
  stop(): Promise<void>;
  startAgain(): Promise<void>;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function startReceiver(): Promise<Receiver> {
  let port = 0;
  let server: Server;
  const r: Receiver = {
    url: '',
    mode: 'ok',
    arrivals: [],
    accepted: new Map(),
    requests: 0,
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
    async startAgain() {
      server = make();
      await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    },
    close: () => r.stop(),
  };
  const make = () =>
    createServer(async (req, res) => {
      r.requests += 1;
      const text = await body(req);
      const parsed = JSON.parse(text) as { records?: unknown[] };
      const records = (parsed.records ?? [parsed]) as { id: string; kind: string; callId: string | null; sequence: number }[];
      if (!parsed.records) expect(req.headers['idempotency-key']).toBe(records[0]!.id);
      expect(req.headers.authorization).toBe('Bearer s3cret');
      switch (r.mode) {
        case '500':
          res.writeHead(500).end('boom');
          return;
        case '503-retry-after':
          res.writeHead(503, { 'retry-after': '0' }).end();
          return;
        case 'timeout':
          return; // never answers
        case 'reset':
          // Counted as arrived (the centre may have stored them) but the seat sees a broken answer.
          for (const rec of records) r.arrivals.push(rec.id);
          for (const rec of records) if (!r.accepted.has(rec.id)) r.accepted.set(rec.id, rec);
          res.writeHead(200, { 'content-length': '100' });
          res.write('{"ok":');
          setTimeout(() => req.socket.destroy(), 5);
          return;
        case '400':
          res.writeHead(400).end('bad');
          return;
        default:
      }
      if (r.mode === 'slow') await new Promise((d) => setTimeout(d, 300));
      for (const rec of records) {
        r.arrivals.push(rec.id);
        if (!r.accepted.has(rec.id)) r.accepted.set(rec.id, rec);
      }
      res.writeHead(r.mode === '409' ? 409 : 200, { 'content-type': 'application/json' }).end('{}');
    });
  server = make();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
  r.url = `http://127.0.0.1:${port}/records`;
  return r;
}

const settle = () => new Promise((d) => setTimeout(d, 350));

describe('records uploader against a failing receiver', () => {
  it('delivers every record exactly once after 500s, timeouts, refusals, resets, a slow server and 409s', async () => {
    const receiver = await startReceiver();
    onTestFinished(() => receiver.close().catch(() => {}));
    const f = recordsFixture({ url: receiver.url });
    f.records.saveSettings({ ...f.records.settingsView(), uploadToken: 's3cret' });
    onTestFinished(() => f.uploader.close());

    const ids: string[] = [];
    let n = 0;
    const makeCalls = (count: number) => {
      for (let i = 0; i < count; i += 1) {
        n += 1;
        f.clock += 1000;
        f.call(`c-${n}`, '13800138000');
        f.records.saveDraft(`c-${n}`, { category: '咨询', notes: `第${n}个` });
        f.records.complete(`c-${n}`);
        ids.push(`call-c-${n}`, `wrapup-c-${n}-1`);
      }
    };

    for (const mode of ['500', 'timeout', 'reset', 'slow', '409', '503-retry-after'] as const) {
      receiver.mode = mode;
      makeCalls(3);
      await settle();
    }
    receiver.mode = 'ok';
    await receiver.stop(); // refused connections
    makeCalls(3);
    await settle();
    expect(outboxCounts(f.db).waiting).toBeGreaterThan(0);
    expect(f.uploader.lastError).toMatch(/ECONNREFUSED/);
    await receiver.startAgain();
    f.records.uploadNow();
    await expect.poll(() => outboxCounts(f.db).waiting, { timeout: 10_000 }).toBe(0);

    expect([...receiver.accepted.keys()].sort()).toEqual([...ids].sort());
    // Each call's records arrived in order: the call before its wrap-up.
    const firstArrival = (id: string) => receiver.arrivals.indexOf(id);
    for (let i = 1; i <= n; i += 1) expect(firstArrival(`call-c-${i}`)).toBeLessThan(firstArrival(`wrapup-c-${i}-1`));
    // Repeats happened (the reset), and were only repeats.
    expect(receiver.arrivals.length).toBeGreaterThanOrEqual(ids.length);
    expect(outboxCounts(f.db).rejected).toBe(0);
  }, 30_000);

  it('parks a record the centre refuses (4xx) for the agent to see, and delivers the others', async () => {
    const receiver = await startReceiver();
    onTestFinished(() => receiver.close().catch(() => {}));
    const f = recordsFixture({ url: receiver.url });
    f.records.saveSettings({ ...f.records.settingsView(), uploadToken: 's3cret' });
    onTestFinished(() => f.uploader.close());
    receiver.mode = '400';
    f.call('c-1', '13800138000');
    await expect.poll(() => outboxCounts(f.db).rejected, { timeout: 5_000 }).toBe(1);
    receiver.mode = 'ok';
    f.clock += 1000;
    f.call('c-2', '13800138000');
    await expect.poll(() => outboxCounts(f.db).waiting, { timeout: 5_000 }).toBe(0);
    expect([...receiver.accepted.keys()]).toEqual(['call-c-2']);
    expect(pendingRecords(f.db, 10)).toEqual([]);
    f.records.refreshStatus();
    expect(f.statuses.at(-1)).toMatchObject({ waiting: 0, rejected: 1 });
    expect(f.records.rejected()).toEqual([expect.objectContaining({ recordId: 'call-c-1', kind: 'call', callId: 'c-1', error: 'HTTP 400' })]);
  });
});
