/**
 * The demo centre's web server on 127.0.0.1: the knowledge-base publication
 * under /kb/ (static files, as any web server would serve kb:publish's
 * output) and the records receiver at POST /records, built from
 * main/core/records/PROTOCOL.md alone: one record or a `hotseat.batch/1`,
 * each record's `id` (the Idempotency-Key) stored once; a repeat is answered
 * 200 and not printed again.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join, normalize } from 'node:path';

export interface ReceivedRecord {
  readonly id: string;
  readonly kind: string;
  readonly callId: string | null;
  readonly sequence: number | null;
  readonly agent: { no?: string; name?: string } | null;
  readonly data: Record<string, unknown>;
}

export interface CentreServer {
  readonly port: number;
  readonly kbUrl: string;
  readonly recordsUrl: string;
  readonly records: ReceivedRecord[];
  stop(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.ndjson': 'application/x-ndjson',
};

export async function startCentreServer(options: {
  port: number;
  kbDir: string;
  onRecord: (record: ReceivedRecord) => void;
  onDuplicate?: (id: string) => void;
}): Promise<CentreServer> {
  const seen = new Set<string>();
  const records: ReceivedRecord[] = [];

  async function serveKb(path: string, res: ServerResponse): Promise<void> {
    const relative = normalize(decodeURIComponent(path));
    if (relative.startsWith('..') || relative === '.' || relative === '') {
      res.writeHead(404).end();
      return;
    }
    const body = await readFile(join(options.kbDir, relative)).catch(() => null);
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const ext = /\.[a-z]+$/.exec(relative)?.[0] ?? '';
    res.writeHead(200, { 'content-type': contentTypes[ext] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(body);
  }

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"not JSON"}');
      return;
    }
    const envelope = body as { schema?: string; records?: unknown[] };
    const list = envelope.schema === 'hotseat.batch/1' && Array.isArray(envelope.records) ? envelope.records : [body];
    for (const item of list) {
      const r = item as Partial<ReceivedRecord> & { schema?: string };
      if (r.schema !== 'hotseat.record/1' || typeof r.id !== 'string' || typeof r.kind !== 'string') {
        res.writeHead(422, { 'content-type': 'application/json' }).end('{"error":"not a hotseat.record/1"}');
        return;
      }
    }
    for (const item of list) {
      const r = item as ReceivedRecord;
      if (seen.has(r.id)) {
        options.onDuplicate?.(r.id);
        continue;
      }
      seen.add(r.id);
      const record: ReceivedRecord = {
        id: r.id,
        kind: r.kind,
        callId: r.callId ?? null,
        sequence: r.sequence ?? null,
        agent: r.agent ?? null,
        data: r.data ?? {},
      };
      records.push(record);
      options.onRecord(record);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const work =
      req.method === 'GET' && url.pathname.startsWith('/kb/')
        ? serveKb(url.pathname.slice(4), res)
        : req.method === 'POST' && url.pathname === '/records'
          ? receive(req, res)
          : Promise.resolve(void res.writeHead(404).end());
    work.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const base = `http://127.0.0.1:${options.port}`;
  return {
    port: options.port,
    kbUrl: `${base}/kb/`,
    recordsUrl: `${base}/records`,
    records,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
