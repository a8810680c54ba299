/**
 * Parses and checks one change page (the body of `changes/{cursor}.json`).
 * Any problem rejects the whole page, naming the bad entry; nothing of it is
 * applied.
 */
import { isTombstone, parseKbRecord, type KbLiveRecord, type KbRecordKey } from '../kb-record.js';
import { KbSyncError } from './kb-sync-error.js';
import { changePageSchema, recordKey } from './sync-protocol.js';

export interface ChangePage {
  readonly cursor: string;
  readonly next: string;
  readonly version: string;
  readonly more: boolean;
  readonly upserts: readonly KbLiveRecord[];
  readonly deletes: readonly KbRecordKey[];
}

export function parseChangePage(body: Buffer, requestedCursor: string, what: string): ChangePage {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new KbSyncError('malformed', `${what}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const frame = changePageSchema.safeParse(value);
  if (!frame.success) {
    const issue = frame.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    throw new KbSyncError('malformed', `${what}: not a change page (${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'})`);
  }
  const page = frame.data;
  if (page.cursor !== requestedCursor) {
    throw new KbSyncError('malformed', `${what}: the page is for cursor "${page.cursor}", not "${requestedCursor}"`);
  }
  if (page.next === page.cursor && (page.changes.length > 0 || page.more)) {
    throw new KbSyncError('malformed', `${what}: a page whose next cursor is its own must be empty and final`);
  }
  const upserts: KbLiveRecord[] = [];
  const deletes: KbRecordKey[] = [];
  const seen = new Set<string>();
  page.changes.forEach((entry, index) => {
    const parsed = parseKbRecord(entry);
    if (!parsed.ok) throw new KbSyncError('malformed', `${what}: changes[${index}]: ${parsed.message}`);
    const { record } = parsed;
    const key = recordKey(record.kind, record.id);
    if (seen.has(key)) throw new KbSyncError('malformed', `${what}: changes[${index}]: ${record.kind} "${record.id}" appears twice in one page`);
    seen.add(key);
    if (isTombstone(record)) deletes.push({ kind: record.kind, id: record.id });
    else upserts.push(record);
  });
  return { cursor: page.cursor, next: page.next, version: page.version, more: page.more, upserts, deletes };
}
