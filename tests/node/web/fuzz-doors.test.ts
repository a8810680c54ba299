/**
 * Property tests at the seat's doors: whatever arrives — malformed
 * envelopes, unknown methods, wrong types, huge strings, deeply nested
 * objects — the dispatcher answers with a Result (never throws), and the
 * WebSocket bridge answers each well-formed envelope with a response or
 * closes the socket with a protocol code (1003, 1007, 1008, 1009). The
 * process never crashes and nothing is left as an unhandled rejection
 * (vitest fails the run on either).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { requestNames } from '../../../main/contract/index.js';
import type { WebHost } from '../../../main/web/web-host.js';
import { startTestWebHost } from '../support/test-web-host.js';

let host: WebHost;
let dir: string;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  dir = mkdtempSync(join(tmpdir(), 'hotseat-fuzz-'));
  host = await startTestWebHost(dir);
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
  process.off('unhandledRejection', onRejection);
});

/** Requests that would only wait on the network or the media engine; their answers are not what is fuzzed here. */
const slow = new Set(['dial', 'redial', 'syncKbNow', 'uploadRecordsNow', 'transferBlind', 'startConsultTransfer', 'completeTransfer', 'endWithSurvey', 'exportRecords', 'importProfile', 'importSurveyResults']);
const methods = fc.oneof(
  fc.constantFrom(...requestNames.filter((m) => !slow.has(m))),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'getProfile ', 'GETPROFILE'),
  fc.string({ maxLength: 40 }),
  fc.anything({ maxDepth: 2 }),
);
const deep = fc.integer({ min: 1, max: 5000 }).map((depth) => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
});
const params = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: false }),
  fc.record({ query: fc.string(), id: fc.anything(), text: fc.string({ maxLength: 2000 }), limit: fc.oneof(fc.integer(), fc.double(), fc.string()) }, { requiredKeys: [] }),
  fc.string({ minLength: 0, maxLength: 64 }).map((s) => s.repeat(4096)),
  deep,
);

describe('dispatcher', () => {
  it('answers anything with a Result and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(methods, params, async (method, p) => {
        const result = await host.core.dispatch(method, p, 'fuzz');
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(typeof result.error.code).toBe('string');
      }),
      { numRuns: 400 },
    );
    expect(rejections).toEqual([]);
  });
});

async function openSocket(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/hotseat-ws?token=${host.token}`, { headers: { origin: host.origin } });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  ws.on('error', () => undefined);
  return ws;
}

/** What the bridge did with one frame: a response envelope, or a close code. */
function outcome(ws: WebSocket, frame: string | Buffer, binary: boolean, expectId: number | null): Promise<{ kind: 'res'; envelope: Record<string, unknown> } | { kind: 'closed'; code: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer and no close for ${String(frame).slice(0, 120)}`)), 10_000);
    const onMessage = (data: WebSocket.RawData) => {
      const envelope = JSON.parse(String(data)) as Record<string, unknown>;
      if (envelope.t !== 'res' || envelope.id !== expectId) return;
      finish({ kind: 'res', envelope });
    };
    const onClose = (code: number) => finish({ kind: 'closed', code });
    const finish = (value: Parameters<typeof resolve>[0]) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(value);
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.send(frame, { binary });
  });
}

describe('WebSocket bridge', () => {
  it('answers every request envelope or closes with a protocol code', async () => {
    let ws = await openSocket();
    let id = 1;
    const frames = fc.oneof(
      // Well-formed envelopes with anything inside.
      fc.tuple(methods, params).map(([method, p]) => ({ kind: 'envelope' as const, method, params: p })),
      // Not envelopes: JSON of other shapes, not JSON, binary, invalid UTF-8, oversized.
      fc.anything({ maxDepth: 3 }).map((value) => ({ kind: 'json' as const, value })),
      fc.string({ maxLength: 200 }).map((text) => ({ kind: 'text' as const, text })),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ kind: 'binary' as const, bytes })),
      fc.constant({ kind: 'huge' as const }),
      fc.constant({ kind: 'bad-utf8' as const }),
    );
    await fc.assert(
      fc.asyncProperty(frames, async (frame) => {
        if (ws.readyState !== WebSocket.OPEN) ws = await openSocket();
        switch (frame.kind) {
          case 'envelope': {
            const mine = id++;
            let text: string;
            try {
              text = JSON.stringify({ t: 'req', id: mine, method: frame.method, params: frame.params });
            } catch {
              return; // not representable as JSON (a cycle): nothing to send
            }
            if (text === undefined || text.length > 1024 * 1024) return;
            const got = await outcome(ws, text, false, mine);
            if (got.kind === 'res') expect(typeof got.envelope.ok).toBe('boolean');
            else expect([1007, 1008, 1009]).toContain(got.code);
            return;
          }
          case 'json': {
            const text = JSON.stringify(frame.value);
            if (text === undefined) return;
            const parsed = JSON.parse(text) as { t?: unknown; id?: unknown } | null;
            const envelopeLike = parsed !== null && typeof parsed === 'object' && parsed.t === 'req' && Number.isSafeInteger(parsed.id);
            if (envelopeLike) return;
            const got = await outcome(ws, text, false, null);
            expect(got).toEqual({ kind: 'closed', code: 1008 });
            return;
          }
          case 'text': {
            let isJson = true;
            try {
              JSON.parse(frame.text);
            } catch {
              isJson = false;
            }
            if (isJson) return;
            const got = await outcome(ws, frame.text, false, null);
            expect(got).toEqual({ kind: 'closed', code: 1007 });
            return;
          }
          case 'binary': {
            const got = await outcome(ws, Buffer.from(frame.bytes), true, null);
            expect(got).toEqual({ kind: 'closed', code: 1003 });
            return;
          }
          case 'huge': {
            const got = await outcome(ws, JSON.stringify({ t: 'req', id: id++, method: 'searchKb', params: { query: 'x'.repeat(2 * 1024 * 1024) } }), false, null);
            expect(got).toEqual({ kind: 'closed', code: 1009 });
            return;
          }
          case 'bad-utf8': {
            const got = await outcome(ws, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), false, null);
            expect(got).toEqual({ kind: 'closed', code: 1007 });
            return;
          }
        }
      }),
      { numRuns: 300 },
    );
    ws.close();
    expect(rejections).toEqual([]);
    // Still serving.
    const last = await openSocket();
    const got = await outcome(last, JSON.stringify({ t: 'req', id: 1, method: 'getAppInfo', params: {} }), false, 1);
    expect(got).toMatchObject({ kind: 'res', envelope: { ok: true } });
    last.close();
  });
});
