/**
 * `kb:publish` as a function: source → a folder any static web server can
 * serve to seats (layout and framing in main/core/kb/sync/PROTOCOL.md):
 *
 * ```
 *   OUTDIR/snapshot.ndjson.gz        every live record, header + end line
 *   OUTDIR/changes/{cursor}.json     what changed after {cursor}; the newest
 *                                    cursor's page is empty ("up to date")
 *   OUTDIR/manifest.json             digests of the snapshot and every page,
 *                                    signed with the centre's Ed25519 key (signed-manifest.ts)
 *   OUTDIR/publication.json          the publisher's memory (history, tombstones)
 * ```
 * Changes are computed against the previous publication in OUTDIR. A source
 * with bad rows publishes nothing; a publication is staged and committed by
 * renames (staging.ts), so OUTDIR is never half written.
 *
 * A publication that would empty the KB, or remove more than half of the
 * previous one's records, is refused unless `allowShrink` is set; the
 * manifest then says so, and only then do seats accept that shrink.
 */
import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import {
  changesFolder,
  decodeBody,
  formatPublicKey,
  kbSyncProtocol,
  manifestFile,
  readKbSource,
  readManifest as readSeatManifest,
  readSnapshot,
  recordKey,
  snapshotFileName,
  writeManifest,
  type KbLiveRecord,
  type KbRecord,
  type KbSourceError,
  type ManifestPayload,
} from '../../core/public-kb.js';
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
  /** Signs manifest.json (Ed25519, PKCS#8 key from `kb:keygen`). */
  readonly signingKey?: KeyObject | null;
  /** Publish even if the KB becomes empty or loses more than half of its records; the manifest says so. */
  readonly allowShrink?: boolean;
  /** Publish unsigned over a signed publication (seats holding the key will refuse it). */
  readonly allowUnsigned?: boolean;
  readonly now?: () => Date;
}

export type PublishKbResult =
  | { readonly ok: false; readonly errors: readonly KbSourceError[]; readonly refused?: undefined }
  /** The source is fine but publishing it was refused (empty, a shrink, unsigned over signed); nothing written. */
  | { readonly ok: false; readonly errors: readonly []; readonly refused: string }
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
      /** manifest.json is signed. */
      readonly signed: boolean;
      /** This publication is an intended shrink (`allowShrink`). */
      readonly shrink: boolean;
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
      const result = await publishStaged(outDir, source.records, {
        pageSize,
        keep,
        now: (options.now ?? (() => new Date()))(),
        signingKey: options.signingKey ?? null,
        allowShrink: options.allowShrink ?? false,
        allowUnsigned: options.allowUnsigned ?? false,
      });
      return result.ok ? { ...result, recovered } : result;
    } catch (error) {
      await abandonStaging(outDir);
      throw error;
    }
  } finally {
    await unlock();
  }
}

interface StagedOptions {
  readonly pageSize: number;
  readonly keep: number;
  readonly now: Date;
  readonly signingKey: KeyObject | null;
  readonly allowShrink: boolean;
  readonly allowUnsigned: boolean;
}

async function publishStaged(
  outDir: string,
  sourceRecords: readonly KbRecord[],
  { pageSize, keep, now, signingKey, allowShrink, allowUnsigned }: StagedOptions,
): Promise<Omit<Extract<PublishKbResult, { ok: true }>, 'recovered'> | Extract<PublishKbResult, { refused: string }>> {
  const manifest = await readManifest(outDir);
  const previous = manifest ? await readPublishedRecords(outDir, manifest) : new Map<string, KbLiveRecord>();
  const tombstones = new Map((manifest?.tombstones ?? []).map((t) => [recordKey(t.kind, t.id), t.version]));
  const publishedAt = now.toISOString();
  const diff = diffRecords(previous, sourceRecords, tombstones, publishedAt);
  const refuse = async (refused: string) => {
    await abandonStaging(outDir);
    return { ok: false as const, errors: [] as const, refused };
  };
  const previousSeatManifest = await readFile(join(outDir, manifestFile)).then(
    (body) => readSeatManifest(body, null),
    () => null,
  );
  const previouslySigned = previousSeatManifest?.ok === true && previousSeatManifest.signed;
  if (previouslySigned && !signingKey && !allowUnsigned) {
    return refuse(
      `the previous publication in ${outDir} is signed and this one would not be: seats holding the centre key would refuse it. ` +
        'Pass --sign-key FILE (or --unsigned to publish without a signature on purpose)',
    );
  }
  const unchanged = { records: diff.records.length, added: 0, changed: 0, deleted: 0, pages: 0, shrink: false };
  if (manifest && diff.changes.length === 0) {
    // Nothing new; (re)write only manifest.json if it is missing or not signed as asked.
    const upToDate = previousSeatManifest?.ok === true && previousSeatManifest.signed === (signingKey !== null) && (!signingKey || (await signedBy(outDir, signingKey)));
    if (upToDate) {
      await abandonStaging(outDir);
      return { ok: true, published: false, version: manifest.version, cursor: manifest.cursor, signed: previouslySigned, ...unchanged };
    }
    const snapshot = await digestOfSnapshot(outDir);
    const payload = seatManifest(manifest, snapshot, await pageDigests(outDir, new Map(), []), manifest.shrink ?? null);
    await stageFile(outDir, manifestFile, writeManifest(payload, signingKey));
    await commitStaging(outDir, { moves: [manifestFile], prune: [] });
    return { ok: true, published: false, version: manifest.version, cursor: manifest.cursor, signed: signingKey !== null, ...unchanged };
  }
  const isShrink = diff.records.length === 0 || (previous.size > 0 && diff.deleted * 2 > previous.size);
  if (isShrink && !allowShrink) {
    return refuse(
      diff.records.length === 0
        ? 'the source holds no records: publishing it would empty the knowledge base of every seat. Pass --allow-shrink if that is what you want'
        : `this publication would remove ${diff.deleted} of the ${previous.size} published records (more than half). ` +
            'Pass --allow-shrink if that is what you want (seats accept such a shrink only when the publication says it was intended)',
    );
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
  const headPage = pageJson(cursor, cursor, version, false, []);
  await stageFile(outDir, page(`${cursor}.json`), headPage);
  const snapshotDigest = await writeSnapshot(join(stagingDir(outDir), snapshotFileName), diff.records, { cursor, version, publishedAt });

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
  const shrink = isShrink ? { version, from: previous.size, to: diff.records.length } : (manifest?.shrink ?? null);
  const nextManifest: PublicationManifest = {
    format: 'hotseat-kb-publication',
    protocol: kbSyncProtocol,
    lineage,
    version,
    cursor,
    publishedAt,
    counts,
    history: kept,
    shrink,
    tombstones: [...nextTombstones].map(([key, v]) => {
      const [kind, id] = key.split('\u0000') as [KbRecord['kind'], string];
      return { kind, id, version: v };
    }),
  };
  await stageFile(outDir, manifestFileName, `${JSON.stringify(nextManifest, null, 2)}\n`);

  // What seats check: the digest of every page that will be in changes/ once committed.
  const pruned = dropped.flatMap((e) => e.pages);
  const staged = new Map<string, string>();
  for (const file of [...pageFiles, `${cursor}.json`]) staged.set(file, await readFile(join(stagingDir(outDir), page(file)), 'utf8'));
  const seatPayload = seatManifest(nextManifest, snapshotDigest, await pageDigests(outDir, staged, pruned), shrink);
  await stageFile(outDir, manifestFile, writeManifest(seatPayload, signingKey));

  const [firstPage, ...laterPages] = pageFiles;
  await commitStaging(outDir, {
    // New pages first, then the old head page that now links to them, then the entry points.
    moves: [
      ...laterPages.map(page),
      page(`${cursor}.json`),
      ...(firstPage ? [page(firstPage)] : []),
      snapshotFileName,
      manifestFile,
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
    signed: signingKey !== null,
    shrink: isShrink,
  };
}

interface SnapshotDigest {
  readonly sha256: string;
  readonly count: number;
}

function seatManifest(manifest: PublicationManifest, snapshot: SnapshotDigest, pages: Record<string, string>, shrink: ManifestPayload['shrink']): ManifestPayload {
  return {
    type: 'manifest',
    protocol: kbSyncProtocol,
    lineage: manifest.lineage,
    version: manifest.version,
    cursor: manifest.cursor,
    publishedAt: manifest.publishedAt,
    records: snapshot.count,
    snapshot,
    pages,
    shrink,
  };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of every page in changes/ after this commit: those on disk, replaced by the staged ones, minus the pruned. */
async function pageDigests(outDir: string, staged: ReadonlyMap<string, string>, pruned: readonly string[]): Promise<Record<string, string>> {
  const digests = new Map<string, string>();
  const onDisk = await readdir(join(outDir, changesFolder)).catch(() => [] as string[]);
  for (const file of onDisk) {
    if (!file.endsWith('.json') || pruned.includes(file) || staged.has(file)) continue;
    digests.set(file, sha256(await readFile(join(outDir, changesFolder, file))));
  }
  for (const [file, text] of staged) digests.set(file, sha256(Buffer.from(text, 'utf8')));
  return Object.fromEntries([...digests].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, digest]) => [file.slice(0, -'.json'.length), digest]));
}

/** Digest of the published snapshot's decoded NDJSON (for a manifest written without a new snapshot). */
async function digestOfSnapshot(outDir: string): Promise<SnapshotDigest> {
  const path = join(outDir, snapshotFileName);
  const hash = createHash('sha256');
  let count = 0;
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of decodeBody(createReadStream(path) as AsyncIterable<Buffer>, { what: path, contentEncoding: '', maxBytes: Number.MAX_SAFE_INTEGER })) {
      hash.update(chunk);
      yield chunk;
    }
  }
  await readSnapshot(hashed(), {
      records: (batch) => {
        count += batch.filter((r) => r.deleted !== true).length;
      },
    }, { what: path, maxLineChars: 16 * 1024 * 1024, checkDuplicates: false });
  return { sha256: hash.digest('hex'), count };
}

/** Whether manifest.json in OUTDIR is signed by this key. */
async function signedBy(outDir: string, key: KeyObject): Promise<boolean> {
  const body = await readFile(join(outDir, manifestFile)).catch(() => null);
  if (!body) return false;
  return readSeatManifest(body, formatPublicKey(createPublicKey(key))).ok;
}

function pageJson(cursor: string, next: string, version: number, more: boolean, changes: readonly KbRecord[]): string {
  return `${JSON.stringify({ type: 'changes', protocol: kbSyncProtocol, cursor, next, version, more, changes })}\n`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Writes the gzipped snapshot; returns the SHA-256 of its decoded NDJSON (what seats check). */
async function writeSnapshot(
  path: string,
  records: readonly KbLiveRecord[],
  header: { cursor: string; version: number; publishedAt: string },
): Promise<SnapshotDigest> {
  const hash = createHash('sha256');
  function* hashed(): Generator<string> {
    for (const text of lines()) {
      hash.update(text, 'utf8');
      yield text;
    }
  }
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
  await pipeline(Readable.from(hashed()), createGzip({ level: 6 }), createWriteStream(path));
  const written = await open(path, 'r');
  await written.sync();
  await written.close();
  return { sha256: hash.digest('hex'), count: records.length };
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
