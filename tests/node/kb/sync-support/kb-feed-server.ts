/**
 * A real HTTP server on 127.0.0.1 that serves a publication folder the way a
 * static web server does (files by path, strong ETags + If-None-Match → 304,
 * 404 for anything missing), with a request log and a fault hook so tests can
 * make the centre fail in the ways real ones do.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FeedRequest {
  /** Path below the base, e.g. `changes/abc-1.json`. */
  readonly path: string;
  readonly query: string;
  readonly status: number;
  readonly ifNoneMatch: string | null;
  readonly acceptEncoding: string | null;
}

/** Return true when the fault answered the request itself. */
export type Fault = (request: { path: string; count: number; req: IncomingMessage; res: ServerResponse; body: Buffer | null }) => boolean | Promise<boolean>;

export interface KbFeedServer {
  /** Base URL to put in the profile (ends with /kb/). */
  readonly url: string;
  readonly port: number;
  readonly requests: FeedRequest[];
  /** Paths requested, in order (no query). */
  paths(): string[];
  setFault(fault: Fault | null): void;
  setRoot(root: string): void;
  stop(): Promise<void>;
}

export interface KbFeedServerOptions {
  readonly root: string;
  readonly etags?: boolean;
  /** Compress .json answers on the fly (Content-Encoding: gzip) when the client accepts it. */
  readonly gzipPages?: boolean;
  /** Delay every answer by this many ms. */
  readonly delayMs?: number;
  /** Serve https:// with this certificate and key (PEM; e.g. from tests/rig/test-ca.ts). */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export async function startKbFeedServer(options: KbFeedServerOptions): Promise<KbFeedServer> {
  let root = options.root;
  let fault: Fault | null = null;
  const requests: FeedRequest[] = [];
  const counts = new Map<string, number>();

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
      else res.destroy();
    });
  };
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createServer(listener);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.startsWith('/kb/') ? decodeURIComponent(url.pathname.slice(4)) : '';
    const count = (counts.get(path) ?? 0) + 1;
    counts.set(path, count);
    res.on('close', () =>
      requests.push({
        path,
        query: url.search,
        status: res.headersSent ? res.statusCode : 0,
        ifNoneMatch: header(req.headers['if-none-match']),
        acceptEncoding: header(req.headers['accept-encoding']),
      }),
    );
    if (options.delayMs) await new Promise((done) => setTimeout(done, options.delayMs));
    const file = path === '' || normalize(path).startsWith('..') ? null : join(root, normalize(path));
    const body = file ? await readFile(file).catch(() => null) : null;
    if (fault && (await fault({ path, count, req, res, body }))) return;
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
    if (options.etags !== false && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    const headers: Record<string, string> = { 'content-type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream' };
    if (options.etags !== false) headers.etag = etag;
    if (options.gzipPages && path.endsWith('.json') && /gzip/.test(header(req.headers['accept-encoding']) ?? '')) {
      const zipped = gzipSync(body);
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': String(zipped.length) }).end(zipped);
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(body.length) }).end(body);
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/kb/`,
    port,
    requests,
    paths: () => requests.map((r) => r.path),
    setFault(next) {
      fault = next;
    },
    setRoot(next) {
      root = next;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function header(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}
