/**
 * kill -9 of a seat process mid-upload, restart: nothing is lost. The
 * receiver holds the first batch's answer, the seat process is killed while
 * it waits, and a new one sends what the database still holds; after the
 * receiver drops repeated keys, every record is there exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { outboxCounts } from '../../../main/core/records/outbox-queries.js';
import { recordsFixture } from './records-fixture.js';

function startSeat(file: string, url: string): ChildProcess {
  // Node itself with tsx's loader (not the tsx CLI, which would run the seat in a child of its own): the pid killed is the seat's.
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support/upload-seat.ts'), file, url], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

describe('records survive a killed seat', () => {
  it('re-sends after kill -9 mid-upload; the receiver has every record once after de-dup', async () => {
    const f = recordsFixture(); // no URL: records stay local
    for (let i = 1; i <= 60; i += 1) {
      f.clock += 1000;
      f.call(`c-${i}`, '13800138000');
    }
    const ids = Array.from({ length: 60 }, (_, i) => `call-c-${i + 1}`);
    f.db.close();

    const accepted = new Map<string, number>();
    let hold = true;
    let firstRequest: () => void = () => {};
    const gotFirst = new Promise<void>((r) => (firstRequest = r));
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { records?: { id: string }[]; id?: string };
        for (const r of body.records ?? [body as { id: string }]) accepted.set(r.id, (accepted.get(r.id) ?? 0) + 1);
        if (hold) {
          firstRequest();
          return; // stored, but the answer never comes: the seat dies waiting
        }
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    onTestFinished(() => {
      server.closeAllConnections();
      server.close();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/records`;

    const first = startSeat(f.file, url);
    await gotFirst;
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    server.closeAllConnections();
    const reader = openDatabase(f.file, { readonly: true });
    onTestFinished(() => {
      reader.close();
    });
    expect(outboxCounts(reader).waiting).toBe(60);

    hold = false;
    const second = startSeat(f.file, url);
    await expect.poll(() => outboxCounts(reader).waiting, { timeout: 20_000, interval: 100 }).toBe(0);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));

    expect([...accepted.keys()].sort()).toEqual([...ids].sort());
    // The batch in flight at the kill arrived twice; the receiver's de-dup by key keeps one.
    expect([...accepted.values()].some((n) => n > 1)).toBe(true);
  }, 40_000);
});
