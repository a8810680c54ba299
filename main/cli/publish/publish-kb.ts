/**
 * `kb:publish` as a function: source → a folder any static web server can
 * serve to seats (layout and framing in main/core/kb/sync/PROTOCOL.md):
 *
 * ```
 *   OUTDIR/snapshot.ndjson.gz        every live record, header + end line
 *   OUTDIR/changes/{cursor}.json     what changed after {cursor}; the newest
 *                                    cursor's page is empty ("up to date")
 *   OUTDIR/publication.json          the publisher's memory (history, tombstones)
 * ```
 * Changes are computed against the previous publication in OUTDIR. A source
 * with bad rows publishes nothing; a publication is staged and committed by
 * renames (staging.ts), so OUTDIR is never half written.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { KbLiveRecord, KbRecord } from '../../core/kb/kb-record.js';
import { readKbSource, type KbSourceError } from '../../core/kb/source/read-kb-source.js';
import { decodeBody } from '../../core/kb/sync/decode-body.js';
import { readSnapshot } from '../../core/kb/sync/snapshot-reader.js';
import { changesFolder, kbSyncProtocol, recordKey, snapshotFileName } from '../../core/kb/sync/sync-protocol.js';
import { diffRecords } from './diff-records.js';
import {
  headCursor,
  manifestFileName,
  pageCursor,
  readManifest,
  type HistoryEntry,
  type PublicationManifest,
} from './publication-manifest.js';
import { abandonStaging, commitStaging, lockOutput, prepareStaging, stageFile, stagingDir, stagingFolderName } from './staging.js';

export interface PublishKbOptions {
  /** JSONL file, CSV file, or folder of Markdown files. */
  readonly source: string;
  readonly outDir: string;
  /** Records per change page. Default 500. */
  readonly pageSize?: number;
  /** Publications whose change pages are kept; a seat further behind does a full sync. Default 50. */
  readonly keep?: number;
  readonly now?: () => Date;
}

export type PublishKbResult =
  | { readonly ok: false; readonly errors: readonly KbSourceError[] }
  | {
      readonly ok: true;
      readonly published: boolean;
      readonly version: number;
      readonly cursor: string;
      readonly records: number;
      readonly added: number;
      readonly changed: number;
      readonly deleted: number;
      /** Change pages written for this publication (0 for the first one). */
      readonly pages: number;
      /** An interrupted earlier run's commit was finished first. */
      readonly recovered: boolean;
    };

export async function publishKb(options: PublishKbOptions): Promise<PublishKbResult> {
  const pageSize = options.pageSize ?? 500;
  const keep = options.keep ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error('--page-size must be a whole number ≥ 1');
  if (!Number.isInteger(keep) || keep < 1) throw new Error('--keep must be a whole number ≥ 1');
  const source = readKbSource(options.source);
  if (source.errors.length > 0) return { ok: false, errors: source.errors };

  const { outDir } = options;
  await assertPublicationFolder(outDir);
  await mkdir(outDir, { recursive: true });
  const unlock = await lockOutput(outDir);
  try {
    const recovered = await prepareStaging(outDir);
    try {
      const result = await publishStaged(outDir, source.records, { pageSize, keep, now: (options.now ?? (() => new Date()))() });
      return { ...result, recovered };
    } catch (error) {
      await abandonStaging(outDir);
      throw error;
    }
  } finally {
    await unlock();
  }
}

async function publishStaged(
  outDir: string,
  sourceRecords: readonly KbRecord[],
  { pageSize, keep, now }: { pageSize: number; keep: number; now: Date },
): Promise<Omit<Extract<PublishKbResult, { ok: true }>, 'recovered'>> {
  const manifest = await readManifest(outDir);
  const previous = manifest ? await readPublishedRecords(outDir, manifest) : new Map<string, KbLiveRecord>();
  const tombstones = new Map((manifest?.tombstones ?? []).map((t) => [recordKey(t.kind, t.id), t.version]));
  const publishedAt = now.toISOString();
  const diff = diffRecords(previous, sourceRecords, tombstones, publishedAt);
  const unchanged = { records: diff.records.length, added: 0, changed: 0, deleted: 0, pages: 0 };
  if (manifest && diff.changes.length === 0) {
    await abandonStaging(outDir);
    return { ok: true, published: false, version: manifest.version, cursor: manifest.cursor, ...unchanged };
  }

  const lineage = manifest?.lineage ?? randomBytes(6).toString('hex');
  const version = (manifest?.version ?? 0) + 1;
  const cursor = headCursor(lineage, version);
  const page = (file: string) => `${changesFolder}/${file}`;

  // Pages of this publication's changes: the first at the old head cursor.
  const pageFiles: string[] = [];
  if (manifest) {
    const chunks = chunk(diff.changes, pageSize);
    for (const [index, changes] of chunks.entries()) {
      const from = index === 0 ? manifest.cursor : pageCursor(lineage, version, index);
      const last = index === chunks.length - 1;
      const next = last ? cursor : pageCursor(lineage, version, index + 1);
      const file = `${from}.json`;
      await stageFile(outDir, page(file), pageJson(from, next, version, !last, changes));
      pageFiles.push(file);
    }
  }
  await stageFile(outDir, page(`${cursor}.json`), pageJson(cursor, cursor, version, false, []));
  await writeSnapshot(join(stagingDir(outDir), snapshotFileName), diff.records, { cursor, version, publishedAt });

  const entry: HistoryEntry | null = manifest
    ? { version, cursor, from: manifest.cursor, publishedAt, upserts: diff.added + diff.changed, deletes: diff.deleted, pages: pageFiles }
    : null;
  const history = entry ? [entry, ...(manifest?.history ?? [])] : [];
  const kept = history.slice(0, keep);
  const dropped = history.slice(keep);
  const nextTombstones = new Map(tombstones);
  for (const change of diff.changes) {
    const key = recordKey(change.kind, change.id);
    if (change.deleted === true) nextTombstones.set(key, change.version);
    else nextTombstones.delete(key);
  }
  const counts = { article: 0, phrase: 0, contact: 0, synonym: 0 };
  for (const record of diff.records) counts[record.kind] += 1;
  const nextManifest: PublicationManifest = {
    format: 'hotseat-kb-publication',
    protocol: kbSyncProtocol,
    lineage,
    version,
    cursor,
    publishedAt,
    counts,
    history: kept,
    tombstones: [...nextTombstones].map(([key, v]) => {
      const [kind, id] = key.split('\u0000') as [KbRecord['kind'], string];
      return { kind, id, version: v };
    }),
  };
  await stageFile(outDir, manifestFileName, `${JSON.stringify(nextManifest, null, 2)}\n`);

  const [firstPage, ...laterPages] = pageFiles;
  await commitStaging(outDir, {
    // New pages first, then the old head page that now links to them, then the entry points.
    moves: [
      ...laterPages.map(page),
      page(`${cursor}.json`),
      ...(firstPage ? [page(firstPage)] : []),
      snapshotFileName,
      manifestFileName,
    ],
    prune: dropped.flatMap((e) => e.pages.map(page)),
  });
  return {
    ok: true,
    published: true,
    version,
    cursor,
    records: diff.records.length,
    added: diff.added,
    changed: diff.changed,
    deleted: diff.deleted,
    pages: pageFiles.length,
  };
}

function pageJson(cursor: string, next: string, version: number, more: boolean, changes: readonly KbRecord[]): string {
  return `${JSON.stringify({ type: 'changes', protocol: kbSyncProtocol, cursor, next, version, more, changes })}\n`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

async function writeSnapshot(
  path: string,
  records: readonly KbLiveRecord[],
  header: { cursor: string; version: number; publishedAt: string },
): Promise<void> {
  function* lines(): Generator<string> {
    yield `${JSON.stringify({ type: 'snapshot', protocol: kbSyncProtocol, ...header, count: records.length })}\n`;
    // Batches keep the stream fast without building one giant string.
    for (let i = 0; i < records.length; i += 200) {
      yield records
        .slice(i, i + 200)
        .map((r) => `${JSON.stringify(r)}\n`)
        .join('');
    }
    yield `${JSON.stringify({ type: 'end', count: records.length, cursor: header.cursor })}\n`;
  }
  await pipeline(Readable.from(lines()), createGzip({ level: 6 }), createWriteStream(path));
  const written = await open(path, 'r');
  await written.sync();
  await written.close();
}

async function readPublishedRecords(outDir: string, manifest: PublicationManifest): Promise<Map<string, KbLiveRecord>> {
  const path = join(outDir, snapshotFileName);
  const records = new Map<string, KbLiveRecord>();
  const header = await readSnapshot(
    decodeBody(createReadStream(path) as AsyncIterable<Buffer>, { what: path, contentEncoding: '', maxBytes: Number.MAX_SAFE_INTEGER }),
    {
      records: (batch) => {
        for (const record of batch) if (record.deleted !== true) records.set(recordKey(record.kind, record.id), record);
      },
    },
    { what: path, maxLineChars: 16 * 1024 * 1024, checkDuplicates: true },
  );
  if (header.cursor !== manifest.cursor) {
    throw new Error(`${path} is at cursor ${header.cursor} but ${manifestFileName} says ${manifest.cursor}: the folder was changed by hand`);
  }
  return records;
}

/** Refuses to write into a folder that has other things in it than a publication. */
async function assertPublicationFolder(outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const ours = new Set([manifestFileName, snapshotFileName, changesFolder, stagingFolderName, '.publish.lock']);
  const strangers = entries.filter((e) => !ours.has(e));
  if (!entries.includes(manifestFileName) && strangers.length > 0) {
    throw new Error(`${outDir} is not empty and holds no publication (found ${strangers.slice(0, 3).join(', ')}): choose an empty or new folder`);
  }
}
