/**
 * Compares a source with the previous publication and decides every
 * record's published version. The publisher owns versions, so an editor
 * never has to bump them by hand:
 *
 * - unchanged content (all fields but version/updatedAt) → kept as published,
 *   even if the source's own version or date differ;
 * - changed → version = max(source version, previous + 1), updatedAt = the
 *   source's if it is later than the previous one, else now;
 * - new → the source's version (above a tombstone's, if the record was deleted before);
 * - gone from the source (or a tombstone in it) → a tombstone with previous + 1.
 */
import { isTombstone, recordKey, type KbLiveRecord, type KbRecord, type KbTombstone } from '../../core/public-kb.js';

export interface RecordDiff {
  /** The next snapshot: every live record, sorted by kind then id. */
  readonly records: KbLiveRecord[];
  /** Upserts and tombstones since the previous publication, sorted by kind then id. */
  readonly changes: KbRecord[];
  readonly added: number;
  readonly changed: number;
  readonly deleted: number;
}

export function diffRecords(
  previous: ReadonlyMap<string, KbLiveRecord>,
  source: readonly KbRecord[],
  tombstoneVersions: ReadonlyMap<string, number>,
  now: string,
): RecordDiff {
  const records: KbLiveRecord[] = [];
  const changes: KbRecord[] = [];
  const present = new Set<string>();
  let added = 0;
  let changed = 0;
  for (const record of source) {
    if (isTombstone(record)) continue;
    const key = recordKey(record.kind, record.id);
    present.add(key);
    const before = previous.get(key);
    if (!before) {
      const floor = (tombstoneVersions.get(key) ?? 0) + 1;
      const fresh = { ...record, version: Math.max(record.version, floor) };
      records.push(fresh);
      changes.push(fresh);
      added += 1;
    } else if (contentOf(before) === contentOf(record)) {
      records.push(before);
    } else {
      const next = {
        ...record,
        version: Math.max(record.version, before.version + 1),
        updatedAt: Date.parse(record.updatedAt) > Date.parse(before.updatedAt) ? record.updatedAt : now,
      };
      records.push(next);
      changes.push(next);
      changed += 1;
    }
  }
  let deleted = 0;
  for (const [key, before] of previous) {
    if (present.has(key)) continue;
    const tombstone: KbTombstone = { kind: before.kind, id: before.id, version: before.version + 1, updatedAt: now, deleted: true };
    changes.push(tombstone);
    deleted += 1;
  }
  records.sort(byKey);
  changes.sort(byKey);
  return { records, changes, added, changed, deleted };
}

function byKey(a: KbRecord, b: KbRecord): number {
  return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Canonical JSON of everything but version, updatedAt and `deleted: false` (keys sorted, so field order does not matter). */
export function contentOf(record: KbLiveRecord): string {
  const { version: _v, updatedAt: _u, deleted: _d, ...content } = record;
  return canonicalJson(content);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
