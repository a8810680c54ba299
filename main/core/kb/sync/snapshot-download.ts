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
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeBody } from './decode-body.js';
import { httpGet } from './http-get.js';
import { statusError } from './status-error.js';
import { readSnapshot } from './snapshot-reader.js';
import type { PendingSnapshot } from './sync-state-queries.js';
import { snapshotUrl } from './sync-protocol.js';
import type { SyncTuning } from './sync-tuning.js';
import type { ProgressReporter } from './sync-progress.js';

export interface SnapshotDownloadOptions {
  readonly sourceUrl: string;
  readonly spoolDir: string;
  readonly tuning: SyncTuning;
  readonly progress: ProgressReporter;
  /** Counts HTTP requests (the run reports them). */
  readonly onRequest?: (url: string) => void;
}

/** One attempt; the caller retries retryable failures. */
export async function downloadSnapshot(options: SnapshotDownloadOptions): Promise<PendingSnapshot> {
  const { tuning, progress } = options;
  const url = snapshotUrl(options.sourceUrl);
  options.onRequest?.(url);
  const response = await httpGet(url, { timeoutMs: tuning.timeoutMs, idleTimeoutMs: tuning.idleTimeoutMs });
  if (response.status !== 200) {
    response.discard();
    throw statusError(url, response.status, response.retryAfterMs);
  }
  await mkdir(options.spoolDir, { recursive: true });
  const name = `snapshot-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const partPath = join(options.spoolDir, `${name}.part`);
  const file = await open(partPath, 'w');
  const hash = createHash('sha256');
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
      decodeBody(tee(), { what: url, contentEncoding: response.contentEncoding, maxBytes: tuning.maxSnapshotBytes }),
      {
        header: (h) => progress.phase('downloading', h.count),
        records: (batch) => progress.received(batch.length),
      },
      { what: url, maxLineChars: tuning.maxLineChars, checkDuplicates: true },
    );
    // The verified bytes must be on disk before the database points at them.
    await file.sync();
    await file.close();
    await rename(partPath, join(options.spoolDir, `${name}.snapshot`));
    return {
      sourceUrl: options.sourceUrl,
      cursor: header.cursor,
      version: header.version,
      count: header.count,
      file: `${name}.snapshot`,
      sha256: hash.digest('hex'),
      contentEncoding: response.contentEncoding,
      applied: 0,
    };
  } catch (error) {
    await file.close().catch(() => undefined);
    await unlink(partPath).catch(() => undefined);
    throw error;
  }
}
