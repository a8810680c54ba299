/**
 * The demo centre's own parts with real sockets on 127.0.0.1: the records
 * receiver (PROTOCOL.md: one record or a batch, a repeated id answered 200
 * and stored once, anything else refused) and the UDP relay that adds the
 * centre's context headers to a caller's first INVITE only.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCentreServer, type CentreServer, type ReceivedRecord } from '../../rig/demo/centre-server.js';
import { startHeaderRelay, type HeaderRelay } from '../../rig/demo/header-relay.js';
import { freePort } from '../../rig/index.js';

const record = (id: string, kind = 'call') => ({
  schema: 'hotseat.record/1',
  id,
  kind,
  callId: 'c-1',
  createdAt: '2026-12-06T04:00:00.000Z',
  seat: { number: '1001', sipUri: 'sip:1001@sip.test' },
  agent: { no: '8001', name: '王小明' },
  data: { remoteNumber: '13903712345' },
  sequence: 1,
});

describe('demo records receiver', () => {
  let centre: CentreServer | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await centre?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores each id once (single records and batches), answers repeats 200, refuses what is not a record, serves the KB folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotseat-demo-centre-'));
    writeFileSync(join(dir, 'manifest.json'), '{"version":1}');
    const accepted: ReceivedRecord[] = [];
    const repeats: string[] = [];
    centre = await startCentreServer({ port: await freePort(), kbDir: dir, onRecord: (r) => accepted.push(r), onDuplicate: (id) => repeats.push(id) });
    const post = (body: unknown, key?: string) =>
      fetch(centre!.recordsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(body),
      });

    expect((await post(record('call-c-1'), 'call-c-1')).status).toBe(200);
    expect((await post(record('call-c-1'), 'call-c-1')).status).toBe(200);
    const batch = await post({ schema: 'hotseat.batch/1', records: [record('call-c-1'), record('wrapup-c-1-1', 'wrap-up')] });
    expect(batch.status).toBe(200);
    expect(accepted.map((r) => r.id)).toEqual(['call-c-1', 'wrapup-c-1-1']);
    expect(accepted[0]).toMatchObject({ kind: 'call', agent: { no: '8001' }, data: { remoteNumber: '13903712345' } });
    expect(repeats).toEqual(['call-c-1', 'call-c-1']);

    expect((await post({ hello: 1 })).status).toBe(422);
    const notJson = await fetch(centre.recordsUrl, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect(accepted).toHaveLength(2);

    const manifest = await fetch(`${centre.kbUrl}manifest.json`);
    expect(manifest.status).toBe(200);
    expect(await manifest.json()).toEqual({ version: 1 });
    expect((await fetch(`${centre.kbUrl}..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});

describe('demo header relay', () => {
  let relay: HeaderRelay | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    await relay?.stop();
    for (const s of sockets.splice(0)) s.close();
  });

  async function udp(): Promise<{ socket: Socket; port: number; next(): Promise<string> }> {
    const socket = createSocket('udp4');
    sockets.push(socket);
    const queue: string[] = [];
    const waiting: Array<(m: string) => void> = [];
    socket.on('message', (m) => {
      const w = waiting.shift();
      if (w) w(m.toString('utf8'));
      else queue.push(m.toString('utf8'));
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    return {
      socket,
      port: socket.address().port,
      next: () =>
        queue.length
          ? Promise.resolve(queue.shift()!)
          : new Promise<string>((resolve, reject) => {
              waiting.push(resolve);
              setTimeout(() => reject(new Error('no datagram in 2 s')), 2000);
            }),
    };
  }

  const invite = (toTag: string) =>
    'INVITE sip:1001@sip.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;rport\r\nFrom: <sip:13903712345@sip.test>;tag=a\r\n' +
    `To: <sip:1001@sip.test>${toTag}\r\nCall-ID: abc@127.0.0.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`;

  it('adds the headers to the first INVITE only, and routes Kamailio’s answers back by Call-ID', async () => {
    const kamailio = await udp();
    const caller = await udp();
    relay = await startHeaderRelay({ port: 0, kamailioPort: kamailio.port });
    relay.setHeaders(caller.port, { 'X-Queue': '12320-健康咨询', 'X-Call-Uid': 'demo-1' });

    caller.socket.send(invite(''), relay.port, '127.0.0.1');
    const first = await kamailio.next();
    expect(first.split('\r\n').slice(0, 3)).toEqual(['INVITE sip:1001@sip.test SIP/2.0', 'X-Queue: 12320-健康咨询', 'X-Call-Uid: demo-1']);
    expect(first.endsWith('Content-Length: 0\r\n\r\n')).toBe(true);

    kamailio.socket.send('SIP/2.0 200 OK\r\nCall-ID: abc@127.0.0.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n', relay.port, '127.0.0.1');
    expect(await caller.next()).toMatch(/^SIP\/2\.0 200 OK/);

    caller.socket.send(invite(';tag=b'), relay.port, '127.0.0.1');
    expect(await kamailio.next()).not.toContain('X-Queue');
  });
});
