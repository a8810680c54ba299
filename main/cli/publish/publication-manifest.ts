/**
 * `publication.json`: the publisher's own memory of an output folder — which
 * lineage it is, the current version and cursor, which change pages belong
 * to which publication (so old ones can be pruned), and the last version of
 * every deleted record (so a record that comes back gets a higher version).
 * Seats never read it; it is served harmlessly with the rest.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { cursorPattern, kbRecordKinds, kbSyncProtocol } from '../../core/public-kb.js';

export const manifestFileName = 'publication.json';

const historyEntrySchema = z.object({
  version: z.int().min(1),
  cursor: z.string().regex(cursorPattern),
  /** The cursor this publication's changes start from. */
  from: z.string().regex(cursorPattern),
  publishedAt: z.string(),
  upserts: z.int().nonnegative(),
  deletes: z.int().nonnegative(),
  /** Files under changes/ holding this publication's changes (the first one is `${from}.json`). */
  pages: z.array(z.string()),
});
export type HistoryEntry = z.output<typeof historyEntrySchema>;

export const manifestSchema = z.object({
  format: z.literal('hotseat-kb-publication'),
  protocol: z.literal(kbSyncProtocol),
  /** Random per output folder: cursors of another folder (or a folder rebuilt from scratch) never match. */
  lineage: z.string().regex(/^[a-z0-9]{4,32}$/),
  version: z.int().min(1),
  cursor: z.string().regex(cursorPattern),
  publishedAt: z.string(),
  counts: z.partialRecord(z.enum(kbRecordKinds), z.int().nonnegative()),
  /** Newest first. */
  history: z.array(historyEntrySchema),
  tombstones: z.array(z.object({ kind: z.enum(kbRecordKinds), id: z.string(), version: z.int().min(1) })),
  /** The newest intended shrink (`--allow-shrink`), carried into every later manifest.json. */
  shrink: z.object({ version: z.int().min(1), from: z.int().nonnegative(), to: z.int().nonnegative() }).nullable().optional(),
});
export type PublicationManifest = z.output<typeof manifestSchema>;

/** Null when the folder has no publication yet. Throws with a clear message if it is damaged. */
export async function readManifest(outDir: string): Promise<PublicationManifest | null> {
  let text: string;
  try {
    text = await readFile(join(outDir, manifestFileName), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`${join(outDir, manifestFileName)} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function headCursor(lineage: string, version: number): string {
  return `${lineage}-${version}`;
}

/** Cursor after page `page` (1-based) of publication `version`, when it has more pages. */
export function pageCursor(lineage: string, version: number, page: number): string {
  return `${lineage}-${version}-p${page}`;
}
