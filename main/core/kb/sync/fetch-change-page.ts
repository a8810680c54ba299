/**
 * One request for the change page after a cursor, classified:
 *
 * - 200 → the parsed, fully checked page (or a `malformed` error: nothing of it is applied)
 * - 304 → `not-modified`: the page we hold an ETag for is unchanged, nothing new
 * - 404 / 410 → `gone`: the centre does not know (or no longer keeps) the cursor
 * - anything else → a KbSyncError (retryable for 5xx, 408, 429)
 */
import { createHash } from 'node:crypto';
import { parseChangePage, type ChangePage } from './change-page.js';
import { decodeBody, readAll } from './decode-body.js';
import { httpGet } from './http-get.js';
import { statusError } from './status-error.js';
import { changesUrl } from './sync-protocol.js';
import type { SyncTuning } from './sync-tuning.js';

export type ChangePageAnswer =
  | { readonly kind: 'page'; readonly page: ChangePage; readonly etag: string | null; readonly sha256: string }
  | { readonly kind: 'not-modified' }
  | { readonly kind: 'gone'; readonly status: number };

export async function fetchChangePage(
  sourceUrl: string,
  cursor: string,
  etag: string | null,
  tuning: SyncTuning,
  onRequest?: (url: string) => void,
): Promise<ChangePageAnswer> {
  const url = changesUrl(sourceUrl, cursor, tuning.pageLimit);
  onRequest?.(url);
  const response = await httpGet(url, { timeoutMs: tuning.timeoutMs, idleTimeoutMs: tuning.idleTimeoutMs, etag });
  switch (response.status) {
    case 200: {
      const body = await readAll(decodeBody(response.rawBody(), { what: url, contentEncoding: response.contentEncoding, maxBytes: tuning.maxPageBytes }));
      return { kind: 'page', page: parseChangePage(body, cursor, url), etag: response.etag, sha256: createHash('sha256').update(body).digest('hex') };
    }
    case 304:
      response.discard();
      return { kind: 'not-modified' };
    case 404:
    case 410:
      response.discard();
      return { kind: 'gone', status: response.status };
    default:
      response.discard();
      throw statusError(url, response.status, response.retryAfterMs);
  }
}
