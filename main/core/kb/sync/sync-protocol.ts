/**
 * The wire format of the KB sync protocol (see PROTOCOL.md next to this
 * file): where the files are, and the framing of the snapshot and of a change
 * page. Shared by the seat's sync client and the `kb:publish` tool, so what
 * one writes the other reads.
 */
import { z } from 'zod';

/** Bumped only for a change an older seat could misread. */
export const kbSyncProtocol = 1;

/** The snapshot, relative to the base URL. gzip is optional (sniffed). */
export const snapshotFileName = 'snapshot.ndjson.gz';

/** Folder of change pages, relative to the base URL. */
export const changesFolder = 'changes';

/**
 * Cursors are opaque to the seat but end up in a URL path segment and a file
 * name, so they are restricted to characters that need no escaping anywhere.
 */
export const cursorPattern = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$/;

const cursor = z.string().regex(cursorPattern, { error: 'cursor must be 1–200 characters of A–Z a–z 0–9 . _ ~ - (not starting with a dot)' });
/** Publication version as shown to the agent ("KB version 42"); numbers are kept as text. */
const version = z.union([z.int().nonnegative(), z.string().min(1).max(64)]).transform(String);

/** First line of a snapshot. `count` = number of record lines that follow. */
export const snapshotHeaderSchema = z.object({
  type: z.literal('snapshot'),
  protocol: z.literal(kbSyncProtocol, { error: `protocol must be ${kbSyncProtocol}` }),
  cursor,
  version,
  count: z.int().nonnegative(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
});
export type SnapshotHeader = z.output<typeof snapshotHeaderSchema>;

/** Last line of a snapshot: without it the file is truncated. */
export const snapshotTrailerSchema = z.object({
  type: z.literal('end'),
  count: z.int().nonnegative(),
  cursor: cursor.optional(),
});

/**
 * One change page: what changed after `cursor`, up to `next`.
 * `changes` holds live records (upserts) and tombstones (`deleted: true`);
 * each record is validated on its own so the error names the bad one.
 * The up-to-date page has `next === cursor`, no changes and `more: false`.
 */
export const changePageSchema = z.object({
  type: z.literal('changes'),
  protocol: z.literal(kbSyncProtocol, { error: `protocol must be ${kbSyncProtocol}` }),
  cursor,
  next: cursor,
  version,
  more: z.boolean(),
  changes: z.array(z.unknown()).max(100_000),
});
export type ChangePageFrame = z.output<typeof changePageSchema>;

function baseWithSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/** `{base}/snapshot.ndjson.gz` */
export function snapshotUrl(base: string): string {
  return new URL(snapshotFileName, baseWithSlash(base)).href;
}

/**
 * `{base}/changes/{cursor}.json?limit=N` — a static server ignores the query
 * and serves the file; a dynamic server may honour `limit`.
 */
export function changesUrl(base: string, fromCursor: string, limit: number): string {
  if (!cursorPattern.test(fromCursor)) throw new Error(`not a valid cursor: ${JSON.stringify(fromCursor.slice(0, 80))}`);
  const url = new URL(`${changesFolder}/${fromCursor}.json`, baseWithSlash(base));
  url.searchParams.set('limit', String(limit));
  return url.href;
}

/** Identity of a record across kinds, for sets and maps. */
export function recordKey(kind: string, id: string): string {
  return `${kind}\u0000${id}`;
}
