/**
 * Reads a snapshot (decoded NDJSON) and checks its framing:
 *
 * ```
 *   line 1        {"type":"snapshot","protocol":1,"cursor":"…","version":…,"count":N}
 *   lines 2…N+1   one record each (live records; a tombstone is allowed and means "absent")
 *   line N+2      {"type":"end","count":N}
 * ```
 * Blank lines are ignored. A missing end line, a count that does not match,
 * a line that is not JSON or not a valid record, a duplicate record or
 * anything after the end line rejects the WHOLE snapshot with the line
 * number; the caller applies nothing until the reader has finished.
 */
import { parseKbRecord, type KbRecord } from '../kb-record.js';
import { KbSyncError } from './kb-sync-error.js';
import { ndjsonLines } from './ndjson-lines.js';
import { recordKey, snapshotHeaderSchema, snapshotTrailerSchema, type SnapshotHeader } from './sync-protocol.js';

export interface SnapshotHandlers {
  header?(header: SnapshotHeader): void | Promise<void>;
  /** Records in file order; awaited, so a slow consumer slows the reader. */
  records?(batch: readonly KbRecord[]): void | Promise<void>;
}

export interface SnapshotReadOptions {
  readonly what: string;
  readonly maxLineChars: number;
  /** Check that no record appears twice (costs a set of every key). */
  readonly checkDuplicates: boolean;
}

export async function readSnapshot(decoded: AsyncIterable<Buffer>, handlers: SnapshotHandlers, options: SnapshotReadOptions): Promise<SnapshotHeader> {
  const { what } = options;
  let header: SnapshotHeader | null = null;
  let records = 0;
  let ended = false;
  const seen = options.checkDuplicates ? new Set<string>() : null;
  const bad = (line: number, message: string) => new KbSyncError('malformed', `${what} line ${line}: ${message}`);

  for await (const lines of ndjsonLines(decoded, what, options.maxLineChars)) {
    const batch: KbRecord[] = [];
    for (const line of lines) {
      if (line.text.trim() === '') continue;
      if (ended) throw bad(line.number, 'data after the end line');
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch (error) {
        throw bad(line.number, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      if (!header) {
        const parsed = snapshotHeaderSchema.safeParse(value);
        if (!parsed.success) throw bad(line.number, `not a snapshot header (${parsed.error.issues[0]?.message ?? 'invalid'})`);
        header = parsed.data;
        await handlers.header?.(header);
        continue;
      }
      if (records === header.count) {
        const trailer = snapshotTrailerSchema.safeParse(value);
        if (!trailer.success) throw bad(line.number, `expected the end line after ${header.count} records`);
        if (trailer.data.count !== header.count) {
          throw bad(line.number, `the end line counts ${trailer.data.count} records, the header ${header.count}`);
        }
        if (trailer.data.cursor !== undefined && trailer.data.cursor !== header.cursor) {
          throw bad(line.number, 'the end line names another cursor than the header');
        }
        ended = true;
        continue;
      }
      const parsed = parseKbRecord(value);
      if (!parsed.ok) throw bad(line.number, parsed.message);
      if (seen) {
        const key = recordKey(parsed.record.kind, parsed.record.id);
        if (seen.has(key)) throw bad(line.number, `${parsed.record.kind} "${parsed.record.id}" appears twice`);
        seen.add(key);
      }
      records += 1;
      batch.push(parsed.record);
    }
    if (batch.length > 0) await handlers.records?.(batch);
  }
  if (!header) throw new KbSyncError('malformed', `${what}: empty (no header line)`);
  if (!ended) {
    throw new KbSyncError(
      'malformed',
      `${what}: truncated — the header announced ${header.count} records and an end line, but the file ends after ${records} records`,
    );
  }
  return header;
}
