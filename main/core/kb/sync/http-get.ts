/**
 * One HTTP GET for the sync client, on node:http / node:https rather than
 * fetch, so the raw bytes (what the spool stores) and the decoding (gzip,
 * truncation) are ours to control.
 *
 * Two timeouts, both through one AbortController:
 * - `timeoutMs`: from the request until the response headers;
 * - `idleTimeoutMs`: the longest wait for the next body chunk (only time spent
 *   waiting on the network counts, not time the caller spends on a chunk).
 * Any failure is a `KbSyncError` (offline / http / malformed).
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { describeCertificateError, tlsCaOption } from '../../base/trusted-ca.js';
import { KbSyncError } from './kb-sync-error.js';

/** The centre's CA for https:// (system roots + it); set per run by runKbSync, undefined = Node's defaults. */
let centreCa: string[] | undefined;

/** Trust the centre's CA (PEM, profile trustedCaPem; '' = system roots only) for the GETs that follow. */
export function trustCentreCa(pem: string | null | undefined): void {
  centreCa = tlsCaOption(pem);
}

export interface HttpGetOptions {
  readonly timeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Sent as If-None-Match (a 304 then means "nothing new"). */
  readonly etag?: string | null;
  /** Sent as If-Modified-Since (a 304 then means "unchanged"; servers without ETags answer it). */
  readonly ifModifiedSince?: string | null;
  readonly userAgent?: string;
}

export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** Content-Encoding as sent ('' when none); `decodeBody` undoes it. */
  readonly contentEncoding: string;
  /** Parsed Retry-After (ms), for 429 / 503. */
  readonly retryAfterMs: number | null;
  /** The raw body chunks, with the idle timeout; iterate once. */
  rawBody(): AsyncIterable<Buffer>;
  /** Drops the body (for statuses whose body we do not read). */
  discard(): void;
}

/** Resolves once the response headers are in; rejects with a KbSyncError. */
export function httpGet(url: string, options: HttpGetOptions): Promise<HttpResponse> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
  if (!client) return Promise.reject(new KbSyncError('http', `${url}: only http:// and https:// are supported`));
  const controller = new AbortController();
  let failure: KbSyncError | null = null;
  const abort = (error: KbSyncError) => {
    failure ??= error;
    controller.abort(failure);
  };

  return new Promise<HttpResponse>((resolve, reject) => {
    const headersTimer = setTimeout(
      () => abort(new KbSyncError('offline', `${url}: no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    const headers: Record<string, string> = {
      'accept-encoding': 'gzip',
      'user-agent': options.userAgent ?? 'Hotseat-KbSync/1',
    };
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.ifModifiedSince) headers['if-modified-since'] = options.ifModifiedSince;
    const request = client.get(target, { headers, signal: controller.signal, ...(centreCa && client === https ? { ca: centreCa } : {}) });
    request.on('error', (error) => {
      clearTimeout(headersTimer);
      reject(failure ?? networkError(url, error));
    });
    request.on('response', (response: IncomingMessage) => {
      clearTimeout(headersTimer);
      const status = response.statusCode ?? 0;
      resolve({
        url,
        status,
        etag: headerValue(response.headers.etag),
        lastModified: headerValue(response.headers['last-modified']),
        contentEncoding: (headerValue(response.headers['content-encoding']) ?? '').trim().toLowerCase(),
        retryAfterMs: parseRetryAfter(headerValue(response.headers['retry-after'])),
        rawBody: () => readWithIdleTimeout(url, response, options.idleTimeoutMs, abort, () => failure),
        discard: () => {
          response.resume();
          response.on('error', () => undefined);
        },
      });
    });
  });
}

async function* readWithIdleTimeout(
  url: string,
  response: IncomingMessage,
  idleTimeoutMs: number,
  abort: (error: KbSyncError) => void,
  failure: () => KbSyncError | null,
): AsyncGenerator<Buffer> {
  const chunks = response[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let received = 0;
  for (;;) {
    const timer = setTimeout(
      () => abort(new KbSyncError('offline', `${url}: the download stalled (nothing for ${idleTimeoutMs} ms after ${received} bytes)`)),
      idleTimeoutMs,
    );
    let next: IteratorResult<Buffer>;
    try {
      next = await chunks.next();
    } catch (error) {
      throw failure() ?? networkError(url, error, received);
    } finally {
      clearTimeout(timer);
    }
    if (next.done) {
      // Node ends the stream without an error when the peer closes early on a
      // response without Content-Length; `complete` tells the two apart.
      if (!response.complete) throw new KbSyncError('offline', `${url}: the connection closed after ${received} bytes`);
      return;
    }
    received += next.value.length;
    yield next.value;
  }
}

function networkError(url: string, error: unknown, received?: number): KbSyncError {
  const code = (error as { code?: unknown }).code;
  const certificate = describeCertificateError(error);
  const detail = certificate ?? (error instanceof Error ? error.message : String(error));
  const where = received === undefined ? '' : ` after ${received} bytes`;
  return new KbSyncError('offline', `${url}: ${typeof code === 'string' && !certificate ? `${code} ` : ''}${detail}${where}`.trim());
}

function headerValue(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

/** Retry-After is seconds or an HTTP date; capped by the caller's backoff. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
