/**
 * Downloads the snapshot to a spool file and verifies ALL of it (framing,
 * every record, no duplicates) before anything is applied. The spool keeps
 * the raw bytes as received (still gzipped) and their SHA-256, so a crash
 * while applying resumes from the file instead of downloading again.
 *
 * ```
 *   GET snapshot ──▶ raw bytes ──┬──▶ spool file (.part) + sha256
 *                                └──▶ decode ──▶ readSnapshot (verify, count)
 *   verified ──▶ rename .part → .snapshot ──▶ PendingSnapshot
 *   any error ──▶ delete .part, nothing recorded
 * ```
 * It also hashes the decoded NDJSON (what a signed manifest lists) and keeps
 * the live records' keys (shrink protection compares them with the cache).
 * With `ifNoneMatch` / `ifModifiedSince` (a snapshot refused before), a 304
 * answer means the same file is still published: nothing is downloaded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeBody } from './decode-body.js';
import { httpGet } from './http-get.js';
import { statusError } from './status-error.js';
import { readSnapshot } from './snapshot-reader.js';
import type { PendingSnapshot } from './sync-state-queries.js';
import { recordKey, snapshotUrl } from './sync-protocol.js';
import type { SyncTuning } from './sync-tuning.js';
import type { ProgressReporter } from './sync-progress.js';

export interface SnapshotDownloadOptions {
  readonly sourceUrl: string;
  readonly spoolDir: string;
  readonly tuning: SyncTuning;
  readonly progress: ProgressReporter;
  /** Counts HTTP requests (the run reports them). */
  readonly onRequest?: (url: string) => void;
  /** Validators of a snapshot refused before: a 304 means it is still the same. */
  readonly ifNoneMatch?: string | null;
  readonly ifModifiedSince?: string | null;
  /** The response's validators, as soon as the headers are in (to remember a refused snapshot by). */
  readonly onValidators?: (validators: { etag: string | null; lastModified: string | null }) => void;
}

export interface DownloadedSnapshot {
  readonly pending: PendingSnapshot;
  /** SHA-256 of the decoded NDJSON. */
  readonly decodedSha256: string;
  /** `recordKey`s of the live (not tombstone) records. */
  readonly liveKeys: ReadonlySet<string>;
}

/** One attempt; the caller retries retryable failures. Null: 304, the refused snapshot is unchanged. */
export async function downloadSnapshot(options: SnapshotDownloadOptions): Promise<DownloadedSnapshot | null> {
  const { tuning, progress } = options;
  const url = snapshotUrl(options.sourceUrl);
  options.onRequest?.(url);
  const response = await httpGet(url, {
    timeoutMs: tuning.timeoutMs,
    idleTimeoutMs: tuning.idleTimeoutMs,
    etag: options.ifNoneMatch ?? null,
    ifModifiedSince: options.ifModifiedSince ?? null,
  });
  if (response.status === 304 && (options.ifNoneMatch || options.ifModifiedSince)) {
    response.discard();
    return null;
  }
  options.onValidators?.({ etag: response.etag, lastModified: response.lastModified });
  if (response.status !== 200) {
    response.discard();
    throw statusError(url, response.status, response.retryAfterMs);
  }
  await mkdir(options.spoolDir, { recursive: true });
  const name = `snapshot-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const partPath = join(options.spoolDir, `${name}.part`);
  const file = await open(partPath, 'w');
  const hash = createHash('sha256');
  const decodedHash = createHash('sha256');
  const liveKeys = new Set<string>();
  async function* hashDecoded(decoded: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of decoded) {
      decodedHash.update(chunk);
      yield chunk;
    }
  }
  async function* tee(): AsyncGenerator<Buffer> {
    for await (const chunk of response.rawBody()) {
      hash.update(chunk);
      await file.write(chunk);
      yield chunk;
    }
  }
  try {
    progress.phase('downloading');
    const header = await readSnapshot(
      hashDecoded(decodeBody(tee(), { what: url, contentEncoding: response.contentEncoding, maxBytes: tuning.maxSnapshotBytes })),
      {
        header: (h) => progress.phase('downloading', h.count),
        records: (batch) => {
          for (const record of batch) if (record.deleted !== true) liveKeys.add(recordKey(record.kind, record.id));
          progress.received(batch.length);
        },
      },
      { what: url, maxLineChars: tuning.maxLineChars, checkDuplicates: true },
    );
    // The verified bytes must be on disk before the database points at them.
    await file.sync();
    await file.close();
    await rename(partPath, join(options.spoolDir, `${name}.snapshot`));
    const pending: PendingSnapshot = {
      sourceUrl: options.sourceUrl,
      cursor: header.cursor,
      version: header.version,
      count: header.count,
      file: `${name}.snapshot`,
      sha256: hash.digest('hex'),
      contentEncoding: response.contentEncoding,
      applied: 0,
    };
    return { pending, decodedSha256: decodedHash.digest('hex'), liveKeys };
  } catch (error) {
    await file.close().catch(() => undefined);
    await unlink(partPath).catch(() => undefined);
    throw error;
  }
}
