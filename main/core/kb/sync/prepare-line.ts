/**
 * The CPU-heavy half of writing a record (validate, render Markdown,
 * sanitize, tokenize, pinyin) for one JSON text, as a pure function shared by
 * the prepare worker and the in-thread fallback.
 */
import { isTombstone, parseKbRecord } from '../kb-record.js';
import { prepareRecord, type PreparedRecord } from '../prepare-record.js';
import { KbSyncError } from './kb-sync-error.js';

export function prepareLine(line: string): PreparedRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new KbSyncError('malformed', `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = parseKbRecord(value);
  if (!parsed.ok) throw new KbSyncError('malformed', parsed.message);
  if (isTombstone(parsed.record)) throw new KbSyncError('malformed', 'a tombstone cannot be prepared for writing');
  return prepareRecord(parsed.record);
}
